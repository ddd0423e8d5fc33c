import { ObjectDiff } from '../manifest-diff';
import { K8sObject } from '../synth-output';
import { get, objectTarget, ReviewInput, ReviewRule, stableJson, Violation } from './review-rule';

const isKind = (o: ObjectDiff, kind: string) => o.kind === kind && o.apiVersion.startsWith('security.istio.io/');

/** Every mTLS mode a PeerAuthentication sets (workload-wide and per port); UNSET inherits, so only a non-STRICT explicit mode loosens. */
function mtlsModes(o: K8sObject | undefined): Record<string, string> {
  const modes: Record<string, string> = {};
  const mode = get(o, 'spec', 'mtls', 'mode');
  if (typeof mode === 'string') modes['spec.mtls.mode'] = mode;
  for (const [port, v] of Object.entries((get(o, 'spec', 'portLevelMtls') as Record<string, unknown>) ?? {})) {
    const m = get(v, 'mode');
    if (typeof m === 'string') modes[`spec.portLevelMtls.${port}.mode`] = m;
  }
  return modes;
}

/**
 * Istio PeerAuthentication: PERMISSIVE accepts plaintext, DISABLE turns mTLS off
 * (https://istio.io/latest/docs/reference/config/security/peer_authentication/). A removed
 * STRICT policy falls back to the mesh default, which is PERMISSIVE.
 */
export function mtlsLoosened(input: ReviewInput): Violation[] {
  const out: Violation[] = [];
  for (const o of input.objects.filter((x) => isKind(x, 'PeerAuthentication'))) {
    const before = mtlsModes(o.base);
    const after = mtlsModes(o.head);
    if (o.change === 'removed') {
      if (Object.values(before).includes('STRICT')) out.push({ rule: 'mtls', target: objectTarget(o), message: 'PeerAuthentication with STRICT mTLS is removed: the mesh default (PERMISSIVE) applies' });
      continue;
    }
    for (const [path, mode] of Object.entries(after).sort()) {
      if (mode === 'STRICT' || mode === 'UNSET' || before[path] === mode) continue;
      out.push({ rule: 'mtls', target: objectTarget(o), message: `${path} = ${mode}${before[path] ? ` (was ${before[path]})` : ''}: mTLS must be STRICT` });
    }
  }
  return out;
}

/**
 * Istio AuthorizationPolicy: DENY is evaluated before ALLOW, and a workload with no ALLOW policy
 * allows everything (https://istio.io/latest/docs/concepts/security/#authorization-policies), so
 * removing any policy, a DENY rule, or adding or changing an ALLOW rule can only widen access.
 */
export function authorizationWidened(input: ReviewInput): Violation[] {
  const out: Violation[] = [];
  for (const o of input.objects.filter((x) => isKind(x, 'AuthorizationPolicy'))) {
    const target = objectTarget(o);
    if (o.change === 'removed') {
      out.push({ rule: 'authorization', target, message: `AuthorizationPolicy (${action(o.base)}) is removed` });
      continue;
    }
    if (o.change !== 'changed') continue;
    const was = action(o.base);
    const now = action(o.head);
    if (was !== now) {
      out.push({ rule: 'authorization', target, message: `spec.action = ${now} (was ${was})` });
      continue;
    }
    const before = rules(o.base);
    const after = rules(o.head);
    if (now === 'ALLOW') {
      const added = after.filter((r) => !before.includes(r));
      if (added.length) out.push({ rule: 'authorization', target, message: `ALLOW rules added or widened: ${added.join('; ')}` });
    } else if (now === 'DENY') {
      const removed = before.filter((r) => !after.includes(r));
      if (removed.length) out.push({ rule: 'authorization', target, message: `DENY rules removed or narrowed: ${removed.join('; ')}` });
    }
    if (stableJson(get(o.base, 'spec', 'selector')) !== stableJson(get(o.head, 'spec', 'selector')) && now === 'DENY') {
      out.push({ rule: 'authorization', target, message: 'spec.selector of a DENY policy changes: it may no longer cover the workloads it did' });
    }
  }
  return out;
}

function action(o: K8sObject | undefined): string {
  return String(get(o, 'spec', 'action') ?? 'ALLOW');
}

function rules(o: K8sObject | undefined): string[] {
  return (((get(o, 'spec', 'rules') as unknown[]) ?? []) as unknown[]).map(stableJson);
}

export const MTLS_RULE: ReviewRule = { id: 'mtls', description: 'A PeerAuthentication stops being STRICT.', check: mtlsLoosened };
export const AUTHORIZATION_RULE: ReviewRule = { id: 'authorization', description: 'An AuthorizationPolicy is removed or widened.', check: authorizationWidened };
