import { Testing } from 'cdk8s';
import { validateEnvironments } from '../../stacks/environment-model';
import { ENVIRONMENTS } from '../../stacks/environments';
import { addServiceMeshChart, SERVICE_MESH_CHART_ID, ServiceMeshSettings } from '../../stacks/service-mesh-chart';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { find, inventory, Manifest } from './support';

const environments = validateEnvironments(ENVIRONMENTS);
const clusters = environments.flatMap((environment) => environment.regions.map((placement) => ({ environment, placement })));

/** The service-mesh chart of one cluster, synthesized. */
function clusterManifests(environmentName: string, region: string): Manifest[] {
  const { environment, placement } = clusters.find((c) => c.environment.name === environmentName && c.placement.region === region)!;
  const chart = addServiceMeshChart(Testing.app(), environment, placement, environment.serviceMesh);
  expect(chart.node.id).toBe(SERVICE_MESH_CHART_ID);
  return Testing.synth(chart) as Manifest[];
}

describe('service-mesh chart per cluster', () => {
  test.each(clusters.map((c) => [c.environment.name, c.placement.region]))('%s %s matches its snapshot', (env, region) => {
    expect(clusterManifests(env, region)).toMatchSnapshot();
  });

  test('dev runs the 90/10 fixed split with zone-aware 80/20 distribution and no east-west gateway', () => {
    const manifests = clusterManifests('dev', 'us-east-1');
    expect(find(manifests, 'VirtualService', 'api').spec.http[0].route.map((d: { weight: number }) => d.weight)).toEqual([90, 10]);
    expect(find(manifests, 'HorizontalPodAutoscaler', 'api-stable').spec).toMatchObject({ minReplicas: 1, maxReplicas: 3 });
    expect(find(manifests, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to)
      .toEqual({ 'us-east-1/us-east-1a/*': 80, 'us-east-1/us-east-1b/*': 10, 'us-east-1/us-east-1c/*': 10 });
    expect(manifests.some((m) => m.kind === 'Gateway')).toBe(false);
  });

  test('staging runs the seed progressive canary and fails over between its two regions', () => {
    const east = clusterManifests('staging', 'us-east-1');
    const west = clusterManifests('staging', 'us-west-2');
    expect(find(east, 'Rollout', 'api').spec.strategy.canary.steps.filter((s: { setWeight?: number }) => s.setWeight).map((s: { setWeight: number }) => s.setWeight))
      .toEqual([10, 25, 50, 100]);
    expect(find(east, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer.localityLbSetting.failover).toEqual([{ from: 'us-east-1', to: 'us-west-2' }]);
    expect(find(west, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer.localityLbSetting.failover).toEqual([{ from: 'us-west-2', to: 'us-east-1' }]);
    expect(find(east, 'Gateway', 'cross-network-gateway').spec.servers[0].tls).toEqual({ mode: 'AUTO_PASSTHROUGH' });
  });

  test('prod spreads 40/40/20 across its clusters and runs the warm standby smaller', () => {
    const eu = clusterManifests('prod', 'eu-west-1');
    expect(find(eu, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0]).toEqual({
      from: 'eu-west-1/eu-west-1a/*',
      to: { 'eu-west-1/eu-west-1a/*': 16, 'eu-west-1/eu-west-1b/*': 2, 'eu-west-1/eu-west-1c/*': 2, 'us-east-1/*': 40, 'us-west-2/*': 40 },
    });
    expect(find(eu, 'HorizontalPodAutoscaler', 'api').spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(find(clusterManifests('prod', 'us-west-2'), 'HorizontalPodAutoscaler', 'api').spec).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
    expect(inventory(eu)).toEqual([
      'ServiceAccount/api', 'Service/api', 'HorizontalPodAutoscaler/api', 'PodDisruptionBudget/api', 'VirtualService/api', 'DestinationRule/api',
      'PeerAuthentication/api', 'AuthorizationPolicy/api-allow', 'NetworkPolicy/api-mesh-only', 'Rollout/api', 'AnalysisTemplate/api-canary-analysis', 'PodMonitor/api-envoy',
      'Gateway/cross-network-gateway',
    ]);
  });

  test('every cluster emits only schema-valid objects without unknown fields', () => {
    const all = clusters.flatMap((c) => clusterManifests(c.environment.name, c.placement.region));
    expect(kubernetesSchemaErrors(all)).toEqual([]);
  });
});

describe('service-mesh settings validation', () => {
  /** Adds the chart of one cluster with its environment's settings changed by `overrides`. */
  const chartWith = (environmentName: string, region: string, overrides: Partial<ServiceMeshSettings>) => () => {
    const { environment, placement } = clusters.find((c) => c.environment.name === environmentName && c.placement.region === region)!;
    addServiceMeshChart(Testing.app(), environment, placement, { ...environment.serviceMesh, ...overrides });
  };

  test('throws when a role of the environment has no replica range', () => {
    expect(chartWith('staging', 'us-west-2', { replicasByRole: { primary: { min: 2, max: 6 } } }))
      .toThrow(/^environments\.staging\.serviceMesh: replicasByRole\.hot-standby = undefined: a replica range for every role the environment uses \(region us-west-2\)$/);
  });

  test('throws when a region of the environment has no zones', () => {
    expect(chartWith('prod', 'us-east-1', { zones: { 'us-east-1': ['us-east-1a'], 'us-west-2': ['us-west-2a'] } }))
      .toThrow(/^environments\.prod\.serviceMesh: zones\.eu-west-1 = undefined: the availability zones of every region of the environment$/);
  });

  test('throws when cross-cluster weights are given with region failover', () => {
    expect(chartWith('staging', 'us-east-1', { crossClusterWeights: { 'us-east-1': 50, 'us-west-2': 50 } }))
      .toThrow(/^environments\.staging\.serviceMesh: crossClusterWeights = \{"us-east-1":50,"us-west-2":50\}: unset with locality "region-failover": Istio takes either weights or failover$/);
  });

  test('throws when a single-region environment asks for region failover', () => {
    expect(chartWith('dev', 'us-east-1', { locality: 'region-failover' }))
      .toThrow(/^environments\.dev\.serviceMesh: locality = "region-failover": "zone-aware" for a single-region environment: there is no region to fail over to$/);
  });
});
