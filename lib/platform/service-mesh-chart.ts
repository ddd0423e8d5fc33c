import { App, Chart } from 'cdk8s';
import type { Deployment } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid, RegionPlacement, withConstructPath } from '../core';
import { pascalCase } from '../core/naming';
import { DR_ROLE_LABEL, standbyNeedsScaleUp } from '../multi-region-dr';
import { CanaryStrategy, EastWestGateway, LocalityLoadBalancing, LocalityRegion, ReplicaRange, ServiceMeshCanary, ServiceMeshCanaryProps, ZoneSpread } from '../service-mesh-canary';
import { Environment, failoverRegionOf } from './environment-model';
import { DeploymentWorkloadOptions, PlatformService, WorkloadBuildContext } from './service-model';

/** Id of the mesh-wide chart, and so the manifest file `dist/k8s/<env>/<region>/service-mesh.k8s.yaml`. */
export const SERVICE_MESH_CHART_ID = 'service-mesh';

/** Id of a service's chart, and so its manifest file `dist/k8s/<env>/<region>/service-<name>.k8s.yaml`. */
export function serviceChartId(serviceName: string): string {
  return `service-${serviceName}`;
}

/** How callers spread over localities in an environment's clusters. */
export type MeshLocalityMode = 'zone-aware' | 'region-failover';

/** Mesh settings shared by every service of an environment. */
export interface EnvironmentMeshSettings {
  /** Availability zones of every region of the environment. */
  readonly zones: Readonly<Record<string, string[]>>;
  /**
   * Zone-aware distribution (with optional cross-cluster weights), or failover between regions.
   * Istio accepts one of the two per DestinationRule.
   */
  readonly locality: MeshLocalityMode;
  /** Share of a region's traffic kept in the caller's zone, in percent (zone-aware only). */
  readonly localZonePercent: number;
  /** Share of all traffic per region, summing to 100 (zone-aware only). @default - all traffic stays in the cluster's region */
  readonly crossClusterWeights?: Readonly<Record<string, number>>;
  /** `release` label of the kube-prometheus-stack installation. */
  readonly monitoringRelease: string;
  /** Emit the cluster's east–west gateway (multi-cluster environments). */
  readonly eastWestGateway: boolean;
}

/** How a public service is reached from outside: the ingress gateway hosts and their DNS annotations. */
export interface NorthSouthIngress {
  /** Hosts the ingress gateway serves (the routed hostname and the region's own endpoint name). */
  readonly hosts: string[];
  /** Kubernetes secret in the ingress gateway's namespace holding the TLS certificate for the hosts. */
  readonly credentialName: string;
  /** ExternalDNS annotations put on the Gateway, so the cluster publishes its endpoint record. */
  readonly dnsAnnotations: Record<string, string>;
}

/**
 * Adds the `service-mesh` chart of one cluster: what the mesh needs once per cluster, today the
 * east–west gateway of multi-cluster environments. Undefined when the cluster needs nothing.
 */
export function addMeshChart(app: App, environment: Environment): Chart | undefined {
  if (!environment.mesh.eastWestGateway) return undefined;
  const chart = new Chart(app, SERVICE_MESH_CHART_ID, { disableResourceNameHashes: true });
  new EastWestGateway(chart, 'EastWest');
  return chart;
}

/**
 * Adds the chart of one service in one cluster (an environment in a region): the service through
 * ServiceMeshCanary, with its replicas from the environment's capacity for the region's role.
 */
export function addServiceChart(app: App, environment: Environment, placement: RegionPlacement, service: PlatformService, ingress?: NorthSouthIngress): Chart {
  const chart = new Chart(app, serviceChartId(service.name), { disableResourceNameHashes: true });
  const strategy = service.strategy;
  const builds = service.workload.imageOptions !== undefined;
  new ServiceMeshCanary(chart, pascalCase(service.name), {
    name: service.name,
    namespace: service.namespace,
    port: service.port,
    ...workloadProps(chart, environment, placement, service),
    strategy,
    replicas: serviceReplicas(environment, placement, service),
    // Replicas by role spread n per zone (the capacity is validated as multiples of the zones);
    // the pods carry their region role, which the DR chart's disruption budget selects on. A
    // handed-in workload's scheduling stays its builder's.
    zoneSpread: builds ? ZoneSpread.strict({ zones: environment.dr.capacity.zones }) : undefined,
    workloadLabels: { [DR_ROLE_LABEL]: placement.role.name },
    localRateLimit: service.localRateLimit,
    locality: locality(environment, placement, service),
    authorization: { allowedServiceAccounts: [...service.allowedServiceAccounts] },
    monitoringRelease: environment.mesh.monitoringRelease,
    gateway: ingress && { hosts: ingress.hosts, credentialName: ingress.credentialName, annotations: ingress.dnsAnnotations },
  });
  return chart;
}

/** Whether the service is delivered by an Argo Rollout (its own or ServiceMeshCanary's default strategy). */
export function usesRollout(service: PlatformService): boolean {
  return (service.strategy ?? CanaryStrategy.seedFixedSplit()).usesRollout;
}

/**
 * A service's replicas in a region: its role's range from the environment's capacity. ARC's EKS
 * resource scaling block scales apps/v1 Deployments only, so a Rollout-delivered service cannot be
 * raised by the plan: in a standby that the plan would scale up, it runs at full capacity at rest.
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/eks-resource-scaling-block.html
 */
export function serviceReplicas(environment: Environment, placement: RegionPlacement, service: PlatformService): ReplicaRange {
  // Every role the environment uses has a range: checked by `validateEnvironments`.
  const range = environment.capacity[placement.role.name];
  return runsAtFullCapacity(environment, placement, service) ? { min: range.max, max: range.max } : range;
}

/** A Rollout-delivered service in a standby the plan would scale up: it runs at full capacity at rest instead. */
export function runsAtFullCapacity(environment: Environment, placement: RegionPlacement, service: PlatformService): boolean {
  const dr = environment.dr;
  const scaledUp = !placement.role.isPrimary && standbyNeedsScaleUp({ regions: environment.regions, strategy: dr.strategy, capacity: dr.capacity });
  return scaledUp && usesRollout(service);
}

/** The ServiceMeshCanary of a service in a cluster's app (undefined where the service does not run). */
export function serviceMeshOf(app: App, service: PlatformService): ServiceMeshCanary | undefined {
  const mesh = app.node.tryFindChild(serviceChartId(service.name))?.node.tryFindChild(pascalCase(service.name));
  return mesh instanceof ServiceMeshCanary ? mesh : undefined;
}

/** The workload part of ServiceMeshCanary's props: its own builder's image settings, or the user's Deployments. */
function workloadProps(chart: Chart, environment: Environment, placement: RegionPlacement, service: PlatformService): Partial<ServiceMeshCanaryProps> {
  const image = service.workload.imageOptions;
  if (image) {
    // Passed as given: ServiceMeshCanary validates its builder's props (a canary image with a
    // strategy that has no canary track is rejected there, not dropped here).
    return { livenessPath: service.livenessPath, readinessPath: service.readinessPath, ...image };
  }
  const options = service.workload.deploymentOptions!;
  const context: WorkloadBuildContext = { environment: environment.name, region: placement.region, role: placement.role, namespace: service.namespace, port: service.port };
  const path = `environments.${environment.name}.services.${service.name}`;
  // The user's constructs get a scope of their own, so their ids never meet the mesh construct's.
  const scope = new Construct(chart, 'Workload');
  const build = (id: string, builder: DeploymentWorkloadOptions['build']): Deployment => {
    const deployment = withConstructPath(scope, () => builder(scope, context));
    // The workload role is associated with this account (EKS Pod Identity): the pods must run as it.
    const account = deployment.serviceAccount?.name;
    if (account !== options.serviceAccountName) {
      invalid(path, `workload.${id}().serviceAccount`, account, `the ServiceAccount "${options.serviceAccountName}" named by workload.serviceAccountName, which the workload role is associated with (Deployment ${deployment.node.path})`);
    }
    return deployment;
  };
  return {
    workload: build('build', options.build),
    canaryWorkload: options.buildCanary ? build('buildCanary', options.buildCanary) : undefined,
  };
}

/** Zones of a region; `validateEnvironments` has checked every region has them. */
function zonesOf(environment: Environment, region: string): LocalityRegion {
  return { region, zones: [...environment.mesh.zones[region]] };
}

/** Locality of a service in a region; the rules on the mode are checked by `validateEnvironments`. */
function locality(environment: Environment, placement: RegionPlacement, service: PlatformService): LocalityLoadBalancing {
  const mesh = environment.mesh;
  if (mesh.locality === 'zone-aware') {
    const weights = mesh.crossClusterWeights;
    return LocalityLoadBalancing.zoneAware({
      local: zonesOf(environment, placement.region),
      localZonePercent: mesh.localZonePercent,
      regionWeights: weights ? { ...weights } : undefined,
      remoteRegions: weights
        ? environment.regions.filter((r) => r.region !== placement.region && service.regions.includes(r.region)).map((r) => zonesOf(environment, r.region))
        : undefined,
    });
  }
  return LocalityLoadBalancing.failover([{ from: placement.region, to: failoverRegionOf(environment, placement.region)! }]);
}
