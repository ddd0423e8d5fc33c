import { violationLine } from './rules/review-rule';
import { ReviewResult } from './review';

/** What the report says about where the outputs came from and how long it took. */
export interface ReportContext {
  readonly baseRef: string;
  readonly baseSha?: string;
  readonly baseCached?: boolean;
  readonly timings?: Readonly<Record<string, number>>;
  /** The head app's stderr when its synth gates failed. */
  readonly headFailure?: string;
}

const MAX_DIFF_CHARS = 12000;

/** The pull-request comment. */
export function renderMarkdown(result: ReviewResult, context: ReportContext): string {
  const out: string[] = [];
  const failed = !result.passed || context.headFailure !== undefined;
  out.push(`## Review: ${failed ? '❌ changes need attention' : '✅ no policy violation'}`);
  out.push('');
  out.push(`Base \`${context.baseRef}\`${context.baseSha ? ` (${context.baseSha.slice(0, 12)}${context.baseCached ? ', cached' : ''})` : ''} against the working tree.`);
  const changedStacks = result.stacks.filter((s) => s.status !== 'unchanged');
  out.push(`${changedStacks.length} of ${result.stacks.length} stack(s) change; ${result.objects.length} Kubernetes object(s) change.`);
  out.push('');
  if (context.headFailure) {
    out.push('### Synth gates failed on the head', '', '```', context.headFailure.slice(0, 4000), '```', '');
  }
  if (result.violations.length || result.acknowledgementErrors.length) {
    out.push(`### Violations (${result.violations.length + result.acknowledgementErrors.length})`, '');
    out.push('```');
    for (const v of result.violations) out.push(violationLine(v));
    for (const e of result.acknowledgementErrors) out.push(`[acknowledgement] ${e}`);
    out.push('```');
    out.push('', 'Fix the change, or acknowledge an intended one in `review-acknowledgements.json`: `{ "rule": "<rule>", "target": "<target>", "reason": "<why>" }`.', '');
  }
  if (result.acknowledged.length) {
    out.push(`### Acknowledged (${result.acknowledged.length})`, '');
    for (const v of result.acknowledged) out.push(`- \`${violationLine(v)}\` — ${v.reason}`);
    out.push('');
  }
  if (result.staleAcknowledgements.length) {
    out.push('### Acknowledgements that match nothing (remove them)', '');
    for (const a of result.staleAcknowledgements) out.push(`- \`[${a.rule}] ${a.target}\``);
    out.push('');
  }
  if (result.drUnchecked.length) out.push(`DR budget not checked for ${result.drUnchecked.map((e) => `\`${e}\``).join(', ')}: no \`dist/dr/<environment>.json\`.`, '');

  for (const env of result.environments) {
    out.push(`### ${env}`, '', '```mermaid', result.diagrams[env], '```', '');
    for (const s of result.stacks.filter((x) => x.environment === env && x.status !== 'unchanged')) {
      out.push(`<details><summary>CloudFormation ${s.id} (${s.stackName}): ${s.status}, ${summary(s.resources.map((r) => r.change))}</summary>`, '');
      out.push('```', truncate(s.text), '```', '</details>', '');
    }
    const objects = result.objects.filter((o) => o.environment === env);
    if (objects.length) {
      out.push(`<details><summary>Kubernetes: ${summary(objects.map((o) => o.change))}</summary>`, '');
      out.push('| cluster | object | change | fields |', '|---|---|---|---|');
      for (const o of objects) {
        const fields = o.fields.map((f) => `\`${f.path}\`: ${short(f.before)} → ${short(f.after)}`).join('<br>');
        out.push(`| ${o.cluster} | \`${o.key}\` | ${o.change} | ${fields} |`);
      }
      out.push('', '</details>', '');
    }
  }
  if (context.timings) {
    out.push(`<sub>${Object.entries(context.timings).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(' · ')}</sub>`);
  }
  return out.join('\n').trimEnd() + '\n';
}

/** The report for tools: plain JSON, deterministic. */
export function renderJson(result: ReviewResult, context: ReportContext): object {
  return {
    passed: result.passed && context.headFailure === undefined,
    base: { ref: context.baseRef, sha: context.baseSha, cached: context.baseCached },
    headFailure: context.headFailure,
    violations: result.violations,
    acknowledged: result.acknowledged,
    staleAcknowledgements: result.staleAcknowledgements,
    acknowledgementErrors: result.acknowledgementErrors,
    drUnchecked: result.drUnchecked,
    stacks: result.stacks.map((s) => ({
      id: s.id,
      environment: s.environment,
      stackName: s.stackName,
      region: s.region,
      status: s.status,
      resources: s.resources,
      iam: s.diff.iamChanges.hasChanges ? s.diff.iamChanges.summarizeStatements() : [],
      securityGroups: s.diff.securityGroupChanges.hasChanges ? s.diff.securityGroupChanges.summarize() : [],
      diff: s.text,
    })),
    objects: result.objects.map((o) => ({ cluster: o.cluster, key: o.key, change: o.change, fields: o.fields })),
    diagrams: result.diagrams,
    timings: context.timings,
  };
}

function summary(changes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts.entries()].map(([k, n]) => `${n} ${k}`).join(', ') || 'no resource change';
}

function short(v: unknown): string {
  if (v === undefined) return '∅';
  const s = JSON.stringify(v);
  return `\`${(s.length > 60 ? `${s.slice(0, 57)}...` : s).replace(/\|/g, '\\|')}\``;
}

function truncate(s: string): string {
  return s.length > MAX_DIFF_CHARS ? `${s.slice(0, MAX_DIFF_CHARS)}\n… (${s.length - MAX_DIFF_CHARS} more characters in the JSON report)` : s;
}
