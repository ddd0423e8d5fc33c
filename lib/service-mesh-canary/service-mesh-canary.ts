import { ApiObject } from 'cdk8s';
import type { Deployment } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResilienceValidationErrors, withConstructPath } from '../core/validation-collector';
import { CanaryStrategy } from './canary-strategy';
import { rejectTokenMarkers } from './cdk-tokens';
import { ConnectionPoolOptions } from './connection-pool';
import { FaultInjection } from './fault-injection';
import { GitOpsIgnoreDifference, gitOpsIgnoreDifferences } from './gitops-ignore-rules';
import { HeaderOperations } from './header-operations';
import { LocalRateLimit } from './local-rate-limit';
import { renderLocalRateLimit } from './local-rate-limit-filter';
import { LocalityLoadBalancing } from './locality-load-balancing';
import { GatewayBinding, JwtAuthentication, LoadTestRoute, MeshAuthorization } from './mesh-security';
import { renderSecurity } from './mesh-security-objects';
import { MeshObject } from './mesh-types';
import { OutlierDetection } from './outlier-detection';
import { renderNetworkPolicies } from './network-policy-objects';
import { objectCollisions } from './object-collisions';
import { renderPodMonitor } from './pod-monitor';
import { resolveProps, ResolvedMeshCanary } from './resolved-props';
import { IdempotentRetryPolicy, RetryPolicy } from './retry-policy';
import { renderRollout } from './rollout-objects';
import { SessionAffinity } from './session-affinity';
import { renderRouting } from './traffic-routing';
import { validateServiceMeshCanary } from './validation';
import { adoptUserWorkload } from './user-workload';
import { renderWorkload, scaledObjects, ScaledObject } from './workload-objects';
import { NetworkFence } from './network-fence';
import { ContainerResources, EnvFromSource, EnvVarSource, PodToleration, ReplicaRange } from './workload-options';
import { DurationLike } from '../core/duration';
import { ZoneSpread } from './zone-spread';

export interface ServiceMeshCanaryProps {
  /** Service name: the Kubernetes Service, the VirtualService host and the prefix of every object. */
  readonly name: string;
  /**
   * Namespace of every object.
   * @default - the service name
   */
  readonly namespace?: string;
  /**
   * Container image of the stable version (or, for progressive and blue-green, of the version
   * being rolled out), for the construct's own workload builder. Exactly one of `image` and
   * `workload` is given.
   * @default - none: `workload` is given instead
   */
  readonly image?: string;
  /**
   * A workload built by the user with cdk8s-plus-28, delivered by the construct instead of its own
   * builder. Progressive and blue-green run it through an Argo Rollout with `workloadRef` (the
   * Rollout scales the Deployment down progressively and takes over its replicas); static
   * strategies run it as the `stable` track. The construct adds the mesh labels
   * (`app.kubernetes.io/name`, `app.kubernetes.io/version`, `sidecar.istio.io/inject`) to its pod
   * template, and the autoscaler owns its replica count. Exactly one of `image` and `workload` is given.
   * @default - the construct builds the workload from `image`
   */
  readonly workload?: Deployment;
  /**
   * The canary track of a static strategy (fixed split, header A/B, shadow) when `workload` is
   * given: a second cdk8s-plus-28 Deployment, usually the same one with the new image.
   * @default - none; required with `workload` for strategies that run a canary track
   */
  readonly canaryWorkload?: Deployment;
  /**
   * Version label (`app.kubernetes.io/version`), which Istio reports as `destination_canonical_revision`.
   * @default - the image tag
   */
  readonly version?: string;
  /**
   * Image of the canary track of a static strategy (fixed split, header A/B, shadow).
   * @default - the stable image
   */
  readonly canaryImage?: string;
  /**
   * Version label of the canary track.
   * @default - the canary image tag
   */
  readonly canaryVersion?: string;
  /**
   * The service's HTTP port (container and Service).
   * @default 8080
   */
  readonly port?: number;
  /**
   * Liveness probe path.
   * @default '/healthz'
   */
  readonly livenessPath?: string;
  /**
   * Readiness probe path.
   * @default '/readyz'
   */
  readonly readinessPath?: string;
  /**
   * Resource requests and limits of the container.
   * @default - 250m / 256Mi requested, 1 CPU / 512Mi limit
   */
  readonly resources?: ContainerResources;
  /**
   * Replicas of the stable track (or of the Rollout), kept by a HorizontalPodAutoscaler.
   * @default { min: 2, max: 10 }
   */
  readonly replicas?: ReplicaRange;
  /**
   * How the pods spread over availability zones. `ZoneSpread.strict({ zones })` requires
   * `replicas.min` and `replicas.max` to be multiples of the zones. Applies to the pods the
   * construct builds; a handed-in workload's scheduling is its builder's.
   * @default ZoneSpread.bestEffort()
   */
  readonly zoneSpread?: ZoneSpread;
  /**
   * Labels added to the pods and to the objects that run them (the Deployments or the Rollout,
   * built or handed in), e.g. a region role that a disruption budget or a failover plan selects
   * on. Keys the construct sets itself (`app.kubernetes.io/*`, the track label, sidecar injection,
   * Istio's canonical names) are rejected.
   * @default - none
   */
  readonly workloadLabels?: Record<string, string>;
  /**
   * Replicas of the canary track of a static strategy.
   * @default - min 1, max as `replicas.max`
   */
  readonly canaryReplicas?: ReplicaRange;
  /**
   * CPU utilisation the autoscaler aims for, in percent of the request.
   * @default 70
   */
  readonly targetCpuUtilization?: number;
  /**
   * Environment variables of the container: literal values, or keys of a Secret or ConfigMap
   * (`EnvVarSource.secretKey('api-db', 'url')`).
   * @default - none
   */
  readonly env?: Record<string, string | EnvVarSource>;
  /**
   * Every key of Secrets or ConfigMaps as environment variables (`EnvFromSource.secret('api-env')`).
   * @default - none
   */
  readonly envFrom?: EnvFromSource[];
  /**
   * Entrypoint of the container, replacing the image's.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments of the container, replacing the image's command.
   * @default - the image's command
   */
  readonly args?: string[];
  /**
   * Names of `kubernetes.io/dockerconfigjson` Secrets in the namespace used to pull the images.
   * @default - none (the node's or the service account's credentials)
   */
  readonly imagePullSecrets?: string[];
  /**
   * Tolerations of node taints.
   * @default - none
   */
  readonly tolerations?: PodToleration[];
  /**
   * Node labels the pods must be scheduled on (`spec.nodeSelector`).
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Annotations of the pods (e.g. `proxy.istio.io/config`). `sidecar.istio.io/inject` is refused:
   * the construct labels the pods for injection, and the mesh's policies rely on it.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Annotations of the service's ServiceAccount. For IRSA, `eks.amazonaws.com/role-arn` with the
   * role's ARN; EKS Pod Identity needs no annotation (its association names the namespace and
   * service account on the cluster's side).
   * @default - none
   */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /**
   * Require every image (stable, canary, rollout hooks, a handed-in workload's containers) to be
   * pinned by digest (`<name>@sha256:<64 hex>`), as production environments do. The analysis then
   * names revisions by `version` (or the tag kept before the digest), not by the digest.
   * @default false
   */
  readonly requireImageDigest?: boolean;
  /**
   * Kubernetes NetworkPolicies around the service's pods (and the hook Jobs' pods).
   * @default NetworkFence.meshOnly()
   */
  readonly networkFence?: NetworkFence;
  /**
   * UID (and GID) the container runs as; never 0.
   * @default 65532
   */
  readonly runAsUser?: number;
  /**
   * How new versions meet traffic.
   * @default CanaryStrategy.seedFixedSplit() (90/10)
   */
  readonly strategy?: CanaryStrategy;
  /**
   * A route that sends requests carrying a header to the canary (to the preview for blue-green).
   * @default - no load-test route
   */
  readonly loadTestRoute?: LoadTestRoute;
  /**
   * Retries of every route (routes match every method, so only conditions safe for POST are accepted).
   * @default - 2 attempts, 5 s per try, on `connect-failure,refused-stream`; none (`attempts: 0`) on a route that injects faults
   */
  readonly retries?: RetryPolicy;
  /**
   * Retries on replayable failures (`5xx`, `gateway-error`, `reset`, status codes) for idempotent
   * methods only, through a `primary-idempotent` route placed before `primary` with the same
   * destinations.
   * @default - no such route: every method gets `retries`
   */
  readonly idempotentRetries?: IdempotentRetryPolicy;
  /**
   * Request timeout of every route.
   * @default Duration.seconds(15)
   */
  readonly timeout?: DurationLike;
  /**
   * Passive health checking by the callers.
   * @default OutlierDetection.consecutive5xx() (5 errors, 10 s interval, 30 s ejection, at most 50 %)
   */
  readonly outlierDetection?: OutlierDetection;
  /**
   * Connection-pool limits of the callers.
   * @default - see ConnectionPoolOptions
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Session affinity.
   * @default SessionAffinity.none()
   */
  readonly sessionAffinity?: SessionAffinity;
  /**
   * Request and response header changes on every route.
   * @default - none
   */
  readonly headers?: HeaderOperations;
  /**
   * Per-pod local rate limit answering 429.
   * @default - no rate limit
   */
  readonly localRateLimit?: LocalRateLimit;
  /**
   * Fault injection on the main route, for chaos tests.
   * @default - none
   */
  readonly faultInjection?: FaultInjection;
  /**
   * Locality load balancing: zone-aware distribution and cross-cluster weights, or region failover.
   * @default - Istio's default locality-prioritised balancing
   */
  readonly locality?: LocalityLoadBalancing;
  /** Who may call the service; at least one service account or namespace. */
  readonly authorization: MeshAuthorization;
  /**
   * Require a valid end-user JWT on every request.
   * @default - no end-user authentication
   */
  readonly jwt?: JwtAuthentication;
  /**
   * North–south hosts through an ingress gateway.
   * @default - mesh-internal only
   */
  readonly gateway?: GatewayBinding;
  /**
   * `release` label that the kube-prometheus-stack Prometheus selects PodMonitors by.
   * @default 'kube-prometheus-stack'
   */
  readonly monitoringRelease?: string;
  /**
   * Oldest Istio the manifests must work on; fields that need a newer release are rejected.
   * @default '1.22'
   */
  readonly minIstioVersion?: string;
  /**
   * Cluster DNS domain.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Istio trust domain of the service-account principals.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
}

/**
 * A service on Istio with progressive delivery: its workload (Deployments, or an Argo Rollout),
 * Service, autoscaler and disruption budget; a VirtualService with named routes, a DestinationRule
 * with `stable` and `canary` subsets and ISTIO_MUTUAL TLS; STRICT mTLS and an allow-list; the
 * analysis templates and a PodMonitor for the sidecars. Every object is typed and emitted in a
 * stable order.
 */
export class ServiceMeshCanary extends Construct {
  /** FQDN of the service inside the mesh. */
  public readonly host: string;
  /** Every object emitted, in emission order. */
  public readonly objects: readonly MeshObject[];
  /**
   * Argo CD `ignoreDifferences` entries for the fields Argo Rollouts changes at run time (route
   * weights, managed routes, subset and selector hashes). Empty for static strategies.
   */
  public readonly gitOpsIgnoreDifferences: readonly GitOpsIgnoreDifference[];
  /**
   * What runs the pods and the autoscaler of each: the static tracks' Deployments (built or handed
   * in), or the Rollout. What a failover plan scales.
   */
  public readonly scaledObjects: readonly ScaledObject[];

  private readonly resolved: ResolvedMeshCanary;

  constructor(scope: Construct, id: string, props: ServiceMeshCanaryProps) {
    super(scope, id);
    const minIstioVersion = validateServiceMeshCanary(this, props);
    this.resolved = resolveProps(props, minIstioVersion);
    const r = this.resolved;
    this.host = r.host;

    // Errors of cdk8s (a duration it cannot render) or of a handed-in workload name this construct.
    this.objects = withConstructPath(this, () => {
      adoptUserWorkload(r);
      return [
        ...renderWorkload(r),
        ...renderRouting(r),
        ...renderSecurity(r),
        ...renderNetworkPolicies(r),
        ...(r.localRateLimit ? [renderLocalRateLimit(r, r.localRateLimit)] : []),
        ...renderRollout(r),
        renderPodMonitor(r),
      ];
    });
    rejectTokenMarkers(this, this.objects);
    // Objects already in the chart are checked now; those added later when the app synthesizes.
    const earlier = objectCollisions(this, r.name, this.objects);
    if (earlier.length > 0) throw new ResilienceValidationErrors(earlier);
    this.node.addValidation({ validate: () => objectCollisions(this, r.name, this.objects).map((e) => e.message) });
    this.gitOpsIgnoreDifferences = gitOpsIgnoreDifferences(r);
    this.scaledObjects = scaledObjects(r);
    withConstructPath(this, () => {
      for (const object of this.objects) {
        new ApiObject(this, `${object.kind}-${object.metadata!.name}`, withoutUndefined(object));
      }
    });
  }

  /** The strategy in force. */
  public get strategy(): CanaryStrategy {
    return this.resolved.strategy;
  }
}

/** cdk8s drops `undefined` keys anyway; a clean object keeps snapshots and schema checks exact. */
function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
