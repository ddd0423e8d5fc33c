import { Duration } from 'cdk8s';
import { CanaryStep, CanaryStrategy, LocalityLoadBalancing, OutlierDetection, RolloutHook, ServiceMeshCanaryProps } from '../../lib/service-mesh-canary';
import { synth } from './support';

const build = (overrides: Partial<ServiceMeshCanaryProps>) => () => synth(overrides);
const progressive = (steps: CanaryStep[], managedRoutes?: string[]) => CanaryStrategy.progressive({ steps, managedRoutes });

describe('ServiceMeshCanary validation', () => {
  test('throws when fixed weights do not sum to 100', () => {
    expect(build({ strategy: CanaryStrategy.fixedSplit({ stable: 90, canary: 20 }) }))
      .toThrow(/^test\/Api: strategy\.fixedSplit = \{"stable":90,"canary":20\}: weights summing to 100$/);
  });

  test('throws when steps do not increase', () => {
    expect(build({ strategy: progressive([CanaryStep.setWeight(50), CanaryStep.setWeight(25)]) }))
      .toThrow(/^test\/Api: strategy\.progressive\.steps\[1\]\.setWeight = 25: a weight above the previous step's 50: weights must increase$/);
  });

  test('throws when a step is above 100', () => {
    expect(build({ strategy: progressive([CanaryStep.setWeight(10), CanaryStep.setWeight(120)]) }))
      .toThrow(/^test\/Api: strategy\.progressive\.steps\[1\]\.setWeight = 120: an integer from 1 to 100 percent$/);
  });

  test('throws when a progressive canary has no weight step', () => {
    expect(build({ strategy: progressive([CanaryStep.pause()]) })).toThrow(/strategy\.progressive\.steps = \["pause"\]: at least one setWeight step/);
  });

  test('throws when a pause duration is not a whole number of seconds', () => {
    expect(build({ strategy: progressive([CanaryStep.setWeight(10), CanaryStep.pause(Duration.millis(1500))]) }))
      .toThrow(/^test\/Api: strategy\.progressive\.steps\[1\]\.pause = 1 second 500 millis: a whole number of seconds, at least 1 s$/);
  });

  test('throws when a pause duration is zero', () => {
    expect(build({ strategy: progressive([CanaryStep.setWeight(10), CanaryStep.pause(Duration.seconds(0))]) }))
      .toThrow(/strategy\.progressive\.steps\[1\]\.pause = .*: a whole number of seconds, at least 1 s/);
  });

  test('throws when a header name is uppercase', () => {
    expect(build({ strategy: CanaryStrategy.headerAB({ header: 'X-Beta-Tester' }) }))
      .toThrow(/^test\/Api: strategy\.headerAB\.header = "X-Beta-Tester": a lowercase header name/);
    expect(build({ loadTestRoute: { header: 'X-Load-Test' } })).toThrow(/loadTestRoute\.header = "X-Load-Test": a lowercase header name/);
    expect(build({ strategy: CanaryStrategy.blueGreen({ previewHeader: 'X-Preview' }) })).toThrow(/strategy\.blueGreen\.previewHeader = "X-Preview"/);
    expect(build({ strategy: progressive([CanaryStep.setHeaderRoute({ route: 'beta', header: 'X-Beta', value: '1' }), CanaryStep.setWeight(10)], ['beta']) }))
      .toThrow(/strategy\.progressive\.steps\[0\]\.setHeaderRoute\.header = "X-Beta": a lowercase header name/);
  });

  test('throws when a header step names a route that is not managed', () => {
    expect(build({ strategy: progressive([CanaryStep.setHeaderRoute({ route: 'beta', header: 'x-beta', value: '1' }), CanaryStep.setWeight(10)]) }))
      .toThrow(/^test\/Api: strategy\.progressive\.steps\[0\]\.setHeaderRoute = "beta": a route listed in strategy\.progressive\.managedRoutes \(none listed\)$/);
  });

  test('throws when a mirror step names a route that is not managed', () => {
    expect(build({ strategy: progressive([CanaryStep.setMirrorRoute({ route: 'mirror', percentage: 10 }), CanaryStep.setWeight(10)], ['beta']) }))
      .toThrow(/strategy\.progressive\.steps\[0\]\.setMirrorRoute = "mirror": a route listed in strategy\.progressive\.managedRoutes \(beta\)/);
  });

  test('throws when a managed route takes a name the construct owns', () => {
    expect(build({ strategy: progressive([CanaryStep.setWeight(10)], ['primary']) }))
      .toThrow(/strategy\.progressive\.managedRoutes\[0\] = "primary": a name other than "primary" and "load-test"/);
  });

  test('throws when a mirror percentage is outside 0–100', () => {
    expect(build({ strategy: CanaryStrategy.shadow({ mirrorPercentage: 150 }) }))
      .toThrow(/^test\/Api: strategy\.shadow\.mirrorPercentage = 150: a number from 0 to 100$/);
    expect(build({ strategy: progressive([CanaryStep.setMirrorRoute({ route: 'm', percentage: -1 }), CanaryStep.setWeight(10)], ['m']) }))
      .toThrow(/strategy\.progressive\.steps\[0\]\.setMirrorRoute\.percentage = -1: a number from 0 to 100/);
  });

  test('throws when a maintenance percentage is outside 0–100', () => {
    expect(build({ strategy: CanaryStrategy.maintenance({ percentage: 101 }) })).toThrow(/strategy\.maintenance\.percentage = 101: a number from 0 to 100/);
  });

  test('throws when locality failover has no outlier detection', () => {
    expect(build({ locality: LocalityLoadBalancing.failover([{ from: 'us-east-1', to: 'us-west-2' }]), outlierDetection: OutlierDetection.none() }))
      .toThrow(/^test\/Api: outlierDetection = "none": enabled when locality failover is set/);
  });

  test('throws when a failover rule points a region at itself', () => {
    expect(build({ locality: LocalityLoadBalancing.failover([{ from: 'us-east-1', to: 'us-east-1' }]) }))
      .toThrow(/locality\.failover\[0\] = .*: different `from` and `to` regions/);
  });

  test('throws when cross-cluster weights do not sum to 100 or name an unknown region', () => {
    const local = { region: 'us-east-1', zones: ['us-east-1a'] };
    expect(build({ locality: LocalityLoadBalancing.zoneAware({ local, regionWeights: { 'us-east-1': 90 } }) }))
      .toThrow(/locality\.regionWeights = \{"us-east-1":90\}: weights summing to 100/);
    expect(build({ locality: LocalityLoadBalancing.zoneAware({ local, regionWeights: { 'us-east-1': 60, 'us-west-2': 40 } }) }))
      .toThrow(/locality\.regionWeights\.us-west-2 = 40: a weight for the local region or one listed in locality\.remoteRegions/);
  });

  test('throws when retries are combined with fault injection on one route', () => {
    expect(build({ strategy: CanaryStrategy.maintenance(), retries: { attempts: 2 } }))
      .toThrow(/^test\/Api: retries = \{"attempts":2\}: unset while strategy "maintenance" injects faults on the primary route/);
    expect(build({ faultInjection: { abort: { httpStatus: 500, percentage: 5 } }, retries: { attempts: 2 } }))
      .toThrow(/retries = \{"attempts":2\}: unset while faultInjection injects faults on the primary route/);
  });

  test('throws when a field needs a newer Istio than the declared minimum', () => {
    expect(build({ retries: { attempts: 2, backoff: Duration.millis(100) } }))
      .toThrow(/^test\/Api: retries\.backoff = 100 millis: retries\.backoff needs Istio 1\.26 or later; raise minIstioVersion \(now "1\.22"\)/);
    expect(build({
      loadTestRoute: { header: 'x-load-test' },
      strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(10)], loadTest: RolloutHook.job({ image: 'k6:1' }) }),
    })).toThrow(/strategy\.progressive\.loadTest = "k6:1": sidecar\.istio\.io\/nativeSidecar \(rollout hook Jobs\) needs Istio 1\.24 or later/);
  });

  test('throws when minIstioVersion is malformed or too old', () => {
    expect(build({ minIstioVersion: 'latest' })).toThrow(/minIstioVersion = "latest": an Istio minor version such as "1\.22"/);
    expect(build({ minIstioVersion: '1.20' })).toThrow(/minIstioVersion = "1\.20": "1\.22" or later/);
  });

  test('throws when a load-test hook has no load-test route', () => {
    expect(build({ minIstioVersion: '1.24', strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(10)], loadTest: RolloutHook.job({ image: 'k6:1' }) }) }))
      .toThrow(/strategy\.progressive\.loadTest = "k6:1": set together with `loadTestRoute`/);
  });

  test('throws when a canary image is given to a strategy that cannot run it', () => {
    expect(build({ strategy: CanaryStrategy.seedProgressive(), canaryImage: 'registry.example.com/api:2.0.0' }))
      .toThrow(/canaryImage = "registry\.example\.com\/api:2\.0\.0": unset for strategy "progressive"/);
    expect(build({ strategy: CanaryStrategy.maintenance(), loadTestRoute: { header: 'x-load-test' } }))
      .toThrow(/loadTestRoute = .*: unset for strategy "maintenance": only the stable track runs/);
  });

  test('throws when fault injection is combined with maintenance', () => {
    expect(build({ strategy: CanaryStrategy.maintenance(), faultInjection: { abort: { httpStatus: 500, percentage: 1 } } }))
      .toThrow(/faultInjection = .*: unset for strategy "maintenance"/);
  });

  test('throws when fault injection has neither an abort nor a delay', () => {
    expect(build({ faultInjection: {} })).toThrow(/^test\/Api: faultInjection = \{\}: an abort, a delay or both: Istio rejects a fault with neither$/);
  });

  test('throws when a fault delay is below one millisecond or not whole milliseconds', () => {
    expect(build({ faultInjection: { delay: { fixedDelay: Duration.seconds(0), percentage: 10 } } }))
      .toThrow(/^test\/Api: faultInjection\.delay\.fixedDelay = .*: a whole number of milliseconds, at least 1 ms$/);
    expect(build({ faultInjection: { delay: { fixedDelay: Duration.millis(0.5), percentage: 10 } } }))
      .toThrow(/faultInjection\.delay\.fixedDelay = .*: a whole number of milliseconds, at least 1 ms/);
  });

  test('throws when the analysed revision has no version', () => {
    expect(build({ strategy: CanaryStrategy.seedProgressive(), image: 'registry.example.com/api' }))
      .toThrow(/^test\/Api: version = undefined: a version \(or an image with a tag\)/);
  });

  test('throws when the analysis thresholds are out of range', () => {
    expect(build({ strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(10)], analysis: { minSuccessRate: 95 } }) }))
      .toThrow(/strategy\.progressive\.analysis\.minSuccessRate = 95: a number from 0 to 1/);
    expect(build({ strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(10)], analysis: { maxP95LatencyMs: 0 } }) }))
      .toThrow(/strategy\.progressive\.analysis\.maxP95LatencyMs = 0: a positive number of milliseconds/);
  });

  test('throws when the allow-list is empty', () => {
    expect(build({ authorization: {} })).toThrow(/^test\/Api: authorization = \{\}: at least one allowed service account or namespace/);
  });

  test('throws when an allowed service account is not <namespace>/<name>', () => {
    expect(build({ authorization: { allowedServiceAccounts: ['frontend'] } }))
      .toThrow(/authorization\.allowedServiceAccounts\[0\] = "frontend": a service account as "<namespace>\/<name>"/);
  });

  test('throws when the JWKS URI is not https', () => {
    expect(build({ jwt: { issuer: 'https://id.example.com', jwksUri: 'http://id.example.com/jwks' } })).toThrow(/jwt\.jwksUri = "http:\/\/id\.example\.com\/jwks": an https URL/);
  });

  test('throws when replica ranges are inverted', () => {
    expect(build({ replicas: { min: 5, max: 2 } })).toThrow(/^test\/Api: replicas\.max = 2: at least replicas\.min \(5\)$/);
  });

  test('throws when the name is not a DNS label', () => {
    expect(build({ name: 'Api' })).toThrow(/^test\/Api: name = "Api": lowercase letters, digits and hyphens/);
  });

  test('throws when the rate limit burst is below the sustained rate', () => {
    expect(build({ localRateLimit: { requestsPerInterval: 100, burst: 10 } })).toThrow(/localRateLimit\.burst = 10: an integer from 100 to 10000000/);
  });
});
