import { Duration } from 'cdk8s';
import type { Deployment } from 'cdk8s-plus-28';
import { CanaryAnalysisOptions, resolveAnalysis, ResolvedCanaryAnalysis } from './canary-analysis';
import { CanaryStrategy } from './canary-strategy';
import { ConnectionPoolOptions } from './connection-pool';
import { FaultInjection } from './fault-injection';
import { HeaderOperations } from './header-operations';
import { IstioVersion } from './istio-version';
import { LocalRateLimit } from './local-rate-limit';
import { LocalityLoadBalancing } from './locality-load-balancing';
import { GatewayBinding, JwtAuthentication, LoadTestRoute } from './mesh-security';
import { OutlierDetection } from './outlier-detection';
import { DEFAULT_IDEMPOTENT_METHODS, DEFAULT_IDEMPOTENT_RETRY_ON, DEFAULT_RETRY_ON, IdempotentRetryPolicy, RetryPolicy } from './retry-policy';
import { SessionAffinity } from './session-affinity';
import type { ServiceMeshCanaryProps } from './service-mesh-canary';
import { NetworkFence, resolveMeshOnly, ResolvedMeshOnly } from './network-fence';
import { ContainerResources, EnvFromSource, EnvVarSource, PodToleration, ReplicaRange } from './workload-options';
import { DurationLike } from '../core/duration';
import { ZoneSpread } from './zone-spread';

/** Every prop of ServiceMeshCanary with its default applied: what the renderers read. */
export interface ResolvedMeshCanary {
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  readonly clusterDomain: string;
  /** Image of the construct's own builder; undefined when the user hands in the workload. */
  readonly image: string | undefined;
  readonly version: string | undefined;
  readonly canaryImage: string | undefined;
  /** The workload handed in (cdk8s-plus-28 Deployments), when the builder is not used. */
  readonly workload: ResolvedUserWorkload | undefined;
  readonly canaryVersion: string | undefined;
  readonly port: number;
  readonly livenessPath: string;
  readonly readinessPath: string;
  readonly resources: Required<ContainerResources>;
  readonly replicas: ReplicaRange;
  readonly zoneSpread: ZoneSpread;
  /** Extra labels of the pods and of the objects that run them. */
  readonly workloadLabels: Record<string, string>;
  readonly canaryReplicas: ReplicaRange;
  readonly targetCpuUtilization: number;
  readonly env: Record<string, string | EnvVarSource>;
  readonly envFrom: readonly EnvFromSource[];
  readonly command: readonly string[] | undefined;
  readonly args: readonly string[] | undefined;
  readonly imagePullSecrets: readonly string[];
  readonly tolerations: readonly PodToleration[];
  readonly nodeSelector: Record<string, string>;
  readonly podAnnotations: Record<string, string>;
  readonly serviceAccountAnnotations: Record<string, string>;
  readonly requireImageDigest: boolean;
  /** The NetworkPolicies' peers, or undefined for `NetworkFence.none()`. */
  readonly networkFence: ResolvedMeshOnly | undefined;
  readonly runAsUser: number;
  readonly strategy: CanaryStrategy;
  readonly analysis: ResolvedCanaryAnalysis | undefined;
  readonly loadTestRoute: Required<LoadTestRoute> | undefined;
  /** Retries of every route that injects no faults; the routes that do never retry. */
  readonly retries: ResolvedRetries;
  /** Retries of the `primary-idempotent` route, when asked for. */
  readonly idempotentRetries: ResolvedIdempotentRetries | undefined;
  readonly timeout: DurationLike;
  readonly outlierDetection: OutlierDetection;
  readonly connectionPool: Required<ConnectionPoolOptions>;
  readonly sessionAffinity: SessionAffinity;
  readonly headers: HeaderOperations | undefined;
  readonly localRateLimit: Required<LocalRateLimit> | undefined;
  readonly faultInjection: FaultInjection | undefined;
  readonly locality: LocalityLoadBalancing | undefined;
  readonly allowedServiceAccounts: readonly string[];
  readonly allowedNamespaces: readonly string[];
  readonly jwt: JwtAuthentication | undefined;
  readonly gateway: Required<GatewayBinding> | undefined;
  readonly monitoringRelease: string;
  readonly minIstioVersion: IstioVersion;
  readonly trustDomain: string;
}

/** The workload handed in: the stable track (or the Rollout's workloadRef) and a static strategy's canary track. */
export interface ResolvedUserWorkload {
  readonly stable: Deployment;
  readonly canary: Deployment | undefined;
}

/** A retry policy with its conditions rendered as Istio's `retryOn`. */
export interface ResolvedRetries {
  readonly attempts: number;
  readonly perTryTimeout: DurationLike | undefined;
  readonly retryOn: string;
  readonly backoff: DurationLike | undefined;
}

/** The idempotent route's retries and the methods it matches. */
export interface ResolvedIdempotentRetries extends ResolvedRetries {
  readonly methods: readonly string[];
}

/** The default retry policy of routes that inject no faults: conditions safe for every method. */
export const DEFAULT_RETRIES: RetryPolicy = { attempts: 2, perTryTimeout: Duration.seconds(5), retryOn: DEFAULT_RETRY_ON };

function resolveRetries(policy: RetryPolicy): ResolvedRetries {
  return { attempts: policy.attempts, perTryTimeout: policy.perTryTimeout, retryOn: policy.retryOn ?? DEFAULT_RETRY_ON, backoff: policy.backoff };
}

/**
 * Status codes go after `retriable-status-codes`; Istio turns the numbers of `retryOn` into
 * Envoy's `retriable_status_codes` (VirtualService HTTPRetry.retryOn). Without codes the condition
 * is left out: it would retry nothing.
 */
function resolveIdempotentRetries(policy: IdempotentRetryPolicy): ResolvedIdempotentRetries {
  const codes = policy.retriableStatusCodes ?? [];
  const conditions = policy.retryOn ?? DEFAULT_IDEMPOTENT_RETRY_ON;
  return {
    methods: policy.methods ?? DEFAULT_IDEMPOTENT_METHODS,
    attempts: policy.attempts,
    perTryTimeout: policy.perTryTimeout,
    retryOn: codes.length > 0 ? [conditions, 'retriable-status-codes', ...codes.map(String)].join(',') : conditions,
    backoff: policy.backoff,
  };
}

/** The tag of an image reference (`registry/api:1.0.0` → `1.0.0`), if it has one. */
export function imageTag(image: string): string | undefined {
  const lastSegment = image.split('/').pop() ?? image;
  const withoutDigest = lastSegment.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
}

function resolveFence(fence: NetworkFence, locality: LocalityLoadBalancing | undefined): ResolvedMeshOnly | undefined {
  if (!fence.enabled) return undefined;
  const crossCluster = locality !== undefined && (locality.kind === 'failover' || locality.zoneAware!.remoteRegions.length > 0);
  return resolveMeshOnly(fence.options ?? {}, crossCluster);
}

function tagOf(image: string | undefined): string | undefined {
  return image === undefined ? undefined : imageTag(image);
}

/**
 * Applies every default of {@link ServiceMeshCanaryProps}: the one place they are decided.
 * `minIstioVersion` is parsed by validation before this runs.
 */
export function resolveProps(props: ServiceMeshCanaryProps, minIstioVersion: IstioVersion): ResolvedMeshCanary {
  const namespace = props.namespace ?? props.name;
  const clusterDomain = props.clusterDomain ?? 'cluster.local';
  const strategy = props.strategy ?? CanaryStrategy.seedFixedSplit();
  const replicas = props.replicas ?? { min: 2, max: 10 };
  const gateway = props.gateway;
  const canaryImage = props.canaryImage ?? props.image;
  const workload = props.workload ? { stable: props.workload, canary: props.canaryWorkload } : undefined;
  const workloadImage = (d: Deployment | undefined): string | undefined => d?.containers[0]?.image;
  return {
    name: props.name,
    namespace,
    host: `${props.name}.${namespace}.svc.${clusterDomain}`,
    clusterDomain,
    image: props.image,
    version: props.version ?? tagOf(props.image ?? workloadImage(workload?.stable)),
    canaryImage,
    canaryVersion: props.canaryVersion ?? tagOf(canaryImage ?? workloadImage(workload?.canary)),
    workload,
    port: props.port ?? 8080,
    livenessPath: props.livenessPath ?? '/healthz',
    readinessPath: props.readinessPath ?? '/readyz',
    resources: {
      cpuRequest: props.resources?.cpuRequest ?? '250m',
      memoryRequest: props.resources?.memoryRequest ?? '256Mi',
      cpuLimit: props.resources?.cpuLimit ?? '1',
      memoryLimit: props.resources?.memoryLimit ?? '512Mi',
    },
    replicas,
    zoneSpread: props.zoneSpread ?? ZoneSpread.bestEffort(),
    workloadLabels: props.workloadLabels ?? {},
    canaryReplicas: props.canaryReplicas ?? { min: 1, max: replicas.max },
    targetCpuUtilization: props.targetCpuUtilization ?? 70,
    env: props.env ?? {},
    envFrom: props.envFrom ?? [],
    command: props.command,
    args: props.args,
    imagePullSecrets: props.imagePullSecrets ?? [],
    tolerations: props.tolerations ?? [],
    nodeSelector: props.nodeSelector ?? {},
    podAnnotations: props.podAnnotations ?? {},
    serviceAccountAnnotations: props.serviceAccountAnnotations ?? {},
    requireImageDigest: props.requireImageDigest ?? false,
    networkFence: resolveFence(props.networkFence ?? NetworkFence.meshOnly(), props.locality),
    runAsUser: props.runAsUser ?? 65532,
    strategy,
    analysis: analysisOf(strategy),
    loadTestRoute: props.loadTestRoute ? { header: props.loadTestRoute.header, value: props.loadTestRoute.value ?? 'true' } : undefined,
    // Only the faulting primary route drops them (traffic-routing.ts); the header routes keep them.
    retries: resolveRetries(props.retries ?? DEFAULT_RETRIES),
    idempotentRetries: props.idempotentRetries ? resolveIdempotentRetries(props.idempotentRetries) : undefined,
    timeout: props.timeout ?? Duration.seconds(15),
    outlierDetection: props.outlierDetection ?? OutlierDetection.consecutive5xx(),
    connectionPool: {
      maxConnections: props.connectionPool?.maxConnections ?? 1024,
      connectTimeout: props.connectionPool?.connectTimeout ?? Duration.seconds(5),
      http1MaxPendingRequests: props.connectionPool?.http1MaxPendingRequests ?? 1024,
      http2MaxRequests: props.connectionPool?.http2MaxRequests ?? 1024,
      maxRequestsPerConnection: props.connectionPool?.maxRequestsPerConnection ?? 0,
      idleTimeout: props.connectionPool?.idleTimeout ?? Duration.hours(1),
    },
    sessionAffinity: props.sessionAffinity ?? SessionAffinity.none(),
    headers: props.headers,
    localRateLimit: props.localRateLimit
      ? {
        requestsPerInterval: props.localRateLimit.requestsPerInterval,
        fillInterval: props.localRateLimit.fillInterval ?? Duration.seconds(1),
        burst: props.localRateLimit.burst ?? props.localRateLimit.requestsPerInterval,
      }
      : undefined,
    faultInjection: props.faultInjection,
    locality: props.locality,
    allowedServiceAccounts: props.authorization.allowedServiceAccounts ?? [],
    allowedNamespaces: props.authorization.allowedNamespaces ?? [],
    jwt: props.jwt,
    gateway: gateway
      ? {
        hosts: gateway.hosts,
        credentialName: gateway.credentialName,
        selector: gateway.selector ?? { istio: 'ingressgateway' },
        serviceAccount: gateway.serviceAccount ?? 'istio-system/istio-ingressgateway-service-account',
        annotations: gateway.annotations ?? {},
      }
      : undefined,
    monitoringRelease: props.monitoringRelease ?? 'kube-prometheus-stack',
    minIstioVersion,
    trustDomain: props.trustDomain ?? 'cluster.local',
  };
}

function analysisOf(strategy: CanaryStrategy): ResolvedCanaryAnalysis | undefined {
  if (strategy.progressiveOptions) return resolveAnalysis(strategy.progressiveOptions.analysis ?? {}, false);
  if (strategy.blueGreenOptions) {
    const analysis: CanaryAnalysisOptions | false = strategy.blueGreenOptions.analysis ?? {};
    return analysis === false ? undefined : resolveAnalysis(analysis, true);
  }
  return undefined;
}
