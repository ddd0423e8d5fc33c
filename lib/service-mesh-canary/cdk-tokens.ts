import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { validateAll } from '../core/validation-collector';

/** What a user is told when a deploy-time value reaches a Kubernetes manifest. */
const TOKEN_EXPECTED = 'a concrete value, not a CDK token: Kubernetes manifests are applied outside CloudFormation, so a value known only at deploy time '
  + '(an environment-agnostic stack\'s region or account, a resource attribute) would reach the cluster as "${Token[...]}"; give the value itself, '
  + 'e.g. a stack with a concrete env';

/** A rendered string still carrying an aws-cdk-lib token marker (string, list or stringified number token). */
const TOKEN_MARKER = /\$\{Token\[|#\{Token\[|-1\.\d{10,16}e\+289/;

function isConstruct(value: object): value is IConstruct {
  return 'node' in value && typeof (value as { node?: unknown }).node === 'object';
}

/** Every `[path, value]` below `value` that is an unresolved CDK token; constructs are not walked into. */
function tokensIn(value: unknown, path: string, seen: Set<object>, found: Array<[string, unknown]>): void {
  if (value === undefined || value === null || typeof value === 'boolean' || typeof value === 'function') return;
  if (typeof value === 'string' || typeof value === 'number') {
    if (Token.isUnresolved(value)) found.push([path, value]);
    return;
  }
  if (typeof value !== 'object' || seen.has(value) || isConstruct(value)) return;
  seen.add(value);
  if (Token.isUnresolved(value)) {
    found.push([path, value]);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => tokensIn(item, `${path}[${i}]`, seen, found));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyPath = `${path}.${key}`;
    if (Token.isUnresolved(key)) found.push([keyPath, key]);
    tokensIn(item, keyPath, seen, found);
  }
}

/**
 * Rejects every CDK token in the props, each with its prop path; the handed-in Deployments'
 * images and namespaces are checked too (cdk8s-plus-28 would render a token as its marker).
 */
export function rejectCdkTokens(scope: IConstruct, props: object, workloads: Record<string, unknown>): void {
  const found: Array<[string, unknown]> = [];
  const seen = new Set<object>();
  for (const [key, value] of Object.entries(props)) tokensIn(value, key, seen, found);
  for (const [prop, workload] of Object.entries(workloads)) {
    const w = workload as { containers?: Array<{ image: string }>; metadata?: { namespace?: string } } | undefined;
    w?.containers?.forEach((c, i) => tokensIn(c.image, `${prop}.containers[${i}].image`, seen, found));
    tokensIn(w?.metadata?.namespace, `${prop}.metadata.namespace`, seen, found);
  }
  validateAll(scope, found.map(([path, value]) => () => invalid(scope, path, value, TOKEN_EXPECTED)));
}

/** The last guard: no emitted object carries a token marker (a value that slipped past the props check). */
export function rejectTokenMarkers(scope: IConstruct, objects: ReadonlyArray<{ kind?: string; metadata?: { name?: string } }>): void {
  validateAll(scope, objects.map((o) => () => {
    const json = JSON.stringify(o);
    const match = TOKEN_MARKER.exec(json);
    if (match) invalid(scope, `objects.${o.kind}/${o.metadata?.name}`, json.slice(Math.max(0, match.index - 40), match.index + 40), TOKEN_EXPECTED);
  }));
}
