import * as fs from 'fs';
import { Violation } from './rules/review-rule';

/** One acknowledged violation: the rule, its exact target, and why the change is intended. */
export interface ReviewAcknowledgement {
  readonly rule: string;
  readonly target: string;
  readonly reason: string;
}

export interface AcknowledgementFile {
  readonly acknowledgements: readonly ReviewAcknowledgement[];
}

/** Reads the acknowledgement file; a missing file acknowledges nothing. Malformed entries are errors, each one line. */
export function readAcknowledgements(file: string, knownRules: readonly string[]): { acknowledgements: ReviewAcknowledgement[]; errors: string[] } {
  if (!fs.existsSync(file)) return { acknowledgements: [], errors: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { acknowledgements: [], errors: [`${file}: content = unparsable JSON (${(e as Error).message}): { "acknowledgements": [{ "rule", "target", "reason" }] }`] };
  }
  return parseAcknowledgements(parsed, file, knownRules);
}

export function parseAcknowledgements(parsed: unknown, file: string, knownRules: readonly string[]): { acknowledgements: ReviewAcknowledgement[]; errors: string[] } {
  const list = (parsed as AcknowledgementFile | undefined)?.acknowledgements;
  if (!Array.isArray(list)) return { acknowledgements: [], errors: [`${file}: acknowledgements = ${JSON.stringify(list)}: an array of { "rule", "target", "reason" }`] };
  const acknowledgements: ReviewAcknowledgement[] = [];
  const errors: string[] = [];
  list.forEach((entry: Partial<ReviewAcknowledgement>, i) => {
    const at = `${file}: acknowledgements[${i}]`;
    const before = errors.length;
    if (typeof entry?.rule !== 'string' || !knownRules.includes(entry.rule)) errors.push(`${at}.rule = ${JSON.stringify(entry?.rule)}: one of ${knownRules.join(', ')}`);
    if (typeof entry?.target !== 'string' || entry.target.trim() === '') errors.push(`${at}.target = ${JSON.stringify(entry?.target)}: the violation's target as the report prints it`);
    if (typeof entry?.reason !== 'string' || entry.reason.trim() === '') errors.push(`${at}.reason = ${JSON.stringify(entry?.reason)}: a non-empty reason why the change is intended`);
    if (errors.length === before) acknowledgements.push({ rule: entry.rule!, target: entry.target!, reason: entry.reason! });
  });
  return { acknowledgements, errors };
}

/** Splits violations into open and acknowledged; lists acknowledgements that match nothing (stale). */
export function applyAcknowledgements(violations: readonly Violation[], acknowledgements: readonly ReviewAcknowledgement[]) {
  const matches = (a: ReviewAcknowledgement, v: Violation) => a.rule === v.rule && a.target === v.target;
  const open = violations.filter((v) => !acknowledgements.some((a) => matches(a, v)));
  const acknowledged = violations.flatMap((v) => acknowledgements.filter((a) => matches(a, v)).slice(0, 1).map((a) => ({ ...v, reason: a.reason })));
  const stale = acknowledgements.filter((a) => !violations.some((v) => matches(a, v)));
  return { open, acknowledged, stale };
}
