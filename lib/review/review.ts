import { applyAcknowledgements, ReviewAcknowledgement } from './acknowledgements';
import { environmentDiagram } from './diagram';
import { diffClusters, ObjectDiff } from './manifest-diff';
import { DEFAULT_REVIEW_RULES } from './rules/default-rules';
import { environmentsWithoutBudget } from './rules/dr-budget-rule';
import { ReviewRule, Violation } from './rules/review-rule';
import { SynthOutput } from './synth-output';
import { diffStacks, StackDiff } from './template-diff';

export interface ReviewOptions {
  readonly acknowledgements?: readonly ReviewAcknowledgement[];
  /** Errors found in the acknowledgement file: they fail the review. */
  readonly acknowledgementErrors?: readonly string[];
  /** @default DEFAULT_REVIEW_RULES */
  readonly rules?: readonly ReviewRule[];
}

export interface ReviewResult {
  readonly stacks: readonly StackDiff[];
  readonly objects: readonly ObjectDiff[];
  readonly environments: readonly string[];
  /** Violations no acknowledgement covers: the review fails when there is any. */
  readonly violations: readonly Violation[];
  readonly acknowledged: readonly (Violation & { readonly reason: string })[];
  /** Acknowledgements that match no violation of this change. */
  readonly staleAcknowledgements: readonly ReviewAcknowledgement[];
  readonly acknowledgementErrors: readonly string[];
  /** Environments without a DR budget file in the head: their DR budget is not checked. */
  readonly drUnchecked: readonly string[];
  /** Mermaid source per environment. */
  readonly diagrams: Readonly<Record<string, string>>;
  readonly passed: boolean;
}

/** Compares two synthesized outputs and applies the review policy. Pure: no files, no processes. */
export function review(base: SynthOutput, head: SynthOutput, options: ReviewOptions = {}): ReviewResult {
  const stacks = diffStacks(base.stacks, head.stacks);
  const objects = diffClusters(base.clusters, head.clusters);
  const input = { stacks, objects, dr: { base: base.dr, head: head.dr } };
  const all = (options.rules ?? DEFAULT_REVIEW_RULES).flatMap((rule) => rule.check(input));
  const { open, acknowledged, stale } = applyAcknowledgements(all, options.acknowledgements ?? []);
  const environments = [...new Set([...stacks.map((s) => s.environment), ...objects.map((o) => o.environment), ...head.clusters.map((c) => c.environment)])].sort();
  const diagrams = Object.fromEntries(environments.map((e) => [e, environmentDiagram(e, stacks, objects)]));
  const acknowledgementErrors = options.acknowledgementErrors ?? [];
  return {
    stacks,
    objects,
    environments,
    violations: open,
    acknowledged,
    staleAcknowledgements: stale,
    acknowledgementErrors,
    drUnchecked: environmentsWithoutBudget(environments, head.dr),
    diagrams,
    passed: open.length === 0 && acknowledgementErrors.length === 0,
  };
}
