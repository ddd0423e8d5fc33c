import { Duration } from 'cdk8s';
import type { Deployment } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RegionRole } from '../core';
import { CanaryStrategy, LocalRateLimit, ServiceMeshCanaryProps } from '../service-mesh-canary';
import type { DnsGeoOverride, DnsRoutingShape } from './global-stack';

/** The props of ServiceMeshCanary's own workload builder a service may set (documented there). */
export type ImageBuilderProps =
  | 'version' | 'canaryImage' | 'canaryVersion' | 'env' | 'envFrom' | 'command' | 'args' | 'imagePullSecrets'
  | 'tolerations' | 'nodeSelector' | 'podAnnotations' | 'serviceAccountAnnotations' | 'resources' | 'runAsUser';

/**
 * The image-based workload: ServiceMeshCanary's own builder makes the Deployments or the Rollout.
 * Every builder prop is passed to ServiceMeshCanary as given, which validates it.
 */
export interface ImageWorkloadOptions extends Pick<ServiceMeshCanaryProps, ImageBuilderProps> {
  /** Container image of the stable version (or of the version being rolled out, for progressive and blue-green). */
  readonly image: string;
}

/** Where a handed-in workload is being built: one cluster of the environment. */
export interface WorkloadBuildContext {
  readonly environment: string;
  readonly region: string;
  readonly role: RegionRole;
  /** The service's namespace: the Deployment must be in it. */
  readonly namespace: string;
  /** The service's port: a container must serve it. */
  readonly port: number;
}

/** A workload the user builds with cdk8s-plus-28, once per cluster the service runs in. */
export interface DeploymentWorkloadOptions {
  /**
   * Builds the service's Deployment in `scope` (a construct of its own in the service's chart of one
   * cluster), with
   * everything cdk8s-plus-28 offers. Leave `replicas` unset: the mesh's autoscaler owns the count.
   */
  readonly build: (scope: Construct, context: WorkloadBuildContext) => Deployment;
  /**
   * Builds the canary track's Deployment for a static strategy (fixed split, header A/B, shadow).
   * @default - none; required with a static strategy
   */
  readonly buildCanary?: (scope: Construct, context: WorkloadBuildContext) => Deployment;
  /**
   * The Kubernetes ServiceAccount the Deployment runs as: the platform associates the service's
   * workload role (EKS Pod Identity) with it, and checks the built Deployment uses it.
   */
  readonly serviceAccountName: string;
}

/**
 * What runs a service's pods: an image for ServiceMeshCanary's own builder (the common case), or a
 * cdk8s-plus-28 Deployment the user builds, which ServiceMeshCanary then delivers (Argo Rollouts'
 * `workloadRef` for progressive and blue-green, the stable/canary tracks for static strategies).
 */
export class ServiceWorkload {
  /** An image, built into Deployments or a Rollout by ServiceMeshCanary. */
  public static image(options: ImageWorkloadOptions): ServiceWorkload {
    return new ServiceWorkload('image', options, undefined);
  }

  /** A cdk8s-plus-28 Deployment built by `options.build` in every cluster the service runs in. */
  public static deployment(options: DeploymentWorkloadOptions): ServiceWorkload {
    return new ServiceWorkload('deployment', undefined, options);
  }

  private constructor(
    /** How the workload is built. */
    public readonly kind: 'image' | 'deployment',
    /** The image options, for `kind: 'image'`. */
    public readonly imageOptions: ImageWorkloadOptions | undefined,
    /** The builder, for `kind: 'deployment'`. */
    public readonly deploymentOptions: DeploymentWorkloadOptions | undefined,
  ) {}

  public toHumanString(): string {
    return this.kind === 'image' ? `image(${this.imageOptions!.image})` : `deployment(serviceAccount ${this.deploymentOptions!.serviceAccountName})`;
  }
}

/** How a public service is published in Route 53. */
export interface PublicServiceOptions {
  /**
   * First label of the routed hostname `<hostLabel>.<zone>`; each cluster publishes its endpoint as
   * `<hostLabel>-<region>.<zone>` through ExternalDNS.
   */
  readonly hostLabel: string;
  /** @default - the environment's `dns.routing` */
  readonly routing?: DnsRoutingShape;
  /** Weight by region, for `weighted`. @default - the environment's `dns.weights` */
  readonly weights?: Readonly<Record<string, number>>;
  /** Geolocation overrides, for `geo-latency-failover`. @default - the environment's `dns.geoOverrides` */
  readonly geoOverrides?: readonly DnsGeoOverride[];
  /** Health-check path of every regional endpoint. @default - the environment's `dns.healthCheckPath` ('/healthz') */
  readonly healthCheckPath?: string;
}

/** Whether and how a service is reachable from outside the mesh. */
export class ServicePublication {
  /** A public hostname routed by GeoDnsRouting in the environment's global stack, served by the ingress gateway. */
  public static public(options: PublicServiceOptions): ServicePublication {
    return new ServicePublication(true, options);
  }

  /** Reachable only inside the mesh, by the callers its allow-list admits. */
  public static internal(): ServicePublication {
    return new ServicePublication(false, undefined);
  }

  private constructor(
    public readonly isPublic: boolean,
    /** The DNS settings, for a public service. */
    public readonly publicOptions: PublicServiceOptions | undefined,
  ) {}

  public toHumanString(): string {
    return this.isPublic ? `public(${this.publicOptions!.hostLabel})` : 'internal';
  }
}

/**
 * A service level objective, carried for MonitoringStack (which turns it into burn-rate alerts).
 * The platform validates nothing but its presence; the monitoring construct owns the rules.
 */
export interface ServiceSloDescription {
  /** Kebab-case name, unique within the service. */
  readonly name: string;
  /** What is measured. */
  readonly indicator: 'availability' | 'latency';
  /** Target, in percent of good events over the window. */
  readonly objectivePercent: number;
  /** For `latency`: requests faster than this are good. @default - none */
  readonly latencyThreshold?: Duration;
}

/** A data store of a service, carried for MultiRegionDr (which creates and replicates it). */
export interface ServiceDataStoreDescription {
  /** Kebab-case name, unique within the service. */
  readonly name: string;
  /** The kind of store. */
  readonly kind: 'aurora-postgresql' | 'dynamodb' | 's3';
}

/** Settings a service may take from its environment's `serviceDefaults` or set itself. */
export interface ServiceSettings {
  /** How new versions meet traffic. @default - ServiceMeshCanary's default, `CanaryStrategy.seedFixedSplit()` */
  readonly strategy?: CanaryStrategy;
  /** Per-pod rate limit in the sidecar; requests over it get 429. @default - none */
  readonly localRateLimit?: LocalRateLimit;
  /** Callers admitted by the AuthorizationPolicy, as `<namespace>/<service account>`; at least one. @default - none (then required) */
  readonly allowedServiceAccounts?: readonly string[];
  /** @default 8080 */
  readonly port?: number;
  /** @default '/healthz' */
  readonly livenessPath?: string;
  /** @default '/readyz' */
  readonly readinessPath?: string;
  /** Backup tier of the service's data, one of the environment's backup policy tiers. @default - none (stateless) */
  readonly backupTier?: string;
  /** Share of requests traced, in percent; carried for MonitoringStack. @default - none */
  readonly tracingSamplingPercent?: number;
  /** Carried for MonitoringStack. @default - none */
  readonly slos?: readonly ServiceSloDescription[];
}

/** Settings shared by every service of an environment, set once. */
export type ServiceDefaults = ServiceSettings;

/** One service of an environment, as data. */
export interface ServiceDescription extends ServiceSettings {
  /** Kebab-case name: the Kubernetes Service, the prefix of every object, the workload role's construct id. */
  readonly name: string;
  /** What runs the pods. */
  readonly workload: ServiceWorkload;
  /** @default ServicePublication.internal() */
  readonly publication?: ServicePublication;
  /** Regions the service runs in, each a region of the environment. @default - every region of the environment */
  readonly regions?: readonly string[];
  /** @default - the service's name */
  readonly namespace?: string;
  /**
   * Pins the service to a services stack (0 to `serviceStacks.shards - 1`) instead of its hashed
   * shard, e.g. to keep it where it is when the shard count is raised.
   * @default - the shard its name hashes to
   */
  readonly shard?: number;
  /** Carried for MultiRegionDr. @default - none */
  readonly dataStores?: readonly ServiceDataStoreDescription[];
}

/** A service after validation, with its environment's defaults applied. */
export interface PlatformService {
  readonly name: string;
  readonly namespace: string;
  readonly workload: ServiceWorkload;
  /** The ServiceAccount the pods run as: the service's name, or the handed-in workload's. */
  readonly serviceAccountName: string;
  readonly publication: ServicePublication;
  readonly regions: readonly string[];
  readonly strategy?: CanaryStrategy;
  readonly localRateLimit?: LocalRateLimit;
  readonly allowedServiceAccounts: readonly string[];
  readonly port: number;
  readonly livenessPath: string;
  readonly readinessPath: string;
  readonly backupTier?: string;
  readonly tracingSamplingPercent?: number;
  readonly slos: readonly ServiceSloDescription[];
  readonly dataStores: readonly ServiceDataStoreDescription[];
  /** The services stack the service's AWS resources live in, in every region. */
  readonly shard: number;
}

/** Default port and probes of a service (ServiceMeshCanary's own defaults, set once here for the platform). */
export const SERVICE_DEFAULTS = { port: 8080, livenessPath: '/healthz', readinessPath: '/readyz' } as const;
