import { Duration, Stack, Stage, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as cdk8s from 'cdk8s';
import { invalid, RegionPlacement } from '../core';
import { pascalCase } from '../core/naming';
import { DataStoresOptions, DrRegionScopes, MultiRegionDr, RegionSignals, RegionSwitchAccessEntry, ScaledWorkload } from '../multi-region-dr';
import { FisPodDeleteRbac, MultiRegionDrCluster } from '../multi-region-dr/k8s';
import { drRetainsData, EnvironmentDrDescription } from './dr-model';
import { Environment } from './environment-model';
import { GlobalStack } from './global-stack';
import { clusterName, regionalName } from './naming';
import { RegionalStack } from './regional-stack';
import { RoutingControlsStack } from './routing-controls-stack';
import { runsAtFullCapacity, serviceMeshOf } from './service-mesh-chart';

/** Id of the DR chart of a cluster, and so its manifest file `<env>/<region>/dr.k8s.yaml`. */
export const DR_CHART_ID = 'dr';

/** The construct id of every environment's MultiRegionDr in its global stack. */
export const DR_CONSTRUCT_ID = 'Dr';

/** What composing DR into an environment built. */
export interface EnvironmentDrComposition {
  readonly dr: MultiRegionDr;
  /** The Aurora secondaries' own stacks (`<Env>/<Region>Database`), by region. */
  readonly databaseStacks: ReadonlyMap<string, Stack>;
}

/** Stack name of a region's Aurora secondary: `resilience-<environment>-<region>-database`. */
export function databaseStackName(environment: string, region: string): string {
  return `${regionalName(environment, region)}-database`;
}

/** The ALB metrics of a region's triggers: healthy hosts per zone (minimum) and response time p99, over one minute. */
function regionSignals(dr: EnvironmentDrDescription, zones: readonly string[], region: string): RegionSignals {
  const lb = dr.loadBalancers[region];
  const metric = (metricName: string, dimensionsMap: Record<string, string>, statistic: string): cloudwatch.Metric =>
    new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName, dimensionsMap, statistic, period: Duration.minutes(1), region });
  return {
    zoneHealthyHosts: Object.fromEntries(zones.map((zone) => [zone, metric('HealthyHostCount', { LoadBalancer: lb.loadBalancer, TargetGroup: lb.targetGroup, AvailabilityZone: zone }, cloudwatch.Stats.MINIMUM)])),
    latencySeconds: metric('TargetResponseTime', { LoadBalancer: lb.loadBalancer }, cloudwatch.Stats.p(99)),
  };
}

/**
 * The workloads the plan's EKS scaling step raises to full capacity: every Deployment that runs a
 * service's pods, as ServiceMeshCanary rendered it in each cluster (its static tracks, built or
 * handed in, each with its HPA). A handed-in Deployment may be named differently per cluster, so
 * names come from the rendered charts. Rollout-delivered services are not among them: ARC scales
 * apps/v1 Deployments only, so their standbys run at full capacity at rest (`serviceReplicas`).
 */
export function drScaledWorkloads(environment: Environment, clusters: ReadonlyMap<string, cdk8s.App>): ScaledWorkload[] {
  const workloads: ScaledWorkload[] = [];
  for (const service of environment.services) {
    const byKey = new Map<string, { apiVersion: string; kind: string; hpaName: string; names: Record<string, string> }>();
    for (const region of service.regions) {
      const app = clusters.get(region);
      const mesh = app && serviceMeshOf(app, service);
      for (const o of mesh?.scaledObjects ?? []) {
        if (o.kind !== 'Deployment') continue;
        const key = o.hpaName;
        const entry = byKey.get(key) ?? { apiVersion: o.apiVersion, kind: o.kind, hpaName: o.hpaName, names: {} };
        entry.names[region] = o.name;
        byKey.set(key, entry);
      }
    }
    for (const entry of byKey.values()) {
      const regions = Object.keys(entry.names);
      const name = entry.names[regions[0]];
      const uniform = regions.every((r) => entry.names[r] === name);
      workloads.push({
        namespace: service.namespace, name, apiVersion: entry.apiVersion, kind: entry.kind, hpaName: entry.hpaName, regions,
        nameByRegion: uniform ? undefined : entry.names,
      });
    }
  }
  return workloads;
}

function replicaRegions(environment: Environment, option?: { replicaRegions?: readonly string[] }): readonly string[] {
  if (!option) return [];
  return option.replicaRegions ?? (environment.dr.strategy.replicatesData ? environment.regions.filter((r) => !r.role.isPrimary).map((r) => r.region) : []);
}

/**
 * Composes MultiRegionDr into one environment, after the author's placement: the construct in the
 * global stack (us-east-1, beside GeoDnsRouting, moving DNS through its interface only), each
 * region's parts in its RegionalStack, and an Aurora secondary in a stack of its own where the
 * region also receives S3 or DynamoDB replicas (the primary's stack waits for those; the secondary
 * waits for the primary's global cluster).
 */
export function composeEnvironmentDr(
  stage: Stage, environment: Environment, global: GlobalStack, regional: ReadonlyMap<string, RegionalStack>, terminationProtection: boolean, clusters: ReadonlyMap<string, cdk8s.App>,
  routingControlsStack?: RoutingControlsStack,
): EnvironmentDrComposition {
  const dr = environment.dr;
  // The plans and the runbook move DNS through GeoDnsRouting: there must be a routing to move.
  if (global.routings.size === 0) invalid(`environments.${environment.name}`, 'services[].publication', 'none public', `at least one public service for dr (${dr.strategy.kind}): its GeoDnsRouting is what failover moves and what the runbook checks`);
  const stores = dr.stores ?? {};
  const databaseStacks = new Map<string, Stack>();
  const receivesReplicas = new Set([...replicaRegions(environment, stores.objectStorage), ...replicaRegions(environment, stores.keyValue)]);
  for (const region of replicaRegions(environment, stores.postgres).filter((r) => receivesReplicas.has(r))) {
    const stack = new Stack(stage, `${pascalCase(region)}Database`, {
      env: { account: environment.account, region },
      stackName: databaseStackName(environment.name, region),
      description: `resilience-constructs: ${environment.name} in ${region}, Aurora secondary of the global database`,
      terminationProtection,
    });
    Tags.of(stack).add('resilience:environment', environment.name);
    databaseStacks.set(region, stack);
  }
  const scopeOf = (region: string): DrRegionScopes => ({ stack: regional.get(region)!, secondaryDatabaseStack: databaseStacks.get(region) });

  let dataStores: DataStoresOptions = { objectStorage: stores.objectStorage, keyValue: stores.keyValue };
  if (stores.postgres) {
    const { networks, ...postgres } = stores.postgres;
    dataStores = {
      ...dataStores,
      postgres: {
        ...postgres,
        // Imported from attributes in the stack that holds the region's cluster: no lookup, deterministic.
        // Every network's region is one of the environment's (validateDrDescription).
        networks: Object.fromEntries(Object.entries(networks).map(([region, n]) => {
          const scope = databaseStacks.get(region) ?? regional.get(region)!;
          return [region, {
            vpc: ec2.Vpc.fromVpcAttributes(scope, 'DatabaseVpc', {
              vpcId: n.vpcId,
              availabilityZones: [...n.availabilityZones],
              isolatedSubnetIds: [...n.isolatedSubnetIds],
              isolatedSubnetRouteTableIds: [...n.isolatedSubnetRouteTableIds],
            }),
          }];
        })),
      },
    };
  }

  const construct = new MultiRegionDr(global, DR_CONSTRUCT_ID, {
    environment: environment.name,
    regions: environment.regions,
    strategy: dr.strategy,
    tier: dr.tier,
    capacity: dr.capacity,
    runbook: dr.runbook,
    regionScopes: Object.fromEntries(environment.regions.map((r) => [r.region, scopeOf(r.region)])),
    dns: global.routing,
    dnsTtl: environment.dns.ttl,
    signals: Object.fromEntries(environment.regions.map((r) => [r.region, regionSignals(dr, environment.mesh.zones[r.region], r.region)])),
    retainData: drRetainsData(environment.profile),
    approvalRoleName: dr.approvalRoleName,
    stores: dataStores,
    kubernetes: { clusterNames: Object.fromEntries(environment.regions.map((r) => [r.region, clusterName(environment.name, r.region)])), workloads: drScaledWorkloads(environment, clusters) },
    drills: dr.drills,
    routingControls: routingControlsStack && { stack: routingControlsStack },
  });
  // The routings' recovery-control health checks read the controls the plans and runbooks flip.
  if (routingControlsStack) routingControlsStack.bind(construct.routingControls!);
  // Each cluster a plan scales lets the plan's execution role in, from the stack of the cluster's
  // region (access entries are regional); that stack deploys after the global stack, which creates
  // the role EKS resolves when the entry is created.
  for (const plan of construct.plans) {
    for (const region of plan.scaledClusterRegions) {
      const stack = regional.get(region)!;
      new RegionSwitchAccessEntry(stack, `RegionSwitchAccess-${plan.node.id}`, { clusterName: clusterName(environment.name, region), executionRoleName: plan.executionRoleName });
      stack.addStackDependency(global, 'MultiRegionDr: the EKS access entry names the Region switch plan\'s execution role, which must exist');
    }
  }
  return { dr: construct, databaseStacks };
}

/**
 * Adds the `dr` chart to a cluster's app: each service's DR capacity (ConfigMap), the RBAC of the
 * plan's EKS scaling step. No standby PodDisruptionBudget: ServiceMeshCanary's budget
 * (`maxUnavailable: 1`) already selects the same pods, and two budgets on one pod make the
 * eviction API refuse every eviction; one replica at a time is at least as strict as the DR
 * budget's "all zones but one".
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#arbitrary-controllers-and-selectors
 */
export function addDrClusterChart(app: cdk8s.App, environment: Environment, placement: RegionPlacement, dr: MultiRegionDr): MultiRegionDrCluster {
  const chart = new MultiRegionDrCluster(app, DR_CHART_ID, {
    environment: environment.name,
    region: placement.region,
    role: placement.role,
    capacity: dr.capacity,
    workloads: environment.services.filter((s) => s.regions.includes(placement.region)).map((s) => ({
      namespace: s.namespace, name: s.name, atFullCapacity: runsAtFullCapacity(environment, placement, s) || undefined,
    })),
    planNames: dr.plans.map((p) => p.planName),
    standbyDisruptionBudget: false,
  });
  // The service account and namespace RBAC of the region's FIS pod deletion drills (their EKS access entries are in the region's stack).
  FisPodDeleteRbac.forDrills(chart, environment.name, (dr.regionResources.get(placement.region)?.drills ?? []).map((d) => d.drill));
  return chart;
}
