/** Pods in one namespace, selected by labels: a NetworkPolicy peer. */
export interface PodPeer {
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels of the pods. */
  readonly podLabels: Record<string, string>;
}

/** Options of {@link NetworkFence.meshOnly}. */
export interface MeshOnlyOptions {
  /**
   * The Prometheus pods admitted to the sidecars' metrics port (15090, `http-envoy-prom`, which the PodMonitor scrapes).
   * @default { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } } (kube-prometheus-stack)
   */
  readonly prometheus?: PodPeer;
  /**
   * The east–west gateway pods that forward other clusters' requests (multi-network meshes).
   * @default - `istio-system` pods labelled `istio: eastwestgateway` when `locality` sends traffic across clusters (remote region weights or failover); none otherwise
   */
  readonly eastWestGateway?: PodPeer;
  /**
   * Fence egress too: the service's pods may then reach only meshed pods of the cluster, DNS
   * (kube-dns, port 53), istiod (port 15012, xDS and certificates) and `egressCidrs`. Off by default
   * because the construct does not know the service's dependencies outside the mesh.
   * @default false
   */
  readonly restrictEgress?: boolean;
  /**
   * CIDR blocks the service may reach outside the mesh when `restrictEgress` is on (databases, VPC endpoints).
   * @default - none
   */
  readonly egressCidrs?: string[];
  /**
   * The istiod pods the sidecars fetch configuration and certificates from (egress, `restrictEgress` only).
   * @default { namespace: 'istio-system', podLabels: { app: 'istiod' } }
   */
  readonly istiod?: PodPeer;
  /**
   * The cluster DNS pods (egress, `restrictEgress` only).
   * @default { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } }
   */
  readonly dns?: PodPeer;
}

/**
 * Kubernetes NetworkPolicies around the service's pods, a fence below the mesh's own policies.
 * `meshOnly` admits only pods that carry an injected sidecar (Istio's injector labels them
 * `security.istio.io/tlsMode: istio`) from the admitted namespaces, the ingress gateway, the
 * east–west gateway and Prometheus on the metrics port; so a caller whose sidecar failed to inject
 * is refused before mTLS even starts, and a pod of this service whose sidecar failed to inject is
 * reached only by meshed callers, whose mTLS it cannot answer.
 */
export class NetworkFence {
  /** The default: ingress only from the mesh (and, with `restrictEgress`, egress only to it). */
  public static meshOnly(options: MeshOnlyOptions = {}): NetworkFence {
    return new NetworkFence(true, options);
  }

  /** No NetworkPolicy: an explicit opt-out, e.g. on a cluster whose CNI does not enforce them. */
  public static none(): NetworkFence {
    return new NetworkFence(false, undefined);
  }

  private constructor(
    public readonly enabled: boolean,
    public readonly options: MeshOnlyOptions | undefined,
  ) {}
}

/** The east–west gateway of {@link EastWestGateway}'s defaults. */
export const DEFAULT_EAST_WEST_GATEWAY_PEER: PodPeer = { namespace: 'istio-system', podLabels: { istio: 'eastwestgateway' } };

/**
 * Applies the defaults of {@link MeshOnlyOptions}. `crossCluster` (locality weights to or failover
 * to other regions) admits the east–west gateway by default, which forwards the other clusters' requests.
 */
export function resolveMeshOnly(options: MeshOnlyOptions, crossCluster: boolean): ResolvedMeshOnly {
  return {
    prometheus: options.prometheus ?? { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    eastWestGateway: options.eastWestGateway ?? (crossCluster ? DEFAULT_EAST_WEST_GATEWAY_PEER : undefined),
    restrictEgress: options.restrictEgress ?? false,
    egressCidrs: options.egressCidrs ?? [],
    istiod: options.istiod ?? { namespace: 'istio-system', podLabels: { app: 'istiod' } },
    dns: options.dns ?? { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
  };
}

/** {@link MeshOnlyOptions} with every default applied. */
export interface ResolvedMeshOnly {
  readonly prometheus: PodPeer;
  readonly eastWestGateway: PodPeer | undefined;
  readonly restrictEgress: boolean;
  readonly egressCidrs: readonly string[];
  readonly istiod: PodPeer;
  readonly dns: PodPeer;
}
