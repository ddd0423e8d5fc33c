import { ObjectDiff } from '../manifest-diff';
import { DrBudget } from '../synth-output';
import { StackDiff } from '../template-diff';

/** What every rule sees: the diffs of both outputs and the DR budgets of both sides. */
export interface ReviewInput {
  readonly stacks: readonly StackDiff[];
  readonly objects: readonly ObjectDiff[];
  readonly dr: { readonly base: Readonly<Record<string, DrBudget>>; readonly head: Readonly<Record<string, DrBudget>> };
}

/** One violation of the review policy; `rule` + `target` is what an acknowledgement matches. */
export interface Violation {
  readonly rule: string;
  /** `<stack id>/<logical id>`, `<environment>/<region>/<apiVersion>/<kind>/<namespace>/<name>` or `dr/<environment>`. */
  readonly target: string;
  readonly message: string;
}

/**
 * A review rule, cdk-nag style: a small pure function of the diff returning its violations
 * (none when compliant or not applicable).
 */
export interface ReviewRule {
  readonly id: string;
  readonly description: string;
  readonly check: (input: ReviewInput) => Violation[];
}

/** The one line a violation prints as. */
export function violationLine(v: Violation): string {
  return `[${v.rule}] ${v.target}: ${v.message}`;
}

export function resourceTarget(stack: StackDiff, logicalId: string): string {
  return `${stack.id}/${logicalId}`;
}

export function objectTarget(o: ObjectDiff): string {
  return `${o.cluster}/${o.key}`;
}

/** Reads a nested value (`get(x, 'a', 'b')`); undefined when any step is missing. */
export function get(value: unknown, ...steps: (string | number)[]): unknown {
  let v: unknown = value;
  for (const s of steps) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}

/** Deterministic JSON (object keys sorted), for comparing intrinsics and conditions. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
