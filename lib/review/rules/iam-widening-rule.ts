import { CfnResource } from '../synth-output';
import { resourcesOf } from '../template-diff';
import { get, resourceTarget, ReviewInput, ReviewRule, stableJson, Violation } from './review-rule';

/** One (effect, principal, action, resource, condition) grant of a policy document. */
export interface Grant {
  readonly location: string;
  readonly effect: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly condition: string;
}

/** Where each resource type carries policy documents (identity, trust and resource policies). */
const DOCUMENTS: Readonly<Record<string, readonly string[]>> = {
  'AWS::IAM::Policy': ['PolicyDocument'],
  'AWS::IAM::ManagedPolicy': ['PolicyDocument'],
  'AWS::IAM::Role': ['AssumeRolePolicyDocument', 'Policies'],
  'AWS::IAM::User': ['Policies'],
  'AWS::IAM::Group': ['Policies'],
  'AWS::KMS::Key': ['KeyPolicy'],
  'AWS::S3::BucketPolicy': ['PolicyDocument'],
  'AWS::SNS::TopicPolicy': ['PolicyDocument'],
  'AWS::SQS::QueuePolicy': ['PolicyDocument'],
  'AWS::Backup::BackupVault': ['AccessPolicy'],
  'AWS::SecretsManager::ResourcePolicy': ['ResourcePolicy'],
  'AWS::Events::EventBusPolicy': ['Statement'],
  'AWS::ECR::Repository': ['RepositoryPolicyText'],
  'AWS::Logs::ResourcePolicy': ['PolicyDocument'],
  'AWS::DynamoDB::Table': ['ResourcePolicy'],
};

/** Every grant of a resource, one per principal × action × resource of each statement. */
export function grantsOf(resource: CfnResource): Grant[] {
  const props = resource.Properties ?? {};
  const grants: Grant[] = [];
  if (resource.Type === 'AWS::Lambda::Permission') {
    return grant('Permission', { Effect: 'Allow', Principal: props.Principal, Action: props.Action, Resource: props.FunctionName, Condition: { SourceArn: props.SourceArn, SourceAccount: props.SourceAccount } });
  }
  for (const arn of asArray(props.ManagedPolicyArns)) grants.push({ location: 'ManagedPolicyArns', effect: 'Allow', principal: '-', action: `managed policy ${text(arn)}`, resource: '-', condition: '' });
  for (const prop of DOCUMENTS[resource.Type] ?? []) {
    if (prop === 'Policies') {
      for (const p of asArray(props.Policies)) statements(get(p, 'PolicyDocument')).forEach((s) => grants.push(...grant(`Policies[${text(get(p, 'PolicyName'))}]`, s)));
    } else if (prop === 'Statement') {
      grants.push(...grant(prop, props.Statement as Record<string, unknown>));
    } else {
      const doc = prop === 'ResourcePolicy' && resource.Type === 'AWS::DynamoDB::Table' ? get(props.ResourcePolicy, 'PolicyDocument') : props[prop];
      statements(doc).forEach((s) => grants.push(...grant(prop, s)));
    }
  }
  return grants;
}

function statements(doc: unknown): Record<string, unknown>[] {
  const parsed = typeof doc === 'string' ? safeParse(doc) : doc;
  return asArray(get(parsed, 'Statement')) as Record<string, unknown>[];
}

function grant(location: string, s: Record<string, unknown>): Grant[] {
  const effect = String(s.Effect ?? 'Allow');
  const principals = s.NotPrincipal !== undefined ? principalList(s.NotPrincipal).map((p) => `NOT ${p}`) : s.Principal !== undefined ? principalList(s.Principal) : ['-'];
  const actions = s.NotAction !== undefined ? asArray(s.NotAction).map((a) => `NOT ${text(a)}`) : asArray(s.Action).map(text);
  const resources = s.NotResource !== undefined ? asArray(s.NotResource).map((r) => `NOT ${text(r)}`) : s.Resource !== undefined ? asArray(s.Resource).map(text) : ['-'];
  const condition = s.Condition === undefined ? '' : stableJson(pruneUndefined(s.Condition));
  const out: Grant[] = [];
  for (const principal of principals) for (const action of actions) for (const resource of resources) out.push({ location, effect, principal, action, resource, condition: condition === '{}' ? '' : condition });
  return out;
}

function principalList(p: unknown): string[] {
  if (typeof p === 'string') return [p === '*' ? 'AWS:*' : p];
  if (typeof p === 'object' && p !== null && !('Fn::GetAtt' in p) && !('Ref' in p) && !('Fn::Join' in p) && !('Fn::Sub' in p)) {
    return Object.entries(p as Record<string, unknown>).flatMap(([kind, v]) => asArray(v).map((x) => `${kind}:${text(x)}`));
  }
  return [text(p)];
}

/** Whether a grant is a wildcard: any action, an action wildcard, any resource or any principal. */
export function isWildcard(g: Grant): boolean {
  return g.action.includes('*') || g.resource === '*' || g.principal === 'AWS:*' || g.principal === '*';
}

const key = (g: Grant) => `${g.location}|${g.effect}|${g.principal}|${g.action}|${g.resource}|${g.condition}`;

/**
 * Fails when IAM widens: an Allow grant (new statement, principal, action, resource, wildcard or a
 * condition removed) that the base did not have, a managed policy attached, or a Deny grant removed.
 */
export function iamWidened(input: ReviewInput): Violation[] {
  const violations: Violation[] = [];
  for (const stack of input.stacks) {
    const before = resourcesOf(stack.base?.template);
    const after = resourcesOf(stack.head?.template);
    for (const logicalId of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const b = before[logicalId] ? grantsOf(before[logicalId]) : [];
      const a = after[logicalId] ? grantsOf(after[logicalId]) : [];
      const oldKeys = new Set(b.map(key));
      const newKeys = new Set(a.map(key));
      const allowed = a.filter((g) => g.effect !== 'Deny' && !oldKeys.has(key(g)));
      // A Deny that leaves with its whole resource goes with what it protected (the stateful rule sees that).
      const unDenied = after[logicalId] ? b.filter((g) => g.effect === 'Deny' && !newKeys.has(key(g))) : [];
      const type = (after[logicalId] ?? before[logicalId]).Type;
      for (const [location, grants] of groupBy(allowed, (g) => g.location)) {
        violations.push({ rule: 'iam-widening', target: resourceTarget(stack, logicalId), message: `${type} ${location} newly allows ${describe(grants)}` });
      }
      for (const [location, grants] of groupBy(unDenied, (g) => g.location)) {
        violations.push({ rule: 'iam-widening', target: resourceTarget(stack, logicalId), message: `${type} ${location} no longer denies ${describe(grants)}` });
      }
    }
  }
  return violations;
}

function describe(grants: readonly Grant[]): string {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const actions = uniq(grants.map((g) => g.action));
  const resources = uniq(grants.map((g) => g.resource)).filter((r) => r !== '-');
  const principals = uniq(grants.map((g) => g.principal)).filter((p) => p !== '-');
  const wildcard = grants.some(isWildcard) ? ' (wildcard)' : '';
  const conditionless = grants.every((g) => g.condition === '') ? '' : ' with conditions';
  return `${actions.join(', ')}${resources.length ? ` on ${resources.join(', ')}` : ''}${principals.length ? ` to ${principals.join(', ')}` : ''}${conditionless}${wildcard}`;
}

function groupBy<T>(xs: readonly T[], by: (x: T) => string): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(by(x), [...(m.get(by(x)) ?? []), x]);
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function asArray(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : stableJson(v);
}

function pruneUndefined(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, pruneUndefined(x)]));
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

export const IAM_WIDENING_RULE: ReviewRule = {
  id: 'iam-widening',
  description: 'A policy allows more (statement, principal, action, resource, wildcard, dropped condition, attached managed policy) or denies less.',
  check: iamWidened,
};
