import { ApiObject, App as CdkApp, Duration } from 'cdk8s';
import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import {
  CanaryStep, CanaryStrategy, EnvFromSource, LocalityLoadBalancing, NetworkFence, OutlierDetection, RolloutHook, ServiceMeshCanary, ServiceMeshCanaryProps,
  SessionAffinity,
} from '../../lib/service-mesh-canary';
import { testChart } from '../support/app';
import { BASE_PROPS, synth } from './support';

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
    expect(build({ strategy: progressive([CanaryStep.pause()]) })).toThrow(/^test\/Api: strategy\.progressive\.steps = \["pause"\]: at least one setWeight step/);
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
    expect(build({ loadTestRoute: { header: 'X-Load-Test' } })).toThrow(/^test\/Api: loadTestRoute\.header = "X-Load-Test": a lowercase header name/);
    expect(build({ strategy: CanaryStrategy.blueGreen({ previewHeader: 'X-Preview' }) })).toThrow(/^test\/Api: strategy\.blueGreen\.previewHeader = "X-Preview": a lowercase header name \(letters, digits, hyphens\)$/);
    expect(build({ strategy: progressive([CanaryStep.setHeaderRoute({ route: 'beta', header: 'X-Beta', value: '1' }), CanaryStep.setWeight(10)], ['beta']) }))
      .toThrow(/^test\/Api: strategy\.progressive\.steps\[0\]\.setHeaderRoute\.header = "X-Beta": a lowercase header name/);
  });

  test('throws when a header step names a route that is not managed', () => {
    expect(build({ strategy: progressive([CanaryStep.setHeaderRoute({ route: 'beta', header: 'x-beta', value: '1' }), CanaryStep.setWeight(10)]) }))
      .toThrow(/^test\/Api: strategy\.progressive\.steps\[0\]\.setHeaderRoute = "beta": a route listed in strategy\.progressive\.managedRoutes \(none listed\)$/);
  });

  test('throws when a mirror step names a route that is not managed', () => {
    expect(build({ strategy: progressive([CanaryStep.setMirrorRoute({ route: 'mirror', percentage: 10 }), CanaryStep.setWeight(10)], ['beta']) }))
      .toThrow(/^test\/Api: strategy\.progressive\.steps\[0\]\.setMirrorRoute = "mirror": a route listed in strategy\.progressive\.managedRoutes \(beta\)/);
  });

  test('throws when a managed route takes a name the construct owns', () => {
    expect(build({ strategy: progressive([CanaryStep.setWeight(10)], ['primary']) }))
      .toThrow(/^test\/Api: strategy\.progressive\.managedRoutes\[0\] = "primary": a name other than "primary", "primary-idempotent", "load-test", "header-ab", "preview", which the construct owns$/);
  });

  test('throws when a mirror percentage is outside 0–100', () => {
    expect(build({ strategy: CanaryStrategy.shadow({ mirrorPercentage: 150 }) }))
      .toThrow(/^test\/Api: strategy\.shadow\.mirrorPercentage = 150: a number from 0 to 100$/);
    expect(build({ strategy: progressive([CanaryStep.setMirrorRoute({ route: 'm', percentage: -1 }), CanaryStep.setWeight(10)], ['m']) }))
      .toThrow(/^test\/Api: strategy\.progressive\.steps\[0\]\.setMirrorRoute\.percentage = -1: a number from 0 to 100/);
  });

  test('throws when a maintenance percentage is outside 0–100', () => {
    expect(build({ strategy: CanaryStrategy.maintenance({ percentage: 101 }) })).toThrow(/^test\/Api: strategy\.maintenance\.percentage = 101: a number from 0 to 100/);
  });

  test('throws when locality failover has no outlier detection', () => {
    expect(build({ locality: LocalityLoadBalancing.failover([{ from: 'us-east-1', to: 'us-west-2' }]), outlierDetection: OutlierDetection.none() }))
      .toThrow(/^test\/Api: outlierDetection = "none": enabled when locality failover is set/);
  });

  test('throws when a failover rule points a region at itself', () => {
    expect(build({ locality: LocalityLoadBalancing.failover([{ from: 'us-east-1', to: 'us-east-1' }]) }))
      .toThrow(/^test\/Api: locality\.failover\[0\] = \{"from":"us-east-1","to":"us-east-1"\}: different `from` and `to` regions/);
  });

  test('throws when cross-cluster weights do not sum to 100 or name an unknown region', () => {
    const local = { region: 'us-east-1', zones: ['us-east-1a'] };
    expect(build({ locality: LocalityLoadBalancing.zoneAware({ local, regionWeights: { 'us-east-1': 90 } }) }))
      .toThrow(/^test\/Api: locality\.regionWeights = \{"us-east-1":90\}: weights summing to 100/);
    expect(build({ locality: LocalityLoadBalancing.zoneAware({ local, regionWeights: { 'us-east-1': 60, 'us-west-2': 40 } }) }))
      .toThrow(/^test\/Api: locality\.regionWeights\.us-west-2 = 40: a weight for the local region or one listed in locality\.remoteRegions/);
  });

  test('throws when retries are combined with fault injection on one route', () => {
    expect(build({ strategy: CanaryStrategy.maintenance(), retries: { attempts: 2 } }))
      .toThrow(/^test\/Api: retries = \{"attempts":2\}: unset while strategy "maintenance" injects faults on the primary route/);
    expect(build({ faultInjection: { abort: { httpStatus: 500, percentage: 5 } }, retries: { attempts: 2 } }))
      .toThrow(/^test\/Api: retries = \{"attempts":2\}: unset while faultInjection injects faults on the primary route/);
  });

  test('throws when a field needs a newer Istio than the declared minimum', () => {
    expect(build({ retries: { attempts: 2, backoff: Duration.millis(100) } }))
      .toThrow(/^test\/Api: retries\.backoff = 100 millis: retries\.backoff needs Istio 1\.26 or later; raise minIstioVersion \(now "1\.22"\)/);
    expect(build({
      loadTestRoute: { header: 'x-load-test' },
      strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(10)], loadTest: RolloutHook.job({ image: 'k6:1' }) }),
    })).toThrow(/^test\/Api: strategy\.progressive\.loadTest = "k6:1": sidecar\.istio\.io\/nativeSidecar \(rollout hook Jobs\) needs Istio 1\.24 or later/);
  });

  test('throws when minIstioVersion is malformed or too old', () => {
    expect(build({ minIstioVersion: 'latest' })).toThrow(/^test\/Api: minIstioVersion = "latest": an Istio minor version such as "1\.22"/);
    expect(build({ minIstioVersion: '1.20' })).toThrow(/^test\/Api: minIstioVersion = "1\.20": "1\.22" or later/);
  });

  test('throws when a load-test hook has no load-test route', () => {
    expect(build({ minIstioVersion: '1.24', strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(10)], loadTest: RolloutHook.job({ image: 'k6:1' }) }) }))
      .toThrow(/^test\/Api: strategy\.progressive\.loadTest = "k6:1": set together with `loadTestRoute`/);
  });

  test('throws when a canary image is given to a strategy that cannot run it', () => {
    expect(build({ strategy: CanaryStrategy.seedProgressive(), canaryImage: 'registry.example.com/api:2.0.0' }))
      .toThrow(/^test\/Api: canaryImage = "registry\.example\.com\/api:2\.0\.0": unset for strategy "progressive"/);
    expect(build({ strategy: CanaryStrategy.maintenance(), loadTestRoute: { header: 'x-load-test' } }))
      .toThrow(/^test\/Api: loadTestRoute = \{"header":"x-load-test"\}: unset for strategy "maintenance": only the stable track runs/);
  });

  test('throws when fault injection is combined with maintenance', () => {
    expect(build({ strategy: CanaryStrategy.maintenance(), faultInjection: { abort: { httpStatus: 500, percentage: 1 } } }))
      .toThrow(/^test\/Api: faultInjection = \{"abort":\{"httpStatus":500,"percentage":1\}\}: unset for strategy "maintenance"/);
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
      .toThrow(/^test\/Api: strategy\.progressive\.analysis\.minSuccessRate = 95: a number from 0 to 1/);
    expect(build({ strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(10)], analysis: { maxP95LatencyMs: 0 } }) }))
      .toThrow(/^test\/Api: strategy\.progressive\.analysis\.maxP95LatencyMs = 0: a positive number of milliseconds/);
  });

  test('throws when the allow-list is empty', () => {
    expect(build({ authorization: {} })).toThrow(/^test\/Api: authorization = \{\}: at least one allowed service account or namespace/);
  });

  test('throws when an allowed service account is not <namespace>/<name>', () => {
    expect(build({ authorization: { allowedServiceAccounts: ['frontend'] } }))
      .toThrow(/^test\/Api: authorization\.allowedServiceAccounts\[0\] = "frontend": a service account as "<namespace>\/<name>"/);
  });

  test('throws when the JWKS URI is not https', () => {
    expect(build({ jwt: { issuer: 'https://id.example.com', jwksUri: 'http://id.example.com/jwks' } })).toThrow(/^test\/Api: jwt\.jwksUri = "http:\/\/id\.example\.com\/jwks": an https URL/);
  });

  test('throws when replica ranges are inverted', () => {
    expect(build({ replicas: { min: 5, max: 2 } })).toThrow(/^test\/Api: replicas\.max = 2: at least replicas\.min \(5\)$/);
  });

  test('throws when the name is not a DNS label', () => {
    expect(build({ name: 'Api' })).toThrow(/^test\/Api: name = "Api": lowercase letters, digits and hyphens/);
  });

  test('throws when the namespace is not a DNS label or the image is empty', () => {
    expect(build({ namespace: 'Api' })).toThrow(/^test\/Api: namespace = "Api": lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 63 characters$/);
    expect(build({ image: ' ' })).toThrow(/^test\/Api: image = " ": a non-empty string$/);
  });

  test('throws when the port, CPU target or user id is out of range', () => {
    expect(build({ port: 70000 })).toThrow(/^test\/Api: port = 70000: an integer from 1 to 65535$/);
    expect(build({ targetCpuUtilization: 0 })).toThrow(/^test\/Api: targetCpuUtilization = 0: an integer from 1 to 100 percent$/);
    expect(build({ runAsUser: 0 })).toThrow(/^test\/Api: runAsUser = 0: an integer from 1 to 2147483647$/);
  });

  test('throws when a replica bound is outside 1–1000', () => {
    expect(build({ replicas: { min: 0, max: 2 } })).toThrow(/^test\/Api: replicas\.min = 0: an integer from 1 to 1000$/);
    expect(build({ canaryReplicas: { min: 1, max: 1001 } })).toThrow(/^test\/Api: canaryReplicas\.max = 1001: an integer from 1 to 1000$/);
    expect(build({ canaryReplicas: { min: 3, max: 1 } })).toThrow(/^test\/Api: canaryReplicas\.max = 1: at least canaryReplicas\.min \(3\)$/);
  });

  test('throws when a fixed weight is not a whole percentage', () => {
    expect(build({ strategy: CanaryStrategy.fixedSplit({ stable: 101, canary: -1 }) })).toThrow(/^test\/Api: strategy\.fixedSplit\.stable = 101: an integer from 0 to 100 percent$/);
    expect(build({ strategy: CanaryStrategy.fixedSplit({ stable: 49.5, canary: 50.5 }) })).toThrow(/^test\/Api: strategy\.fixedSplit\.stable = 49\.5: an integer from 0 to 100 percent$/);
    expect(build({ strategy: CanaryStrategy.fixedSplit({ stable: 50, canary: 50.5 }) })).toThrow(/^test\/Api: strategy\.fixedSplit\.canary = 50\.5: an integer from 0 to 100 percent$/);
  });

  test('throws when a blue-green auto-promotion delay is not a whole number of seconds', () => {
    expect(build({ strategy: CanaryStrategy.blueGreen({ autoPromoteAfter: Duration.millis(1500) }) }))
      .toThrow(/^test\/Api: strategy\.blueGreen\.autoPromoteAfter = 1 second 500 millis: a whole number of seconds, at least 1 s$/);
  });

  test('throws when the analysis timing, limits or Prometheus address are out of range', () => {
    const analysed = (analysis: object) => build({ strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(10)], analysis }) });
    expect(analysed({ interval: Duration.millis(1500) })).toThrow(/^test\/Api: strategy\.progressive\.analysis\.interval = 1 second 500 millis: a whole number of seconds, at least 1 s$/);
    expect(analysed({ window: Duration.millis(1500) })).toThrow(/^test\/Api: strategy\.progressive\.analysis\.window = 1 second 500 millis: a whole number of seconds, at least 1 s$/);
    expect(analysed({ failureLimit: 101 })).toThrow(/^test\/Api: strategy\.progressive\.analysis\.failureLimit = 101: an integer from 0 to 100$/);
    expect(analysed({ inconclusiveLimit: -1 })).toThrow(/^test\/Api: strategy\.progressive\.analysis\.inconclusiveLimit = -1: an integer from 0 to 100$/);
    expect(analysed({ measurements: 0 })).toThrow(/^test\/Api: strategy\.progressive\.analysis\.measurements = 0: an integer from 1 to 1000$/);
    expect(analysed({ prometheusAddress: 'prometheus:9090' })).toThrow(/^test\/Api: strategy\.progressive\.analysis\.prometheusAddress = "prometheus:9090": an http\(s\) URL$/);
    expect(build({ strategy: CanaryStrategy.blueGreen({ analysis: { minSuccessRate: 2 } }) })).toThrow(/^test\/Api: strategy\.blueGreen\.analysis\.minSuccessRate = 2: a number from 0 to 1$/);
  });

  test('throws when a rollout hook has no image or a timeout that is not whole seconds', () => {
    const hooked = (prePromotion: RolloutHook) => build({ minIstioVersion: '1.24', strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(10)], prePromotion }) });
    expect(hooked(RolloutHook.job({ image: '' }))).toThrow(/^test\/Api: strategy\.progressive\.prePromotion\.image = "": a non-empty string$/);
    expect(hooked(RolloutHook.job({ image: 'smoke:1', timeout: Duration.millis(500) }))).toThrow(/^test\/Api: strategy\.progressive\.prePromotion\.timeout = 500 millis: a whole number of seconds, at least 1 s$/);
    expect(build({ strategy: CanaryStrategy.blueGreen({ prePromotion: RolloutHook.job({ image: 'smoke:1' }) }) }))
      .toThrow(/^test\/Api: strategy\.blueGreen\.prePromotion = "smoke:1": sidecar\.istio\.io\/nativeSidecar \(rollout hook Jobs\) needs Istio 1\.24 or later; raise minIstioVersion \(now "1\.22"\) or drop the setting$/);
  });

  test('throws when a managed route is not a DNS label or is listed twice', () => {
    expect(build({ strategy: progressive([CanaryStep.setWeight(10)], ['Beta']) }))
      .toThrow(/^test\/Api: strategy\.progressive\.managedRoutes\[0\] = "Beta": lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 63 characters$/);
    expect(build({ strategy: progressive([CanaryStep.setWeight(10)], ['beta', 'beta']) })).toThrow(/^test\/Api: strategy\.progressive\.managedRoutes = "beta": each value at most once$/);
  });

  test('throws when the route timeout is not a whole number of seconds', () => {
    expect(build({ timeout: Duration.millis(1500) })).toThrow(/^test\/Api: timeout = 1 second 500 millis: a whole number of seconds, at least 0 s$/);
  });

  test('throws when a fault abort status or a fault percentage is out of range', () => {
    expect(build({ faultInjection: { abort: { httpStatus: 600, percentage: 1 } } })).toThrow(/^test\/Api: faultInjection\.abort\.httpStatus = 600: an integer from 200 to 599$/);
    expect(build({ faultInjection: { abort: { httpStatus: 503, percentage: 101 } } })).toThrow(/^test\/Api: faultInjection\.abort\.percentage = 101: a number from 0 to 100$/);
    expect(build({ faultInjection: { delay: { fixedDelay: Duration.millis(100), percentage: -5 } } })).toThrow(/^test\/Api: faultInjection\.delay\.percentage = -5: a number from 0 to 100$/);
  });

  test('throws when retry attempts are outside 0–10', () => {
    expect(build({ retries: { attempts: 11 } })).toThrow(/^test\/Api: retries\.attempts = 11: an integer from 0 to 10$/);
    expect(build({ idempotentRetries: { attempts: 0 } })).toThrow(/^test\/Api: idempotentRetries\.attempts = 0: an integer from 1 to 10$/);
  });

  test('throws when an outlier detection setting is out of range', () => {
    expect(build({ outlierDetection: OutlierDetection.consecutive5xx({ consecutive5xxErrors: 0 }) })).toThrow(/^test\/Api: outlierDetection\.consecutive5xxErrors = 0: an integer from 1 to 1000$/);
    expect(build({ outlierDetection: OutlierDetection.consecutive5xx({ maxEjectionPercent: 101 }) })).toThrow(/^test\/Api: outlierDetection\.maxEjectionPercent = 101: an integer from 0 to 100 percent$/);
    expect(build({ outlierDetection: OutlierDetection.consecutive5xx({ interval: Duration.millis(1500) }) }))
      .toThrow(/^test\/Api: outlierDetection\.interval = 1 second 500 millis: a whole number of seconds, at least 1 s$/);
    expect(build({ outlierDetection: OutlierDetection.consecutive5xx({ baseEjectionTime: Duration.millis(1500) }) }))
      .toThrow(/^test\/Api: outlierDetection\.baseEjectionTime = 1 second 500 millis: a whole number of seconds, at least 1 s$/);
  });

  test('throws when the affinity cookie has no name or a TTL that is not whole seconds', () => {
    expect(build({ sessionAffinity: SessionAffinity.cookie({ ttl: Duration.millis(1500) }) })).toThrow(/^test\/Api: sessionAffinity\.ttl = 1 second 500 millis: a whole number of seconds, at least 1 s$/);
    expect(build({ sessionAffinity: SessionAffinity.cookie({ name: '' }) })).toThrow(/^test\/Api: sessionAffinity\.name = "": a non-empty string$/);
  });

  test('throws when the rate limit rate or fill interval is out of range', () => {
    expect(build({ localRateLimit: { requestsPerInterval: 0 } })).toThrow(/^test\/Api: localRateLimit\.requestsPerInterval = 0: an integer from 1 to 1000000$/);
    expect(build({ localRateLimit: { requestsPerInterval: 100, fillInterval: Duration.millis(20) } }))
      .toThrow(/^test\/Api: localRateLimit\.fillInterval = 20 millis: a whole number of milliseconds, at least 50 ms \(Envoy's minimum\)$/);
  });

  test('throws when locality failover has no rule', () => {
    expect(build({ locality: LocalityLoadBalancing.failover([]) })).toThrow(/^test\/Api: locality\.failover = \[\]: at least one rule$/);
  });

  test('throws when zone-aware distribution has no zone, a zone twice, or a share outside 0–100', () => {
    expect(build({ locality: LocalityLoadBalancing.zoneAware({ local: { region: 'us-east-1', zones: ['us-east-1a'] }, localZonePercent: 101 }) }))
      .toThrow(/^test\/Api: locality\.localZonePercent = 101: an integer from 0 to 100 percent$/);
    expect(build({ locality: LocalityLoadBalancing.zoneAware({ local: { region: 'us-east-1', zones: [] } }) })).toThrow(/^test\/Api: locality\.local\.zones = \[\]: at least one zone of the local region$/);
    expect(build({ locality: LocalityLoadBalancing.zoneAware({ local: { region: 'us-east-1', zones: ['us-east-1a', 'us-east-1a'] } }) }))
      .toThrow(/^test\/Api: locality\.local\.zones = "us-east-1a": each value at most once$/);
    const remoteRegions = [{ region: 'us-west-2', zones: ['us-west-2a'] }];
    expect(build({ locality: LocalityLoadBalancing.zoneAware({ local: { region: 'us-east-1', zones: ['us-east-1a'] }, regionWeights: { 'us-east-1': 150, 'us-west-2': -50 }, remoteRegions }) }))
      .toThrow(/^test\/Api: locality\.regionWeights\.us-east-1 = 150: an integer from 0 to 100 percent$/);
  });

  test('throws when an allowed namespace is not a DNS label', () => {
    expect(build({ authorization: { allowedNamespaces: ['Web'] } }))
      .toThrow(/^test\/Api: authorization\.allowedNamespaces\[0\] = "Web": lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 63 characters$/);
  });

  test('throws when the gateway has no host or no credential', () => {
    expect(build({ gateway: { hosts: [], credentialName: 'api-tls' } })).toThrow(/^test\/Api: gateway\.hosts = \[\]: at least one host name$/);
    expect(build({ gateway: { hosts: ['api.example.com'], credentialName: '' } })).toThrow(/^test\/Api: gateway\.credentialName = "": a non-empty string$/);
  });

  test('throws when the JWT issuer is empty', () => {
    expect(build({ jwt: { issuer: '', jwksUri: 'https://id.example.com/jwks' } })).toThrow(/^test\/Api: jwt\.issuer = "": a non-empty string$/);
  });

  test('throws when a canary version is given to a strategy that runs Argo Rollouts', () => {
    expect(build({ strategy: CanaryStrategy.seedProgressive(), canaryVersion: '2.0.0' }))
      .toThrow(/^test\/Api: canaryVersion = "2\.0\.0": unset for strategy "progressive": Argo Rollouts takes the new version from `image`, and the running one stays stable$/);
  });

  test('throws when the rate limit burst is below the sustained rate', () => {
    expect(build({ localRateLimit: { requestsPerInterval: 100, burst: 10 } })).toThrow(/^test\/Api: localRateLimit\.burst = 10: an integer from 100 to 10000000/);
  });
});

describe('retry validation', () => {
  test('throws when a route for every method would replay a processed request', () => {
    expect(build({ retries: { attempts: 2, retryOn: 'connect-failure,5xx' } }))
      .toThrow(/^test\/Api: retries\.retryOn = "connect-failure,5xx": only connect-failure, refused-stream, envoy-ratelimited: these routes carry every method, and "5xx" would replay a request the application may have processed \(a POST\); put it in `idempotentRetries`$/);
    expect(build({ retries: { attempts: 2, retryOn: 'reset' } })).toThrow(/retries\.retryOn = "reset": only connect-failure, refused-stream, envoy-ratelimited/);
  });

  test('throws when retriable-status-codes or bare codes are given in retryOn', () => {
    expect(build({ retries: { attempts: 2, retryOn: 'connect-failure,retriable-status-codes' } }))
      .toThrow(/^test\/Api: retries\.retryOn = "connect-failure,retriable-status-codes": no "retriable-status-codes": give status codes in `idempotentRetries\.retriableStatusCodes`, which emits retriable-status-codes only with codes$/);
    expect(build({ idempotentRetries: { attempts: 2, retryOn: '5xx,503' } })).toThrow(/^test\/Api: idempotentRetries\.retryOn = "5xx,503": no "503"/);
  });

  test('throws when a retry condition is unknown, empty or repeated', () => {
    expect(build({ idempotentRetries: { attempts: 2, retryOn: '5xx,gateway-eror' } }))
      .toThrow(/^test\/Api: idempotentRetries\.retryOn = "5xx,gateway-eror": Envoy retry conditions among connect-failure, .*; "gateway-eror" is not one$/);
    expect(build({ retries: { attempts: 2, retryOn: 'connect-failure,' } })).toThrow(/^test\/Api: retries\.retryOn = "connect-failure,": a comma-separated list of Envoy retry conditions without empty entries$/);
    expect(build({ retries: { attempts: 2, retryOn: 'connect-failure,connect-failure' } })).toThrow(/^test\/Api: retries\.retryOn = "connect-failure": each value at most once$/);
  });

  test('throws when the idempotent route would match a method that is not idempotent', () => {
    expect(build({ idempotentRetries: { attempts: 2, methods: ['GET', 'POST'] } }))
      .toThrow(/^test\/Api: idempotentRetries\.methods\[1\] = "POST": one of GET, HEAD, OPTIONS, TRACE, PUT, DELETE \(uppercase\): the idempotent methods of RFC 9110 §9\.2\.2; POST, PATCH and CONNECT may act twice when replayed$/);
    expect(build({ idempotentRetries: { attempts: 2, methods: ['get'] } })).toThrow(/idempotentRetries\.methods\[0\] = "get": one of GET/);
    expect(build({ idempotentRetries: { attempts: 2, methods: [] } })).toThrow(/^test\/Api: idempotentRetries\.methods = \[\]: at least one method$/);
    expect(build({ idempotentRetries: { attempts: 2, methods: ['GET', 'GET'] } })).toThrow(/^test\/Api: idempotentRetries\.methods = "GET": each value at most once$/);
  });

  test('throws when a retriable status code is outside 400–599 or the list is empty', () => {
    expect(build({ idempotentRetries: { attempts: 2, retriableStatusCodes: [200] } })).toThrow(/^test\/Api: idempotentRetries\.retriableStatusCodes\[0\] = 200: an integer from 400 to 599$/);
    expect(build({ idempotentRetries: { attempts: 2, retriableStatusCodes: [] } })).toThrow(/^test\/Api: idempotentRetries\.retriableStatusCodes = \[\]: at least one status code, or unset$/);
  });

  test('throws when idempotent retries are combined with fault injection', () => {
    expect(build({ strategy: CanaryStrategy.maintenance(), idempotentRetries: { attempts: 2 } }))
      .toThrow(/^test\/Api: idempotentRetries = \{"attempts":2\}: unset while strategy "maintenance" injects faults on the primary route$/);
  });

  test('throws when a per-try timeout is below one millisecond', () => {
    expect(build({ retries: { attempts: 2, perTryTimeout: Duration.millis(0) } })).toThrow(/^test\/Api: retries\.perTryTimeout = .*: a whole number of milliseconds, at least 1 ms$/);
  });

  test('reports every retry mistake together', () => {
    expect(build({ retries: { attempts: 20, retryOn: '5xx' }, idempotentRetries: { attempts: 2, methods: ['POST'] } }))
      .toThrow(/^3 validation errors:\n  - test\/Api: retries\.attempts = 20: .*\n  - test\/Api: retries\.retryOn = "5xx": .*\n  - test\/Api: idempotentRetries\.methods\[0\] = "POST": /);
  });
});

describe('values known only at deploy time (CDK tokens)', () => {
  const tokens = () => {
    const stack = new Stack(new App(), 'EnvAgnostic');
    return { region: stack.region, account: stack.account, number: Token.asNumber(Lazy.number({ produce: () => 3 })) };
  };

  test('throws when the locality names an unresolved region, naming the prop and what to give instead', () => {
    const { region } = tokens();
    expect(build({ locality: LocalityLoadBalancing.failover([{ from: region, to: 'us-west-2' }]) }))
      .toThrow(/^test\/Api: locality\.failoverRules\[0\]\.from = "\$\{Token\[AWS\.Region\.\d+\]\}": a concrete value, not a CDK token: Kubernetes manifests are applied outside CloudFormation/);
  });

  test('throws for every token at once: an image from a deploy-time account, a token replica count, an IRSA role', () => {
    const { account, number } = tokens();
    expect(build({
      image: `${account}.dkr.ecr.us-east-1.amazonaws.com/api:1.0.0`,
      replicas: { min: number, max: 10 },
      serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${account}:role/api` },
    })).toThrow(/^3 validation errors:\n  - test\/Api: image = .*Token.*: a concrete value, not a CDK token.*\n  - test\/Api: replicas\.min = -1\.8881545897087\d*e\+289: a concrete value.*\n  - test\/Api: serviceAccountAnnotations\.eks\.amazonaws\.com\/role-arn = .*: a concrete value/);
  });
});

describe('identifiers and collisions', () => {
  test('throws when two services of one chart would emit the same objects, now or at synth', () => {
    const chart = testChart();
    new ServiceMeshCanary(chart, 'Api', BASE_PROPS);
    expect(() => new ServiceMeshCanary(chart, 'ApiAgain', BASE_PROPS))
      .toThrow(/^test\/ApiAgain: name = "api": a name whose objects no other construct of the chart emits: test\/Api also emits ServiceAccount api\/api and 12 more of them, and one would overwrite the other$/);
    const later = testChart();
    new ServiceMeshCanary(later, 'Api', BASE_PROPS);
    new ApiObject(later, 'Mine', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'api' } });
    expect(() => (later.node.scope as CdkApp).synth()).toThrow(/test\/Api: name = "api": a name whose objects no other construct of the chart emits: test\/Mine also emits Service api\/api/);
  });

  test('throws when a version is not a label value', () => {
    expect(build({ version: '1.0.0+build.5' })).toThrow(/^test\/Api: version = "1\.0\.0\+build\.5": a label value/);
    expect(build({ image: `registry.example.com/api:${'v'.repeat(64)}` })).toThrow(/^test\/Api: image \(its tag, the default version\) = "v{64}": a label value/);
  });

  test('throws when two header routes match the same header and value', () => {
    expect(build({ strategy: CanaryStrategy.headerAB({ header: 'x-load-test' }), loadTestRoute: { header: 'x-load-test' } }))
      .toThrow(/^test\/Api: strategy\.headerAB = "x-load-test: true": a header and value other than loadTestRoute's: the first route would take every request meant for the second$/);
  });

  test('throws when a header change names an invalid header, sets and removes one header, or carries a line break', () => {
    expect(build({ headers: { request: { set: { ':authority': 'x' } } } })).toThrow(/^test\/Api: headers\.request\.set\.:authority = ":authority": an HTTP header name/);
    expect(build({ headers: { response: { set: { server: 'x' }, remove: ['server'] } } })).toThrow(/^test\/Api: headers\.response\.set\.server = "server": a header not also in headers\.response\.remove/);
    expect(build({ headers: { request: { add: { 'x-a': 'b\r\nx-evil: 1' } } } })).toThrow(/^test\/Api: headers\.request\.add\.x-a = "b\\r\\nx-evil: 1": a non-empty header value/);
  });

  test('throws when a gateway host, credential, selector or service account is malformed', () => {
    const gateway = { hosts: ['api.example.com'], credentialName: 'api-tls' };
    expect(build({ gateway: { ...gateway, hosts: ['API.example.com'] } })).toThrow(/^test\/Api: gateway\.hosts\[0\] = "API\.example\.com": a fully qualified lowercase DNS name/);
    expect(build({ gateway: { ...gateway, hosts: ['a.example.com', 'a.example.com'] } })).toThrow(/^test\/Api: gateway\.hosts = "a\.example\.com": each value at most once$/);
    expect(build({ gateway: { ...gateway, credentialName: 'Api_TLS' } })).toThrow(/^test\/Api: gateway\.credentialName = "Api_TLS": a DNS-1123 subdomain/);
    expect(build({ gateway: { ...gateway, selector: {} } })).toThrow(/^test\/Api: gateway\.selector = \{\}: at least one label/);
    expect(build({ gateway: { ...gateway, serviceAccount: 'ingress' } })).toThrow(/^test\/Api: gateway\.serviceAccount = "ingress": a service account as "<namespace>\/<name>"$/);
  });

  test('throws when JWT exempt paths, domains, release label, cookie or connection pool settings are malformed', () => {
    expect(build({ jwt: { issuer: 'https://id.example.com', jwksUri: 'https://id.example.com/jwks', exemptPaths: ['healthz'] } }))
      .toThrow(/^test\/Api: jwt\.exemptPaths\[0\] = "healthz": an exact path starting with "\/"/);
    expect(build({ trustDomain: 'Cluster Local' })).toThrow(/^test\/Api: trustDomain = "Cluster Local": a DNS-1123 subdomain/);
    expect(build({ monitoringRelease: 'kube prometheus' })).toThrow(/^test\/Api: monitoringRelease = "kube prometheus": a label value/);
    expect(build({ sessionAffinity: SessionAffinity.cookie({ name: 'a b' }) })).toThrow(/^test\/Api: sessionAffinity\.name = "a b": a cookie name/);
    expect(build({ sessionAffinity: SessionAffinity.cookie({ path: 'app' }) })).toThrow(/^test\/Api: sessionAffinity\.path = "app": a cookie path starting with "\/"$/);
    expect(build({ connectionPool: { maxConnections: 0 } })).toThrow(/^test\/Api: connectionPool\.maxConnections = 0: an integer from 1 to 2147483647$/);
    expect(build({ connectionPool: { idleTimeout: Duration.millis(0.5) } })).toThrow(/^test\/Api: connectionPool\.idleTimeout = .*: a whole number of milliseconds, at least 1 ms$/);
  });

  test('throws when a mirror path prefix is relative or a locality zone is not a label value', () => {
    expect(build({ strategy: progressive([CanaryStep.setMirrorRoute({ route: 'm', percentage: 5, pathPrefix: 'api' }), CanaryStep.setWeight(10)], ['m']) }))
      .toThrow(/^test\/Api: strategy\.progressive\.steps\[0\]\.setMirrorRoute\.pathPrefix = "api": a path prefix starting with "\/"$/);
    expect(build({ locality: LocalityLoadBalancing.zoneAware({ local: { region: 'us-east-1', zones: ['us east 1a'] } }) }))
      .toThrow(/^test\/Api: locality\.local\.zones\[0\] = "us east 1a": a label value/);
  });
});

describe('settings a strategy would silently ignore', () => {
  test('throws when canary replicas or a canary version are given to a strategy without a canary track', () => {
    expect(build({ strategy: CanaryStrategy.seedProgressive(), canaryReplicas: { min: 1, max: 2 } }))
      .toThrow(/^test\/Api: canaryReplicas = \{"min":1,"max":2\}: unset for strategy "progressive": the Rollout scales its canary within `replicas`$/);
    expect(build({ strategy: CanaryStrategy.maintenance(), canaryVersion: '2' })).toThrow(/^test\/Api: canaryVersion = "2": unset for strategy "maintenance": only the stable track runs$/);
  });

  test('throws when an allowed caller is listed twice', () => {
    expect(build({ authorization: { allowedNamespaces: ['web', 'web'] } })).toThrow(/^test\/Api: authorization\.allowedNamespaces = "web": each value at most once$/);
  });
});

describe('the remaining identifier rules', () => {
  test('throws when a name is too long for the hook service account, or a header route value has a line break', () => {
    const name = 'a'.repeat(50);
    expect(build({ name, minIstioVersion: '1.24', strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(10)], prePromotion: RolloutHook.job({ image: 'smoke:1' }) }) }))
      .toThrow(new RegExp(`^test/Api: name = "${name}": at most 49 characters: "${name}-rollout-hooks" names the hook service account and its pods' label`));
    expect(build({ strategy: CanaryStrategy.headerAB({ header: 'x-beta', value: 'yes\nno' }) })).toThrow(/^test\/Api: strategy\.headerAB\.value = "yes\\nno": a non-empty header value/);
    expect(build({ strategy: CanaryStrategy.blueGreen({ previewValue: ' ' }) })).toThrow(/^test\/Api: strategy\.blueGreen\.previewValue = " ": a non-empty header value/);
    expect(build({ strategy: progressive([CanaryStep.setHeaderRoute({ route: 'beta', header: 'x-beta', value: '' }), CanaryStep.setWeight(10)], ['beta']) }))
      .toThrow(/^test\/Api: strategy\.progressive\.steps\[0\]\.setHeaderRoute\.value = "": a non-empty header value/);
  });

  test('throws when a gateway annotation key, a JWT audience, the cluster domain or a failover region is malformed', () => {
    expect(build({ gateway: { hosts: ['api.example.com'], credentialName: 'tls', annotations: { 'bad key': 'x' } } })).toThrow(/^test\/Api: gateway\.annotations\.bad key = "bad key": a qualified name/);
    expect(build({ jwt: { issuer: 'https://id.example.com', jwksUri: 'https://id.example.com/jwks', audiences: [''] } })).toThrow(/^test\/Api: jwt\.audiences\[0\] = "": a non-empty string$/);
    expect(build({ clusterDomain: 'cluster..local' })).toThrow(/^test\/Api: clusterDomain = "cluster\.\.local": a DNS-1123 subdomain/);
    expect(build({ locality: LocalityLoadBalancing.failover([{ from: 'us-east-1', to: 'us west 2' }]) })).toThrow(/^test\/Api: locality\.failover\[0\]\.to = "us west 2": a label value/);
    const local = { region: 'us-east-1', zones: ['us-east-1a'] };
    expect(build({ locality: LocalityLoadBalancing.zoneAware({ local, regionWeights: { 'us-east-1': 100 }, remoteRegions: [{ region: 'us-east-1', zones: ['us-east-1b'] }] }) }))
      .toThrow(/^test\/Api: locality\.remoteRegions = "us-east-1": each value at most once$/);
  });

  test('throws when a NetworkPolicy peer namespace is malformed or the fence is not a NetworkFence', () => {
    expect(build({ networkFence: NetworkFence.meshOnly({ eastWestGateway: { namespace: 'Istio_System', podLabels: { istio: 'eastwestgateway' } } }) }))
      .toThrow(/^test\/Api: networkFence\.eastWestGateway\.namespace = "Istio_System": lowercase letters/);
    expect(build({ networkFence: { enabled: true } as unknown as NetworkFence })).toThrow(/^test\/Api: networkFence = \{"enabled":true\}: NetworkFence\.meshOnly\(\) or NetworkFence\.none\(\)$/);
  });

  test('throws when an envFrom source or a toleration effect is malformed, or a retry back-off is below 1 ms', () => {
    expect(build({ envFrom: [EnvFromSource.secret('Api_Env')] })).toThrow(/^test\/Api: envFrom\[0\]\.secretName = "Api_Env": a DNS-1123 subdomain/);
    expect(build({ tolerations: [{ key: 'a', effect: 'NoRun' as 'NoSchedule' }] })).toThrow(/^test\/Api: tolerations\[0\]\.effect = "NoRun": one of NoSchedule, PreferNoSchedule, NoExecute$/);
    expect(build({ minIstioVersion: '1.26', retries: { attempts: 2, backoff: Duration.millis(0.5) } })).toThrow(/^test\/Api: retries\.backoff = .*: a whole number of milliseconds, at least 1 ms$/);
  });
});
