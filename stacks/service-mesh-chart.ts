import { App, Chart } from 'cdk8s';
import { invalid, RegionPlacement } from '../lib/core';
import {
  CanaryStrategy, EastWestGateway, LocalityLoadBalancing, LocalityRegion, ReplicaRange, ServiceMeshCanary,
} from '../lib/service-mesh-canary';
import { Environment, failoverRegionOf } from './environment-model';

/** Id of the chart, and so the manifest file `dist/k8s/<env>/<region>/service-mesh.k8s.yaml`. */
export const SERVICE_MESH_CHART_ID = 'service-mesh';

/** How callers spread over localities in an environment's clusters. */
export type MeshLocalityMode = 'zone-aware' | 'region-failover';

/** The service-mesh settings of one environment: the seeds' main API service and its delivery. */
export interface ServiceMeshSettings {
  /** Image of the API service (a pinned tag). */
  readonly image: string;
  /** Image of the canary track, for a static strategy. @default - the image */
  readonly canaryImage?: string;
  /** How new versions meet traffic. */
  readonly strategy: CanaryStrategy;
  /** Replica range (HPA min/max) by region role name (`primary`, `hot-standby`, `warm-standby`). */
  readonly replicasByRole: Readonly<Record<string, ReplicaRange>>;
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
  /** Callers admitted by the AuthorizationPolicy, as `<namespace>/<service account>`. */
  readonly allowedServiceAccounts: string[];
  /** `release` label of the kube-prometheus-stack installation. */
  readonly monitoringRelease: string;
  /** Emit the cluster's east–west gateway (multi-cluster environments). */
  readonly eastWestGateway: boolean;
}

/** The API service: name, namespace, port and probes are the same in every environment. */
const API = { name: 'api', namespace: 'api', port: 8080, livenessPath: '/healthz', readinessPath: '/readyz' } as const;

/**
 * Adds the `service-mesh` chart of one cluster (an environment in a region) to `app`: the API service
 * through ServiceMeshCanary and, in multi-cluster environments, the east–west gateway.
 */
/** How the cluster's API is reached from outside: the ingress gateway hosts and their DNS annotations. */
export interface NorthSouthIngress {
  /** Hosts the ingress gateway serves (the routed hostname and the region's own endpoint name). */
  readonly hosts: string[];
  /** Kubernetes secret in the ingress gateway's namespace holding the TLS certificate for the hosts. */
  readonly credentialName: string;
  /** ExternalDNS annotations put on the Gateway, so the cluster publishes its endpoint record. */
  readonly dnsAnnotations: Record<string, string>;
}

export function addServiceMeshChart(app: App, environment: Environment, placement: RegionPlacement, settings: ServiceMeshSettings, ingress?: NorthSouthIngress): Chart {
  const path = `environments.${environment.name}.serviceMesh`;
  const replicas = settings.replicasByRole[placement.role.name];
  if (!replicas) invalid(path, `replicasByRole.${placement.role.name}`, undefined, `a replica range for every role the environment uses (region ${placement.region})`);
  const chart = new Chart(app, SERVICE_MESH_CHART_ID, { disableResourceNameHashes: true });
  new ServiceMeshCanary(chart, 'Api', {
    ...API,
    image: settings.image,
    canaryImage: settings.strategy.usesRollout ? undefined : settings.canaryImage,
    strategy: settings.strategy,
    replicas,
    locality: locality(path, environment, placement, settings),
    authorization: { allowedServiceAccounts: settings.allowedServiceAccounts },
    monitoringRelease: settings.monitoringRelease,
    gateway: ingress && { hosts: ingress.hosts, credentialName: ingress.credentialName, annotations: ingress.dnsAnnotations },
  });
  if (settings.eastWestGateway) new EastWestGateway(chart, 'EastWest');
  return chart;
}

function zonesOf(path: string, settings: ServiceMeshSettings, region: string): LocalityRegion {
  const zones = settings.zones[region];
  if (!zones) invalid(path, `zones.${region}`, undefined, 'the availability zones of every region of the environment');
  return { region, zones: [...zones] };
}

function locality(path: string, environment: Environment, placement: RegionPlacement, settings: ServiceMeshSettings): LocalityLoadBalancing {
  if (settings.locality === 'zone-aware') {
    const weights = settings.crossClusterWeights;
    return LocalityLoadBalancing.zoneAware({
      local: zonesOf(path, settings, placement.region),
      localZonePercent: settings.localZonePercent,
      regionWeights: weights ? { ...weights } : undefined,
      remoteRegions: weights
        ? environment.regions.filter((r) => r.region !== placement.region).map((r) => zonesOf(path, settings, r.region))
        : undefined,
    });
  }
  if (settings.crossClusterWeights) invalid(path, 'crossClusterWeights', settings.crossClusterWeights, 'unset with locality "region-failover": Istio takes either weights or failover');
  const target = failoverRegionOf(environment, placement.region);
  if (!target) invalid(path, 'locality', settings.locality, '"zone-aware" for a single-region environment: there is no region to fail over to');
  return LocalityLoadBalancing.failover([{ from: placement.region, to: target }]);
}
