import { Duration } from 'cdk8s';
import { CanaryStep, CanaryStrategy, RolloutHook } from '../../lib/service-mesh-canary';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { find, inventory, Manifest, route, synth } from './support';

const HOST = 'api.api.svc.cluster.local';
const subset = (name: string, weight: number) => ({ destination: { host: HOST, subset: name, port: { number: 8080 } }, weight });

describe('fixed split (the default)', () => {
  test('runs stable and canary Deployments and splits the primary route 90/10', () => {
    const { manifests } = synth({ canaryImage: 'registry.example.com/api:1.1.0' });

    expect(inventory(manifests)).toEqual([
      'ServiceAccount/api', 'Service/api',
      'Deployment/api-stable', 'HorizontalPodAutoscaler/api-stable', 'Deployment/api-canary', 'HorizontalPodAutoscaler/api-canary',
      'PodDisruptionBudget/api', 'VirtualService/api', 'DestinationRule/api', 'PeerAuthentication/api', 'AuthorizationPolicy/api-allow',
      'NetworkPolicy/api-mesh-only', 'PodMonitor/api-envoy',
    ]);
    expect(route(manifests, 'primary').route).toEqual([subset('stable', 90), subset('canary', 10)]);
    expect(find(manifests, 'Deployment', 'api-canary').spec.template.spec.containers[0].image).toBe('registry.example.com/api:1.1.0');
    expect(find(manifests, 'Deployment', 'api-canary').spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.1.0');
    expect(find(manifests, 'DestinationRule', 'api').spec.subsets).toEqual([
      { name: 'stable', labels: { 'app.kubernetes.io/name': 'api', 'resilience.io/track': 'stable' } },
      { name: 'canary', labels: { 'app.kubernetes.io/name': 'api', 'resilience.io/track': 'canary' } },
    ]);
  });

  test('takes any split that sums to 100', () => {
    const { manifests } = synth({ strategy: CanaryStrategy.fixedSplit({ stable: 75, canary: 25 }) });
    expect(route(manifests, 'primary').route).toEqual([subset('stable', 75), subset('canary', 25)]);
  });
});

describe('progressive canary', () => {
  test('hands the workload to an Argo Rollout routing through the named primary route and the subsets', () => {
    const { manifests } = synth({ strategy: CanaryStrategy.seedProgressive() });

    expect(manifests.some((m) => m.kind === 'Deployment')).toBe(false);
    const rollout = find(manifests, 'Rollout', 'api');
    expect(rollout.spec.strategy.canary.trafficRouting).toEqual({
      istio: {
        virtualService: { name: 'api', routes: ['primary'] },
        destinationRule: { name: 'api', canarySubsetName: 'canary', stableSubsetName: 'stable' },
      },
    });
    expect(rollout.spec.strategy.canary.steps).toEqual([
      { setWeight: 10 }, { pause: { duration: '10m' } },
      { setWeight: 25 }, { pause: { duration: '10m' } },
      { setWeight: 50 }, { pause: { duration: '10m' } },
      { setWeight: 100 }, { pause: { duration: '10m' } },
    ]);
    expect(route(manifests, 'primary').route).toEqual([subset('stable', 100), subset('canary', 0)]);
    expect(find(manifests, 'HorizontalPodAutoscaler', 'api').spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api' });
  });

  test('runs the analysis in the background from the first weight and aborts (rolls back) on failure or a stalled rollout', () => {
    const { manifests } = synth({ strategy: CanaryStrategy.seedProgressive() });
    const rollout = find(manifests, 'Rollout', 'api');

    expect(rollout.spec.strategy.canary.analysis).toEqual({
      templates: [{ templateName: 'api-canary-analysis' }],
      args: [{ name: 'service', value: 'api' }, { name: 'namespace', value: 'api' }, { name: 'revision', value: '1.0.0' }],
      startingStep: 0,
    });
    expect(rollout.spec.progressDeadlineAbort).toBe(true);
    expect(find(manifests, 'AnalysisTemplate', 'api-canary-analysis').spec.metrics.map((m: { name: string }) => m.name)).toEqual(['success-rate', 'latency-p95']);
  });

  test('header and mirror steps use managed routes', () => {
    const { manifests, mesh } = synth({
      strategy: CanaryStrategy.progressive({
        managedRoutes: ['beta', 'mirror'],
        steps: [
          CanaryStep.setMirrorRoute({ route: 'mirror', percentage: 20 }),
          CanaryStep.setHeaderRoute({ route: 'beta', header: 'x-beta', value: 'yes' }),
          CanaryStep.pause(),
          CanaryStep.removeMirrorRoute('mirror'),
          CanaryStep.setWeight(50),
          CanaryStep.pause(Duration.seconds(90)),
        ],
      }),
    });
    const canary = find(manifests, 'Rollout', 'api').spec.strategy.canary;

    expect(canary.trafficRouting.managedRoutes).toEqual([{ name: 'beta' }, { name: 'mirror' }]);
    expect(canary.steps).toEqual([
      { setMirrorRoute: { name: 'mirror', percentage: 20, match: [{ path: { prefix: '/' } }] } },
      { setHeaderRoute: { name: 'beta', match: [{ headerName: 'x-beta', headerValue: { exact: 'yes' } }] } },
      { pause: {} },
      { setMirrorRoute: { name: 'mirror' } },
      { setWeight: 50 },
      { pause: { duration: '90s' } },
    ]);
    expect(canary.analysis.startingStep).toBe(4);
    expect(mesh.gitOpsIgnoreDifferences[0].jqPathExpressions).toEqual([
      '.spec.http[].route[].weight', '.spec.http[] | select(.name == "beta")', '.spec.http[] | select(.name == "mirror")',
    ]);
  });

  test('a load-test route and hooks run before traffic shifts and before 100 %', () => {
    const { manifests } = synth({
      minIstioVersion: '1.24',
      loadTestRoute: { header: 'x-load-test' },
      strategy: CanaryStrategy.progressive({
        steps: CanaryStep.weightsWithPause([20, 100], Duration.minutes(5)),
        loadTest: RolloutHook.job({ image: 'grafana/k6:0.52.0', args: ['run', '/scripts/api.js'] }),
        prePromotion: RolloutHook.job({ image: 'registry.example.com/smoke:1.0.0' }),
      }),
    });
    const canary = find(manifests, 'Rollout', 'api').spec.strategy.canary;

    expect(canary.trafficRouting.managedRoutes).toEqual([{ name: 'load-test' }]);
    expect(canary.steps).toEqual([
      { setCanaryScale: { replicas: 1 } },
      { setHeaderRoute: { name: 'load-test', match: [{ headerName: 'x-load-test', headerValue: { exact: 'true' } }] } },
      { analysis: { templates: [{ templateName: 'api-load-test' }] } },
      { setCanaryScale: { matchTrafficWeight: true } },
      { setWeight: 20 }, { pause: { duration: '5m' } },
      { analysis: { templates: [{ templateName: 'api-pre-promotion' }] } },
      { setWeight: 100 }, { pause: { duration: '5m' } },
    ]);
    expect(canary.analysis.startingStep).toBe(4);
    // Argo Rollouts creates the load-test route itself; the manifest holds only the primary route.
    expect(find(manifests, 'VirtualService', 'api').spec.http.map((h: { name: string }) => h.name)).toEqual(['primary']);

    const job = find(manifests, 'AnalysisTemplate', 'api-load-test').spec.metrics[0].provider.job;
    expect(job.spec.template.metadata.annotations).toEqual({ 'sidecar.istio.io/nativeSidecar': 'true' });
    expect(job.spec.template.spec.serviceAccountName).toBe('api-rollout-hooks');
    expect(job.spec.template.spec.containers[0].env).toEqual([
      { name: 'TARGET_URL', value: 'http://api.api.svc.cluster.local:8080' },
      { name: 'ROUTE_HEADER', value: 'x-load-test: true' },
    ]);
    expect(find(manifests, 'ServiceAccount', 'api-rollout-hooks').automountServiceAccountToken).toBe(false);
  });
});

describe('rollout hooks', () => {
  /** True when every label of `selector` is on `labels` with the same value. */
  const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

  test.each([
    ['progressive', CanaryStrategy.progressive({
      steps: [CanaryStep.setWeight(50)],
      loadTest: RolloutHook.job({ image: 'grafana/k6:0.52.0' }),
      prePromotion: RolloutHook.job({ image: 'registry.example.com/smoke:1.0.0' }),
    })],
    ['blue-green', CanaryStrategy.blueGreen({
      loadTest: RolloutHook.job({ image: 'grafana/k6:0.52.0' }),
      prePromotion: RolloutHook.job({ image: 'registry.example.com/smoke:1.0.0' }),
    })],
  ])('%s: the hook Jobs\' pods are selected by nothing that selects the service\'s pods', (_kind, strategy) => {
    const { manifests } = synth({ minIstioVersion: '1.24', loadTestRoute: { header: 'x-load-test' }, strategy });
    const hookPods: Array<Record<string, string>> = manifests.filter((m) => m.kind === 'AnalysisTemplate')
      .flatMap((t) => t.spec.metrics)
      .filter((m: { provider: { job?: unknown } }) => m.provider.job)
      .map((m: { provider: { job: { spec: { template: { metadata: { labels: Record<string, string> } } } } } }) => m.provider.job.spec.template.metadata.labels);
    expect(hookPods).toHaveLength(2);

    const selectors: Array<[string, Record<string, string>]> = manifests.flatMap((m): Array<[string, Record<string, string>]> => {
      switch (m.kind) {
        case 'Service': return [[`Service/${m.metadata.name}`, m.spec.selector]];
        case 'Rollout': case 'PodDisruptionBudget': case 'PodMonitor': return [[`${m.kind}/${m.metadata.name}`, m.spec.selector.matchLabels]];
        case 'PeerAuthentication': case 'AuthorizationPolicy': return [[`${m.kind}/${m.metadata.name}`, m.spec.selector.matchLabels]];
        case 'DestinationRule': return (m.spec.subsets ?? []).map((s: { name: string; labels: Record<string, string> }): [string, Record<string, string>] => [`subset ${s.name}`, s.labels]);
        default: return [];
      }
    });
    expect(selectors.map(([what]) => what)).toEqual(expect.arrayContaining(['Service/api', 'Rollout/api', 'PodDisruptionBudget/api', 'PodMonitor/api-envoy']));
    for (const labels of hookPods) {
      expect(labels).toMatchObject({ 'app.kubernetes.io/name': 'api-rollout-hooks', 'sidecar.istio.io/inject': 'true' });
      expect(selectors.filter(([, selector]) => selects(selector, labels)).map(([what]) => what)).toEqual([]);
    }
  });
});

describe('header A/B', () => {
  test('routes requests with the header to the canary, all others to stable', () => {
    const { manifests } = synth({ strategy: CanaryStrategy.headerAB({ header: 'x-beta-tester' }) });
    const http = find(manifests, 'VirtualService', 'api').spec.http;

    expect(http.map((h: { name: string }) => h.name)).toEqual(['header-ab', 'primary']);
    expect(http[0].match).toEqual([{ headers: { 'x-beta-tester': { exact: 'true' } } }]);
    expect(http[0].route).toEqual([subset('canary', 100)]);
    expect(http[1].route).toEqual([subset('stable', 100)]);
  });
});

describe('blue-green', () => {
  test('a Rollout with active and preview Services, header routing to the preview colour', () => {
    const { manifests, mesh } = synth({ strategy: CanaryStrategy.blueGreen({ previewHeader: 'x-colour', previewValue: 'green' }) });

    const blueGreen = find(manifests, 'Rollout', 'api').spec.strategy.blueGreen;
    expect(blueGreen).toMatchObject({
      activeService: 'api', previewService: 'api-preview', autoPromotionEnabled: false,
      prePromotionAnalysis: { templates: [{ templateName: 'api-canary-analysis' }] },
    });
    expect(find(manifests, 'Service', 'api-preview').spec.selector).toEqual({ 'app.kubernetes.io/name': 'api' });
    expect(route(manifests, 'preview')).toMatchObject({
      match: [{ headers: { 'x-colour': { exact: 'green' } } }],
      route: [{ destination: { host: 'api-preview.api.svc.cluster.local', port: { number: 8080 } }, weight: 100 }],
    });
    expect(route(manifests, 'primary').route).toEqual([{ destination: { host: HOST, port: { number: 8080 } }, weight: 100 }]);
    expect(find(manifests, 'DestinationRule', 'api-preview').spec.trafficPolicy.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
    expect(find(manifests, 'AnalysisTemplate', 'api-canary-analysis').spec.metrics[0].count).toBe(5);
    expect(mesh.gitOpsIgnoreDifferences.map((d) => `${d.kind}/${d.name}`)).toEqual(['Service/api', 'Service/api-preview']);
  });

  test('promotes automatically after a delay when asked to', () => {
    const { manifests } = synth({ strategy: CanaryStrategy.blueGreen({ autoPromoteAfter: Duration.minutes(5), analysis: false }) });
    const blueGreen = find(manifests, 'Rollout', 'api').spec.strategy.blueGreen;
    expect(blueGreen.autoPromotionEnabled).toBe(true);
    expect(blueGreen.autoPromotionSeconds).toBe(300);
    expect(blueGreen.prePromotionAnalysis).toBeUndefined();
    expect(manifests.some((m) => m.kind === 'AnalysisTemplate')).toBe(false);
  });
});

describe('shadow', () => {
  test('serves from stable and mirrors a share to the canary', () => {
    const { manifests } = synth({ strategy: CanaryStrategy.shadow({ mirrorPercentage: 25 }) });
    expect(route(manifests, 'primary')).toMatchObject({
      route: [subset('stable', 100)],
      mirror: { host: HOST, subset: 'canary', port: { number: 8080 } },
      mirrorPercentage: { value: 25 },
    });
  });
});

describe('maintenance', () => {
  test('answers 503 for every request by default, without retries, with only the stable track', () => {
    const { manifests } = synth({ strategy: CanaryStrategy.maintenance() });
    const primary = route(manifests, 'primary');
    expect(primary.fault).toEqual({ abort: { httpStatus: 503, percentage: { value: 100 } } });
    // Not absent: Istio would apply its own default retries to a route without `retries`.
    expect(primary.retries).toEqual({ attempts: 0 });
    expect(manifests.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name)).toEqual(['api-stable']);
  });

  test('answers 503 for a share of requests', () => {
    const { manifests } = synth({ strategy: CanaryStrategy.maintenance({ percentage: 30 }) });
    expect(route(manifests, 'primary').fault.abort.percentage).toEqual({ value: 30 });
  });
});

describe('load-test route', () => {
  test('sends requests with the header to the canary ahead of the strategy routes', () => {
    const { manifests } = synth({ loadTestRoute: { header: 'x-load-test', value: 'k6' } });
    const http = find(manifests, 'VirtualService', 'api').spec.http;
    expect(http.map((h: { name: string }) => h.name)).toEqual(['load-test', 'primary']);
    expect(http[0]).toMatchObject({ match: [{ headers: { 'x-load-test': { exact: 'k6' } } }], route: [subset('canary', 100)] });
  });
});

test('every strategy emits only schema-valid objects without unknown fields', () => {
  const all: Manifest[] = [
    ...synth().manifests,
    ...synth({ strategy: CanaryStrategy.seedProgressive() }).manifests,
    ...synth({
      minIstioVersion: '1.24',
      loadTestRoute: { header: 'x-load-test' },
      strategy: CanaryStrategy.progressive({
        managedRoutes: ['beta', 'mirror'],
        steps: [
          CanaryStep.setMirrorRoute({ route: 'mirror', percentage: 20, pathPrefix: '/v1' }),
          CanaryStep.setHeaderRoute({ route: 'beta', header: 'x-beta', value: 'yes' }),
          CanaryStep.setWeight(30), CanaryStep.pause(),
          CanaryStep.removeHeaderRoute('beta'),
          CanaryStep.setWeight(100),
        ],
        loadTest: RolloutHook.job({ image: 'grafana/k6:0.52.0', args: ['run'] }),
        prePromotion: RolloutHook.job({ image: 'registry.example.com/smoke:1.0.0' }),
      }),
    }).manifests,
    ...synth({ strategy: CanaryStrategy.headerAB({ header: 'x-beta-tester' }), loadTestRoute: { header: 'x-load-test' } }).manifests,
    ...synth({
      minIstioVersion: '1.24',
      strategy: CanaryStrategy.blueGreen({ autoPromoteAfter: Duration.minutes(5), loadTest: RolloutHook.job({ image: 'grafana/k6:0.52.0' }) }),
      loadTestRoute: { header: 'x-load-test' },
    }).manifests,
    ...synth({ strategy: CanaryStrategy.shadow({ mirrorPercentage: 10 }) }).manifests,
    ...synth({ strategy: CanaryStrategy.maintenance({ percentage: 50 }) }).manifests,
  ];
  expect(new Set(all.map((m) => m.kind))).toEqual(new Set([
    'ServiceAccount', 'Service', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'VirtualService', 'DestinationRule',
    'PeerAuthentication', 'AuthorizationPolicy', 'NetworkPolicy', 'PodMonitor', 'Rollout', 'AnalysisTemplate',
  ]));
  expect(kubernetesSchemaErrors(all)).toEqual([]);
});
