import { Testing } from 'cdk8s';
import { RegionRole } from '../../lib/core';
import { DR_ROLE_LABEL, DR_SCALER_GROUP, RegionCapacity } from '../../lib/multi-region-dr';
import { drWorkloadPlacement, MultiRegionDrCluster } from '../../lib/multi-region-dr/k8s';
import { kubernetesSchemaErrors } from '../support/k8s-schema';

/** The fields of the emitted objects the assertions read. */
interface K8sObject {
  readonly kind: string;
  readonly data?: Record<string, string>;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly rules?: { resources: string[] }[];
  readonly roleRef?: unknown;
  readonly subjects?: unknown[];
}

const PLANS = ['prod-region-switch-us-west-2', 'prod-region-switch-eu-west-1'];
const chart = (role: RegionRole, region: string): K8sObject[] =>
  Testing.synth(new MultiRegionDrCluster(Testing.app(), 'dr', { environment: 'prod', region, role, workloads: [{ namespace: 'api', name: 'api' }], planNames: PLANS }));

describe('MultiRegionDrCluster', () => {
  const warm = chart(RegionRole.WARM_STANDBY, 'eu-west-1');
  const primary = chart(RegionRole.PRIMARY, 'us-east-1');

  test('each workload\'s capacity by role, from the one preset, 3 per zone in the primary', () => {
    const config = primary.find((o) => o.kind === 'ConfigMap')!;
    expect(config.data).toEqual({ region: 'us-east-1', role: 'primary', replicasMin: '9', replicasMax: '9', zones: '3', replicasPerZone: '3', plans: PLANS.join(','), scaledBy: 'region-switch-plan' });
    expect(warm.find((o) => o.kind === 'ConfigMap')!.data).toMatchObject({ role: 'warm-standby', replicasMin: '3', replicasMax: '9', replicasPerZone: '1' });
  });

  test('standbys get a disruption budget that keeps all zones but one; the primary keeps the mesh\'s', () => {
    expect(warm.find((o) => o.kind === 'PodDisruptionBudget')).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'api-dr-standby', namespace: 'api', labels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/part-of': 'prod', [DR_ROLE_LABEL]: 'warm-standby' } },
      spec: { minAvailable: 2, selector: { matchLabels: { 'app.kubernetes.io/name': 'api', [DR_ROLE_LABEL]: 'warm-standby' } } },
    });
    expect(primary.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  test('a workload the plan cannot scale runs at full capacity at rest, and its standby budget follows', () => {
    // GIVEN a warm standby whose workload is at full capacity at rest
    const objects = Testing.synth(new MultiRegionDrCluster(Testing.app(), 'dr', {
      environment: 'prod', region: 'eu-west-1', role: RegionRole.WARM_STANDBY, planNames: PLANS, workloads: [{ namespace: 'api', name: 'api', atFullCapacity: true }],
    })) as Array<K8sObject & { spec?: { minAvailable?: number } }>;
    // THEN its capacity reads 9 at rest (3 per zone), and the budget keeps all zones but one
    expect(objects.find((o) => o.kind === 'ConfigMap')!.data).toMatchObject({ replicasMin: '9', replicasMax: '9', replicasPerZone: '3', scaledBy: 'full-capacity-at-rest' });
    expect(objects.find((o) => o.kind === 'PodDisruptionBudget')!.spec!.minAvailable).toBe(6);
  });

  test('the plan\'s EKS scaling step gets exactly ARC\'s verbs on Deployments and HPAs, only in the workloads\' namespaces', () => {
    // GIVEN the chart of a cluster THEN no cluster-wide RBAC, and a Role per workload namespace
    expect(primary.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual([]);
    const roles = primary.filter((o) => o.kind === 'Role');
    expect(roles.map((r) => r.metadata.namespace).sort()).toEqual([...new Set(primary.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.namespace))].sort());
    for (const role of roles) {
      expect(role.rules).toEqual([
        { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get', 'update'] },
        { apiGroups: ['apps'], resources: ['deployments/status'], verbs: ['get'] },
        { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'patch'] },
      ]);
    }
    // AND each binding gives them to the group the plan's access entry maps its role to
    for (const binding of primary.filter((o) => o.kind === 'RoleBinding')) {
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'resilience-region-switch-scaler' });
      expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: DR_SCALER_GROUP }]);
    }
  });

  test('the placement the workloads get: replicas, labels, plan annotations, zone spreading', () => {
    expect(drWorkloadPlacement(RegionCapacity.seeds(), RegionRole.HOT_STANDBY, 'api', PLANS)).toEqual({
      replicas: { min: 6, max: 9 },
      labels: { [DR_ROLE_LABEL]: 'hot-standby' },
      annotations: { 'resilience.dev/dr-region-switch-plans': PLANS.join(','), 'resilience.dev/dr-full-capacity': '9' },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', [DR_ROLE_LABEL]: 'hot-standby' } } }],
    });
  });

  test('every object is schema-valid with no unknown field', () => {
    expect(kubernetesSchemaErrors([...warm, ...primary])).toEqual([]);
  });

  test('throws when a role\'s replicas cannot spread over the zones', () => {
    expect(() => new MultiRegionDrCluster(Testing.app(), 'dr', {
      environment: 'prod', region: 'eu-west-1', role: RegionRole.WARM_STANDBY, planNames: PLANS, workloads: [{ namespace: 'api', name: 'api' }],
      capacity: RegionCapacity.of({ zones: 3, replicasByRole: { 'primary': 9, 'warm-standby': 2 } }),
    })).toThrow(/^dr: capacity\.replicasByRole\.warm-standby = 2: a multiple of the 3 zones/);
  });
});
