import { admittedServiceAccounts } from './mesh-security-objects';
import { INetworkPolicy, MeshObject } from './mesh-types';
import { PodPeer } from './network-fence';
import { ResolvedMeshCanary } from './resolved-props';
import { commonLabels, hookPodSelector, hookServiceAccount, selectorLabels } from './workload-objects';

type IngressRule = NonNullable<NonNullable<INetworkPolicy['spec']>['ingress']>[number];
type EgressRule = NonNullable<NonNullable<INetworkPolicy['spec']>['egress']>[number];
type Peer = NonNullable<IngressRule['from']>[number];

/** The label Istio's sidecar injector puts on every pod it injects; un-injected pods lack it. */
export const INJECTED_POD_LABEL = { 'security.istio.io/tlsMode': 'istio' } as const;
/** Envoy's Prometheus port (`http-envoy-prom`), which the PodMonitor scrapes. */
export const ENVOY_METRICS_PORT = 15090;
/** istiod's xDS and certificate port, which every sidecar dials. */
export const ISTIOD_XDS_PORT = 15012;
/** Namespaces carry their own name in this label (Kubernetes 1.21+), so a policy can select one by name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function namespacesPeer(namespaces: readonly string[], podLabels: Record<string, string>): Peer {
  return {
    namespaceSelector: namespaces.length === 1
      ? { matchLabels: { [NAMESPACE_NAME_LABEL]: namespaces[0] } }
      : { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...namespaces] }] },
    podSelector: { matchLabels: { ...podLabels } },
  };
}

function podPeer(peer: PodPeer): Peer {
  return namespacesPeer([peer.namespace], peer.podLabels);
}

/**
 * The namespaces whose meshed pods may call the service: the allowed namespaces and those of the
 * allowed service accounts (a NetworkPolicy cannot select a service account; the
 * AuthorizationPolicy narrows to it) and the hook Jobs' own namespace.
 */
function callerNamespaces(r: ResolvedMeshCanary): string[] {
  const gatewayAccount = r.gateway?.serviceAccount;
  const fromAccounts = admittedServiceAccounts(r).filter((sa) => sa !== gatewayAccount).map((sa) => sa.split('/')[0]);
  return [...new Set([...r.allowedNamespaces, ...fromAccounts])].sort();
}

/**
 * The NetworkPolicies of the service: its pods admit meshed callers of the admitted namespaces, the
 * gateways and Prometheus, each on its port only, and (with `restrictEgress`) reach only the mesh,
 * DNS, istiod and the listed CIDRs; the hook Jobs' pods admit nothing.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export function renderNetworkPolicies(r: ResolvedMeshCanary): MeshObject[] {
  const fence = r.networkFence;
  if (!fence) return [];
  const labels = commonLabels(r);
  const appPort = [{ protocol: 'TCP' as const, port: r.port }];
  const ingress: IngressRule[] = [];
  const callers = callerNamespaces(r);
  if (callers.length > 0) ingress.push({ from: [namespacesPeer(callers, INJECTED_POD_LABEL)], ports: appPort });
  if (r.gateway) ingress.push({ from: [podPeer({ namespace: r.gateway.serviceAccount.split('/')[0], podLabels: r.gateway.selector })], ports: appPort });
  if (fence.eastWestGateway) ingress.push({ from: [podPeer(fence.eastWestGateway)], ports: appPort });
  ingress.push({ from: [podPeer(fence.prometheus)], ports: [{ protocol: 'TCP', port: ENVOY_METRICS_PORT }] });

  const egress: EgressRule[] | undefined = fence.restrictEgress
    ? [
      { to: [podPeer(fence.dns)], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      { to: [podPeer(fence.istiod)], ports: [{ protocol: 'TCP', port: ISTIOD_XDS_PORT }] },
      { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { ...INJECTED_POD_LABEL } } }] },
      ...(fence.egressCidrs.length > 0 ? [{ to: fence.egressCidrs.map((cidr) => ({ ipBlock: { cidr } })) }] : []),
    ]
    : undefined;
  const service: INetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${r.name}-mesh-only`, namespace: r.namespace, labels },
    spec: {
      podSelector: { matchLabels: selectorLabels(r) },
      policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress,
      egress,
    },
  };
  const objects: MeshObject[] = [service];
  if (hookServiceAccount(r)) {
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${r.name}-rollout-hooks`, namespace: r.namespace, labels },
      // No ingress rule: nothing calls a load test or a smoke test.
      spec: { podSelector: { matchLabels: hookPodSelector(r) }, policyTypes: ['Ingress'] },
    });
  }
  return objects;
}
