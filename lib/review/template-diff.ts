import { formatDifferences, fullDiff, ResourceImpact, TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { CfnTemplate, StackOutput } from './synth-output';

/** What a change does to one resource of a stack, as `cdk diff` computes it. */
export interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
  readonly change: 'added' | 'removed' | 'updated';
  /** `WILL_REPLACE`, `MAY_REPLACE`, `WILL_DESTROY`, … from the resource specification. */
  readonly impact: ResourceImpact;
  /** Properties whose change replaces the resource. */
  readonly replacingProperties: readonly string[];
  readonly deletionPolicy?: string;
}

/** The difference of one stack between the base and the head. */
export interface StackDiff {
  readonly id: string;
  readonly environment: string;
  readonly stackName: string;
  readonly region?: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly base?: StackOutput;
  readonly head?: StackOutput;
  readonly diff: TemplateDiff;
  readonly resources: readonly ResourceChange[];
  /** `cdk diff`'s rendering (IAM and security-group tables, resources), without colours. */
  readonly text: string;
}

/** Diffs every stack of the head against the stack with the same assembly path in the base. */
export function diffStacks(base: readonly StackOutput[], head: readonly StackOutput[]): StackDiff[] {
  const ids = [...new Set([...base.map((s) => s.id), ...head.map((s) => s.id)])].sort();
  return ids.map((id) => diffStack(base.find((s) => s.id === id), head.find((s) => s.id === id)));
}

export function diffStack(base: StackOutput | undefined, head: StackOutput | undefined): StackDiff {
  const either = (head ?? base)!;
  // Identical templates skip the diff: its first real use loads the resource specification (about 1.8 s).
  const same = base !== undefined && head !== undefined && JSON.stringify(base.template) === JSON.stringify(head.template);
  const diff = same ? fullDiff({}, {}) : fullDiff(base?.template ?? {}, head?.template ?? {});
  const resources: ResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, r) => {
    if (!r.isDifferent) return;
    const replacingProperties = Object.entries(r.propertyUpdates)
      .filter(([, p]) => p.changeImpact === ResourceImpact.WILL_REPLACE || p.changeImpact === ResourceImpact.MAY_REPLACE)
      .map(([name]) => name)
      .sort();
    resources.push({
      logicalId,
      type: (r.newResourceType ?? r.oldResourceType)!,
      change: r.isAddition ? 'added' : r.isRemoval ? 'removed' : 'updated',
      impact: r.changeImpact,
      replacingProperties,
      deletionPolicy: (r.oldValue?.DeletionPolicy ?? r.newValue?.DeletionPolicy) as string | undefined,
    });
  });
  resources.sort((a, b) => a.logicalId.localeCompare(b.logicalId));
  const status = !base ? 'added' : !head ? 'removed' : diff.isEmpty ? 'unchanged' : 'changed';
  return {
    id: either.id,
    environment: either.environment,
    stackName: either.stackName,
    region: either.region,
    status,
    base,
    head,
    diff,
    resources,
    text: diff.isEmpty ? '' : renderDiff(diff),
  };
}

/** `formatDifferences` into a string, colours stripped (a PR comment is not a terminal). */
export function renderDiff(diff: TemplateDiff): string {
  const chunks: string[] = [];
  const stream = { write: (chunk: string | Uint8Array) => (chunks.push(String(chunk)), true), columns: 120 } as unknown as NodeJS.WritableStream;
  formatDifferences(stream, diff);
  return chunks.join('').replace(/\u001b\[[0-9;]*m/g, '').trimEnd();
}

/** The resources of a template, or none. */
export function resourcesOf(template: CfnTemplate | undefined): Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }> {
  return (template?.Resources ?? {}) as Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;
}
