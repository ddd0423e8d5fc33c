import { CanaryStrategy, ZoneSpread } from '../../lib/service-mesh-canary';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { find, synth } from './support';

const ROLE = { 'resilience.dev/dr-role': 'hot-standby' };

describe('ServiceMeshCanary zone spread and workload labels', () => {
  test('by default the zone spread is best effort', () => {
    const { manifests } = synth();
    const [zone] = find(manifests, 'Deployment', 'api-stable').spec.template.spec.topologySpreadConstraints;
    expect(zone).toEqual({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'resilience.io/track': 'stable' } } });
  });

  test('a strict spread never schedules past one pod of skew and counts every zone, even one with no node yet', () => {
    // GIVEN 9 replicas over 3 zones, strictly spread
    const { manifests } = synth({ replicas: { min: 9, max: 9 }, zoneSpread: ZoneSpread.strict({ zones: 3 }) });
    // THEN the zone constraint is DoNotSchedule with minDomains 3; the node spread stays best effort
    const [zone, host] = find(manifests, 'Deployment', 'api-stable').spec.template.spec.topologySpreadConstraints;
    expect(zone).toEqual({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 3, labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'resilience.io/track': 'stable' } } });
    expect(host.whenUnsatisfiable).toBe('ScheduleAnyway');
    expect(kubernetesSchemaErrors(manifests)).toEqual([]);
  });

  test('workload labels reach the Deployments and their pods, next to the construct\'s own', () => {
    const { manifests } = synth({ workloadLabels: ROLE });
    for (const name of ['api-stable', 'api-canary']) {
      const d = find(manifests, 'Deployment', name);
      expect(d.metadata.labels).toMatchObject({ ...ROLE, 'app.kubernetes.io/name': 'api' });
      expect(d.spec.template.metadata.labels).toMatchObject({ ...ROLE, 'app.kubernetes.io/name': 'api' });
    }
    // AND the construct's disruption budget still selects those pods
    expect(find(manifests, 'PodDisruptionBudget', 'api').spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'api' });
  });

  test('workload labels and a strict spread reach a Rollout and its pods', () => {
    const { manifests, mesh } = synth({ strategy: CanaryStrategy.seedProgressive(), replicas: { min: 6, max: 9 }, zoneSpread: ZoneSpread.strict({ zones: 3 }), workloadLabels: ROLE });
    const rollout = find(manifests, 'Rollout', 'api');
    expect(rollout.metadata.labels).toMatchObject(ROLE);
    expect(rollout.spec.template.metadata.labels).toMatchObject(ROLE);
    expect(rollout.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({ whenUnsatisfiable: 'DoNotSchedule', minDomains: 3 });
    // AND the construct reports the Rollout as what runs the pods
    expect(mesh.scaledObjects).toEqual([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api', hpaName: 'api' }]);
  });

  test('the scaled objects of a static strategy are its tracks\' Deployments with their autoscalers', () => {
    const { mesh, manifests } = synth();
    expect(mesh.scaledObjects).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api-stable', hpaName: 'api-stable', track: 'stable' },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api-canary', hpaName: 'api-canary', track: 'canary' },
    ]);
    for (const o of mesh.scaledObjects) expect(find(manifests, 'HorizontalPodAutoscaler', o.hpaName).spec.scaleTargetRef).toEqual({ apiVersion: o.apiVersion, kind: o.kind, name: o.name });
  });

  test('throws when a strict spread gets replicas that are not a multiple of its zones', () => {
    expect(() => synth({ replicas: { min: 4, max: 9 }, zoneSpread: ZoneSpread.strict({ zones: 3 }) }))
      .toThrow(/test\/Api: replicas\.min = 4: a multiple of the 3 zones of zoneSpread \(strict\), so every zone runs the same number of pods/);
  });

  test('throws when a strict spread has a zone count out of range', () => {
    expect(() => synth({ replicas: { min: 9, max: 9 }, zoneSpread: ZoneSpread.strict({ zones: 0 }) })).toThrow(/test\/Api: zoneSpread\.zones = 0: an integer from 1 to 6/);
  });

  test('throws when a workload label would override one the construct sets', () => {
    expect(() => synth({ workloadLabels: { 'app.kubernetes.io/name': 'other' } }))
      .toThrow(/test\/Api: workloadLabels\.app\.kubernetes\.io\/name = "other": a key outside app\.kubernetes\.io\/, sidecar\.istio\.io\/, service\.istio\.io\/, resilience\.io\/: the construct sets those labels/);
  });

  test('throws when a workload label key or value is not a valid label', () => {
    expect(() => synth({ workloadLabels: { 'bad key': 'x' } })).toThrow(/test\/Api: workloadLabels\.bad key = "bad key": a qualified name/);
    expect(() => synth({ workloadLabels: { role: 'not valid!' } })).toThrow(/test\/Api: workloadLabels\.role = "not valid!": /);
  });
});
