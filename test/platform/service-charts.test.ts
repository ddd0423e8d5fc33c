import { Testing } from 'cdk8s';
import { addMeshChart, addServiceChart, EnvironmentDescription, serviceChartId, SERVICE_MESH_CHART_ID, ServiceWorkload, validateEnvironments } from '../../lib/platform';
import { RegionCapacity } from '../../lib/multi-region-dr';
import { ENVIRONMENTS } from '../../stacks/environments';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { find, inventory, Manifest } from '../service-mesh-canary/support';

const environments = validateEnvironments(ENVIRONMENTS);
const clusters = environments.flatMap((environment) => environment.regions.map((placement) => ({ environment, placement })));

/** The charts of one service in one cluster, synthesized. */
function serviceManifests(environmentName: string, region: string, serviceName = 'api'): Manifest[] {
  const { environment, placement } = clusters.find((c) => c.environment.name === environmentName && c.placement.region === region)!;
  const service = environment.services.find((s) => s.name === serviceName)!;
  const chart = addServiceChart(Testing.app(), environment, placement, service);
  expect(chart.node.id).toBe(serviceChartId(serviceName));
  return Testing.synth(chart) as Manifest[];
}

function meshManifests(environmentName: string): Manifest[] {
  const environment = environments.find((e) => e.name === environmentName)!;
  const chart = addMeshChart(Testing.app(), environment);
  if (!chart) return [];
  expect(chart.node.id).toBe(SERVICE_MESH_CHART_ID);
  return Testing.synth(chart) as Manifest[];
}

describe('service charts per cluster', () => {
  test.each(clusters.map((c) => [c.environment.name, c.placement.region]))('%s %s: the api chart matches its snapshot', (env, region) => {
    expect(serviceManifests(env, region)).toMatchSnapshot();
  });

  test('dev runs the API on the 90/10 fixed split with zone-aware 80/20 distribution and no east-west gateway', () => {
    const manifests = serviceManifests('dev', 'us-east-1');
    expect(find(manifests, 'VirtualService', 'api').spec.http[0].route.map((d: { weight: number }) => d.weight)).toEqual([90, 10]);
    expect(find(manifests, 'HorizontalPodAutoscaler', 'api-stable').spec).toMatchObject({ minReplicas: 3, maxReplicas: 3 });
    expect(find(manifests, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to)
      .toEqual({ 'us-east-1/us-east-1a/*': 80, 'us-east-1/us-east-1b/*': 10, 'us-east-1/us-east-1c/*': 10 });
    expect(meshManifests('dev')).toEqual([]);
  });

  test('staging runs the seed progressive canary and fails over between its two regions', () => {
    const east = serviceManifests('staging', 'us-east-1');
    const west = serviceManifests('staging', 'us-west-2');
    expect(find(east, 'Rollout', 'api').spec.strategy.canary.steps.filter((s: { setWeight?: number }) => s.setWeight).map((s: { setWeight: number }) => s.setWeight))
      .toEqual([10, 25, 50, 100]);
    expect(find(east, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer.localityLbSetting.failover).toEqual([{ from: 'us-east-1', to: 'us-west-2' }]);
    expect(find(west, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer.localityLbSetting.failover).toEqual([{ from: 'us-west-2', to: 'us-east-1' }]);
    expect(find(meshManifests('staging'), 'Gateway', 'cross-network-gateway').spec.servers[0].tls).toEqual({ mode: 'AUTO_PASSTHROUGH' });
  });

  test('prod spreads 40/40/20 across its clusters and runs the warm standby smaller, for every service ARC can scale up', () => {
    const eu = serviceManifests('prod', 'eu-west-1');
    expect(find(eu, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0]).toEqual({
      from: 'eu-west-1/eu-west-1a/*',
      to: { 'eu-west-1/eu-west-1a/*': 16, 'eu-west-1/eu-west-1b/*': 2, 'eu-west-1/eu-west-1c/*': 2, 'us-east-1/*': 40, 'us-west-2/*': 40 },
    });
    // The default fixed split (stable track, a Deployment the plan scales): the role's replicas at rest, up to full capacity
    for (const [service, hpa] of [['background-jobs', 'background-jobs-stable'], ['executions', 'executions-stable'], ['health-checks', 'health-checks-stable']]) {
      expect(find(serviceManifests('prod', 'eu-west-1', service), 'HorizontalPodAutoscaler', hpa).spec).toMatchObject({ minReplicas: 3, maxReplicas: 9 });
    }
    // api and main on the progressive canary (one Rollout, which ARC's EKS scaling block cannot scale): full capacity at rest in the standbys
    for (const service of ['api', 'main']) {
      expect(find(serviceManifests('prod', 'eu-west-1', service), 'HorizontalPodAutoscaler', service).spec).toMatchObject({ minReplicas: 9, maxReplicas: 9 });
    }
    // From dr.capacity (RegionCapacity.seeds()): each role's replicas at rest up to the full capacity of 9.
    expect(find(serviceManifests('prod', 'us-west-2', 'executions'), 'HorizontalPodAutoscaler', 'executions-stable').spec).toMatchObject({ minReplicas: 6, maxReplicas: 9 });
    expect(find(serviceManifests('prod', 'us-east-1'), 'HorizontalPodAutoscaler', 'api').spec).toMatchObject({ minReplicas: 9, maxReplicas: 9 });
    expect(inventory(eu)).toEqual([
      'ServiceAccount/api', 'Service/api', 'HorizontalPodAutoscaler/api', 'PodDisruptionBudget/api', 'VirtualService/api', 'DestinationRule/api',
      'PeerAuthentication/api', 'AuthorizationPolicy/api-allow', 'NetworkPolicy/api-mesh-only', 'EnvoyFilter/api-local-rate-limit', 'Rollout/api', 'AnalysisTemplate/api-canary-analysis', 'PodMonitor/api-envoy',
    ]);
    expect(inventory(meshManifests('prod'))).toEqual(['Gateway/cross-network-gateway']);
  });

  test('every service is rate-limited per pod, answering 429 over the limit', () => {
    for (const service of ['api', 'main', 'background-jobs', 'executions', 'health-checks']) {
      const filter = find(serviceManifests('staging', 'us-east-1', service), 'EnvoyFilter', `${service}-local-rate-limit`);
      expect(JSON.stringify(filter.spec)).toContain('"max_tokens":200');
      expect(JSON.stringify(filter.spec)).toContain('"tokens_per_fill":100');
      // Envoy's local rate limit answers 429 by default; the header tells callers why.
      expect(filter.spec.configPatches[0].patch.value.typed_config.response_headers_to_add[0].header).toEqual({ key: 'x-local-rate-limit', value: 'true' });
    }
  });

  test('internal services get no ingress gateway; the public API does, with its own endpoint name', () => {
    const { environment, placement } = clusters.find((c) => c.environment.name === 'prod' && c.placement.region === 'eu-west-1')!;
    const main = Testing.synth(addServiceChart(Testing.app(), environment, placement, environment.services.find((s) => s.name === 'main')!)) as Manifest[];
    expect(main.some((m) => m.kind === 'Gateway')).toBe(false);
    expect(find(main, 'AuthorizationPolicy', 'main-allow').spec.rules[0].from[0].source.principals).toEqual(
      expect.arrayContaining(['cluster.local/ns/web/sa/frontend', 'cluster.local/ns/api/sa/api']),
    );
  });

  test('passes the image builder\'s props to ServiceMeshCanary as given', () => {
    const staging = ENVIRONMENTS.find((e) => e.name === 'staging')!;
    const [env] = validateEnvironments([{ ...staging, services: [{
      name: 'jobs',
      workload: ServiceWorkload.image({ image: 'registry.example.com/jobs:1.0.0', canaryImage: 'registry.example.com/jobs:1.1.0', command: ['/jobs'], args: ['--queue=default'], nodeSelector: { pool: 'batch' } }),
    }] }]);
    const manifests = Testing.synth(addServiceChart(Testing.app(), env, env.regions[0], env.services[0])) as Manifest[];
    const pod = find(manifests, 'Deployment', 'jobs-canary').spec.template.spec;
    expect(pod.containers[0]).toMatchObject({ image: 'registry.example.com/jobs:1.1.0', command: ['/jobs'], args: ['--queue=default'] });
    expect(pod.nodeSelector).toEqual({ pool: 'batch' });
  });

  test('every cluster emits only schema-valid objects without unknown fields', () => {
    const all = clusters.flatMap((c) => c.environment.services.flatMap((s) => serviceManifests(c.environment.name, c.placement.region, s.name)));
    expect(kubernetesSchemaErrors([...all, ...meshManifests('prod')])).toEqual([]);
  });
});

describe('mesh settings validation', () => {
  const staging = ENVIRONMENTS.find((e) => e.name === 'staging')!;
  const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
  const dev = ENVIRONMENTS.find((e) => e.name === 'dev')!;
  const validate = (description: EnvironmentDescription) => () => validateEnvironments([description]);

  test('throws when a role of the environment has no capacity', () => {
    expect(validate({ ...staging, dr: { ...staging.dr, capacity: RegionCapacity.of({ zones: 3, replicasByRole: { primary: 9 } }) } }))
      .toThrow(/^environments\.staging: dr\.capacity\.replicasByRole = \["primary"\]: replicas for role "hot-standby", which the environment uses$/);
  });

  test('throws when a region of the environment has no zones', () => {
    expect(validate({ ...prod, mesh: { ...prod.mesh, zones: { 'us-east-1': prod.mesh.zones['us-east-1'], 'us-west-2': prod.mesh.zones['us-west-2'] } } }))
      .toThrow(/^environments\.prod: mesh\.zones\.eu-west-1 = undefined: the availability zones of every region of the environment$/);
  });

  test('throws when cross-cluster weights are given with region failover', () => {
    expect(validate({ ...staging, mesh: { ...staging.mesh, crossClusterWeights: { 'us-east-1': 50, 'us-west-2': 50 } } }))
      .toThrow(/^environments\.staging: mesh\.crossClusterWeights = \{"us-east-1":50,"us-west-2":50\}: unset with locality "region-failover": Istio takes either weights or failover$/);
  });

  test('throws when a single-region environment asks for region failover', () => {
    expect(validate({ ...dev, mesh: { ...dev.mesh, locality: 'region-failover' } }))
      .toThrow(/^environments\.dev: mesh\.locality = "region-failover": "zone-aware" for a single-region environment: there is no region to fail over to$/);
  });
});
