import { Chart, Duration, Testing } from 'cdk8s';
import {
  CanaryStrategy, EastWestGateway, LocalityLoadBalancing, OutlierDetection, p95LatencyQuery, SessionAffinity, successRateQuery,
} from '../../lib/service-mesh-canary';
import { testChart } from '../support/app';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { promqlErrors } from './promql';
import { find, Manifest, route, synth } from './support';

const US_EAST_1 = { region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] };

describe('resilience settings', () => {
  test('routes retry twice, only on failures the application never saw, and time out after 15 s by default', () => {
    const { manifests } = synth();
    // connect-failure and refused-stream: safe for POST, unlike 5xx, reset or status codes.
    expect(route(manifests, 'primary')).toEqual(expect.objectContaining({
      timeout: '15s',
      retries: { attempts: 2, perTryTimeout: '5s', retryOn: 'connect-failure,refused-stream' },
    }));
    expect(find(manifests, 'VirtualService', 'api').spec.http.map((h: { name: string }) => h.name)).toEqual(['primary']);
  });

  test('retries, timeout and retry back-off (Istio 1.26) as configured', () => {
    const { manifests } = synth({
      minIstioVersion: '1.26',
      timeout: Duration.seconds(3),
      retries: { attempts: 4, perTryTimeout: Duration.millis(500), retryOn: 'connect-failure', backoff: Duration.millis(100) },
    });
    expect(route(manifests, 'primary')).toMatchObject({ timeout: '3s', retries: { attempts: 4, perTryTimeout: '500ms', retryOn: 'connect-failure', backoff: '100ms' } });
  });

  test('attempts 0 turns retries off explicitly, since Istio retries a route without `retries` by its own default', () => {
    const { manifests } = synth({ retries: { attempts: 0 } });
    expect(route(manifests, 'primary').retries).toEqual({ attempts: 0 });
  });

  test('5xx retries are an opt-in route for idempotent methods, before the primary route, with the same split', () => {
    const { manifests } = synth({ idempotentRetries: { attempts: 3, perTryTimeout: Duration.seconds(2) } });
    const vs = find(manifests, 'VirtualService', 'api');
    expect(vs.spec.http.map((h: { name: string }) => h.name)).toEqual(['primary-idempotent', 'primary']);
    const idempotent = route(manifests, 'primary-idempotent');
    expect(idempotent).toEqual({
      name: 'primary-idempotent',
      match: [{ method: { exact: 'GET' } }, { method: { exact: 'HEAD' } }, { method: { exact: 'OPTIONS' } }],
      timeout: '15s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'connect-failure,refused-stream,reset,gateway-error' },
      route: route(manifests, 'primary').route,
    });
    expect(route(manifests, 'primary').retries.retryOn).toBe('connect-failure,refused-stream');
  });

  test('retriable status codes are emitted only with codes, after retriable-status-codes', () => {
    const withCodes = synth({ idempotentRetries: { attempts: 2, methods: ['GET', 'PUT'], retryOn: '5xx', retriableStatusCodes: [409, 503] } }).manifests;
    expect(route(withCodes, 'primary-idempotent')).toMatchObject({
      match: [{ method: { exact: 'GET' } }, { method: { exact: 'PUT' } }],
      retries: { retryOn: '5xx,retriable-status-codes,409,503' },
    });
    const without = synth({ idempotentRetries: { attempts: 2, retryOn: 'gateway-error' } }).manifests;
    expect(route(without, 'primary-idempotent').retries.retryOn).toBe('gateway-error');
  });

  test('Argo Rollouts reweights both split routes of a progressive canary', () => {
    const { manifests } = synth({ strategy: CanaryStrategy.seedProgressive(), idempotentRetries: { attempts: 2 } });
    expect(find(manifests, 'Rollout', 'api').spec.strategy.canary.trafficRouting.istio.virtualService.routes).toEqual(['primary-idempotent', 'primary']);
    expect(route(manifests, 'primary-idempotent').route).toEqual(route(manifests, 'primary').route);
  });

  test('outlier detection, connection pool and ISTIO_MUTUAL on the DestinationRule', () => {
    const { manifests } = synth({
      outlierDetection: OutlierDetection.consecutive5xx({ consecutive5xxErrors: 3, interval: Duration.seconds(5), baseEjectionTime: Duration.minutes(1), maxEjectionPercent: 30 }),
      connectionPool: { maxConnections: 100, http2MaxRequests: 200 },
    });
    expect(find(manifests, 'DestinationRule', 'api').spec.trafficPolicy).toEqual({
      tls: { mode: 'ISTIO_MUTUAL' },
      connectionPool: {
        tcp: { maxConnections: 100, connectTimeout: '5s' },
        http: { http1MaxPendingRequests: 1024, http2MaxRequests: 200, maxRequestsPerConnection: 0, idleTimeout: '3600s' },
      },
      outlierDetection: { consecutive5xxErrors: 3, interval: '5s', baseEjectionTime: '60s', maxEjectionPercent: 30 },
    });
  });

  test('session affinity hashes on a cookie with a one-hour TTL', () => {
    const { manifests } = synth({ sessionAffinity: SessionAffinity.cookie({ name: 'api-session' }) });
    expect(find(manifests, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer).toEqual({
      consistentHash: { httpCookie: { name: 'api-session', path: '/', ttl: '3600s' } },
    });
  });

  test('sets, adds and removes request and response headers on every route', () => {
    const headers = {
      request: { set: { 'x-env': 'dev' }, add: { 'x-trace': 'on' }, remove: ['x-internal'] },
      response: { set: { 'strict-transport-security': 'max-age=31536000' }, remove: ['server'] },
    };
    const { manifests } = synth({ headers, loadTestRoute: { header: 'x-load-test' } });
    expect(route(manifests, 'primary').headers).toEqual(headers);
    expect(route(manifests, 'load-test').headers).toEqual(headers);
  });

  test('local rate limiting answers 429 through an EnvoyFilter on the inbound sidecar', () => {
    const { manifests } = synth({ localRateLimit: { requestsPerInterval: 100, burst: 200 } });
    const filter = find(manifests, 'EnvoyFilter', 'api-local-rate-limit');
    expect(filter.spec.workloadSelector).toEqual({ labels: { 'app.kubernetes.io/name': 'api' } });
    expect(filter.spec.configPatches[0]).toMatchObject({
      applyTo: 'HTTP_FILTER',
      // Just before the router, so JWT, peer authentication and RBAC run first and denied requests spend no tokens.
      match: {
        context: 'SIDECAR_INBOUND',
        listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } } },
      },
      patch: {
        operation: 'INSERT_BEFORE',
        value: {
          name: 'envoy.filters.http.local_ratelimit',
          typed_config: { token_bucket: { max_tokens: 200, tokens_per_fill: 100, fill_interval: '1s' } },
        },
      },
    });
  });

  test('fault injection on the primary route drops the default retries there only', () => {
    const { manifests } = synth({
      strategy: CanaryStrategy.headerAB({ header: 'x-beta' }),
      loadTestRoute: { header: 'x-load-test' },
      faultInjection: { delay: { fixedDelay: Duration.seconds(2), percentage: 10 } },
    });
    const primary = route(manifests, 'primary');
    expect(primary.fault).toEqual({ delay: { fixedDelay: '2s', percentage: { value: 10 } } });
    expect(primary.retries).toEqual({ attempts: 0 });
    const defaults = { attempts: 2, perTryTimeout: '5s', retryOn: 'connect-failure,refused-stream' };
    expect(route(manifests, 'header-ab')).toMatchObject({ retries: defaults });
    expect(route(manifests, 'load-test')).toMatchObject({ retries: defaults });
    expect(route(manifests, 'header-ab').fault).toBeUndefined();
  });
});

describe('workload', () => {
  test('a restricted, zone-spread pod with probes and resources', () => {
    const { manifests } = synth();
    const pod = find(manifests, 'Deployment', 'api-stable').spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, privileged: false,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 });
    expect(pod.containers[0]).toMatchObject({
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
      readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    });
  });

  test('autoscalers own the replica counts and a disruption budget keeps all but one pod', () => {
    const { manifests } = synth({ replicas: { min: 3, max: 12 } });
    expect(find(manifests, 'Deployment', 'api-stable').spec.replicas).toBeUndefined();
    expect(find(manifests, 'HorizontalPodAutoscaler', 'api-stable').spec).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
    expect(find(manifests, 'HorizontalPodAutoscaler', 'api-canary').spec).toMatchObject({ minReplicas: 1, maxReplicas: 12 });
    expect(find(manifests, 'PodDisruptionBudget', 'api').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } });
  });
});

describe('security', () => {
  test('STRICT mTLS and an allow-list of callers on the service port', () => {
    const { manifests } = synth({ authorization: { allowedServiceAccounts: ['web/frontend'], allowedNamespaces: ['batch'] } });
    expect(find(manifests, 'PeerAuthentication', 'api').spec).toEqual({ selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, mtls: { mode: 'STRICT' } });
    expect(find(manifests, 'AuthorizationPolicy', 'api-allow').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      action: 'ALLOW',
      rules: [{
        from: [{ source: { principals: ['cluster.local/ns/web/sa/frontend'] } }, { source: { namespaces: ['batch'] } }],
        to: [{ operation: { ports: ['8080'] } }],
      }],
    });
  });

  test('JWT authentication is paired with a DENY policy for requests without a principal', () => {
    const { manifests } = synth({ jwt: { issuer: 'https://id.example.com', jwksUri: 'https://id.example.com/jwks.json', exemptPaths: ['/healthz'] } });
    expect(find(manifests, 'RequestAuthentication', 'api-jwt').spec.jwtRules).toEqual([{ issuer: 'https://id.example.com', jwksUri: 'https://id.example.com/jwks.json' }]);
    expect(find(manifests, 'AuthorizationPolicy', 'api-require-jwt').spec).toMatchObject({
      action: 'DENY',
      rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { notPaths: ['/healthz'] } }] }],
    });
  });

  test('a gateway binding adds the Gateway, binds the VirtualService and admits the gateway', () => {
    const { manifests } = synth({ gateway: { hosts: ['api.example.com'], credentialName: 'api-example-com-tls' } });
    expect(find(manifests, 'Gateway', 'api-gateway').spec.servers[0]).toEqual({
      port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['api.example.com'], tls: { mode: 'SIMPLE', credentialName: 'api-example-com-tls' },
    });
    expect(find(manifests, 'VirtualService', 'api').spec).toMatchObject({ hosts: ['api.api.svc.cluster.local', 'api.example.com'], gateways: ['api/api-gateway', 'mesh'] });
    expect(find(manifests, 'AuthorizationPolicy', 'api-allow').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account']);
    expect(find(manifests, 'Gateway', 'api-gateway').metadata.annotations).toBeUndefined();
  });

  test('a gateway binding carries annotations, e.g. for ExternalDNS to publish the hosts', () => {
    const annotations = { 'external-dns.alpha.kubernetes.io/hostname': 'api-us-east-1.example.com', 'external-dns.alpha.kubernetes.io/ttl': '60' };
    const { manifests } = synth({ gateway: { hosts: ['api.example.com', 'api-us-east-1.example.com'], credentialName: 'api-tls', annotations } });
    expect(find(manifests, 'Gateway', 'api-gateway').metadata.annotations).toEqual(annotations);
  });
});

describe('locality and multi-cluster', () => {
  test('zone-aware distribution keeps 80 % in the caller zone and spreads 20 % over the others', () => {
    const { manifests } = synth({ locality: LocalityLoadBalancing.zoneAware({ local: US_EAST_1 }) });
    const lb = find(manifests, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer;
    expect(lb.simple).toBe('LEAST_REQUEST');
    expect(lb.localityLbSetting.distribute[0]).toEqual({
      from: 'us-east-1/us-east-1a/*', to: { 'us-east-1/us-east-1a/*': 80, 'us-east-1/us-east-1b/*': 10, 'us-east-1/us-east-1c/*': 10 },
    });
    expect(lb.localityLbSetting.distribute).toHaveLength(3);
  });

  test('cross-cluster weights 40/40/20 combine with the 80/20 zone split', () => {
    const { manifests } = synth({
      locality: LocalityLoadBalancing.zoneAware({
        local: US_EAST_1,
        regionWeights: { 'us-east-1': 40, 'us-west-2': 40, 'eu-west-1': 20 },
        remoteRegions: [{ region: 'us-west-2', zones: ['us-west-2a'] }, { region: 'eu-west-1', zones: ['eu-west-1a'] }],
      }),
    });
    expect(find(manifests, 'DestinationRule', 'api').spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[1]).toEqual({
      from: 'us-east-1/us-east-1b/*',
      to: { 'us-east-1/us-east-1b/*': 32, 'us-east-1/us-east-1a/*': 4, 'us-east-1/us-east-1c/*': 4, 'eu-west-1/*': 20, 'us-west-2/*': 40 },
    });
  });

  test('region failover with outlier detection', () => {
    const { manifests } = synth({ locality: LocalityLoadBalancing.failover([{ from: 'us-east-1', to: 'us-west-2' }]) });
    const policy = find(manifests, 'DestinationRule', 'api').spec.trafficPolicy;
    expect(policy.loadBalancer.localityLbSetting).toEqual({ enabled: true, failover: [{ from: 'us-east-1', to: 'us-west-2' }] });
    expect(policy.outlierDetection).toBeDefined();
  });

  test('the east-west gateway passes port 15443 through with AUTO_PASSTHROUGH', () => {
    const chart = testChart();
    new EastWestGateway(chart, 'EastWest');
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'networking.istio.io/v1', kind: 'Gateway',
      metadata: { name: 'cross-network-gateway', namespace: 'istio-system', labels: { 'app.kubernetes.io/part-of': 'resilience-constructs' } },
      spec: { selector: { istio: 'eastwestgateway' }, servers: [{ port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: ['*.local'] }] },
    }]);
  });

  test('throws when the east-west gateway namespace is not a DNS label', () => {
    expect(() => new EastWestGateway(testChart(), 'EastWest', { namespace: 'Istio_System' }))
      .toThrow(/^test\/EastWest: namespace = "Istio_System": lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 63 characters$/);
  });
});

describe('analysis and metrics', () => {
  test('success rate ≥ 95 % and p95 ≤ 1000 ms, each guarded against empty results', () => {
    const { manifests } = synth({ strategy: CanaryStrategy.seedProgressive() });
    const [success, latency] = find(manifests, 'AnalysisTemplate', 'api-canary-analysis').spec.metrics;
    expect(success).toMatchObject({
      successCondition: 'len(result) > 0 && result[0] >= 0.95', failureCondition: 'len(result) > 0 && result[0] < 0.95',
      interval: '1m', initialDelay: '2m', failureLimit: 1, inconclusiveLimit: 3,
      provider: { prometheus: { address: 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090', query: successRateQuery('2m') } },
    });
    expect(latency).toMatchObject({ successCondition: 'len(result) > 0 && result[0] <= 1000', failureCondition: 'len(result) > 0 && result[0] > 1000' });
    expect(success.count).toBeUndefined();
  });

  test('the success rate counts a canary that answers only 5xx as 0, not as an empty (inconclusive) result', () => {
    // With no non-5xx series the numerator's sum is an empty vector; `or vector(0)` makes it 0 so the metric fails.
    const selector = 'reporter="destination",destination_workload_namespace="{{args.namespace}}",'
      + 'destination_canonical_service="{{args.service}}",destination_canonical_revision="{{args.revision}}"';
    expect(successRateQuery('2m')).toBe(
      `(sum(rate(istio_requests_total{${selector},response_code!~"5.."}[2m])) or vector(0))`
      + ` / sum(rate(istio_requests_total{${selector}}[2m]))`,
    );
  });

  test('every emitted PromQL expression parses strictly', () => {
    const templates = [
      ...synth({ strategy: CanaryStrategy.seedProgressive() }).manifests,
      ...synth({ strategy: CanaryStrategy.blueGreen({ analysis: { window: Duration.minutes(5) } }) }).manifests,
    ].filter((m) => m.kind === 'AnalysisTemplate');
    const queries: string[] = templates.flatMap((t) => t.spec.metrics.map((m: { provider: { prometheus: { query: string } } }) => m.provider.prometheus.query));
    expect(queries).toHaveLength(4);
    for (const query of queries) expect(promqlErrors(query)).toEqual([]);
  });

  test('the PodMonitor scrapes the Envoy sidecars for the monitoring release', () => {
    const { manifests } = synth({ monitoringRelease: 'prom' });
    const monitor = find(manifests, 'PodMonitor', 'api-envoy');
    expect(monitor.metadata.labels).toMatchObject({ release: 'prom' });
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      namespaceSelector: { matchNames: ['api'] },
      podMetricsEndpoints: [{ port: 'http-envoy-prom', path: '/stats/prometheus', interval: '15s' }],
    });
  });
});

test('every setting emits only schema-valid objects without unknown fields', () => {
  const all: Manifest[] = [
    ...synth({
      minIstioVersion: '1.26',
      retries: { attempts: 3, backoff: Duration.millis(50) },
      idempotentRetries: { attempts: 2, methods: ['GET', 'DELETE'], retriableStatusCodes: [503], backoff: Duration.millis(50) },
      sessionAffinity: SessionAffinity.cookie(),
      headers: { request: { set: { 'x-a': 'b' } }, response: { remove: ['server'] } },
      localRateLimit: { requestsPerInterval: 50 },
      locality: LocalityLoadBalancing.zoneAware({ local: US_EAST_1 }),
      jwt: { issuer: 'https://id.example.com', jwksUri: 'https://id.example.com/jwks.json', audiences: ['api'] },
      gateway: { hosts: ['api.example.com'], credentialName: 'tls' },
    }).manifests,
    ...synth({
      faultInjection: { abort: { httpStatus: 500, percentage: 1 }, delay: { fixedDelay: Duration.millis(300), percentage: 5 } },
      locality: LocalityLoadBalancing.failover([{ from: 'us-east-1', to: 'us-west-2' }]),
    }).manifests,
  ];
  const chart: Chart = testChart();
  new EastWestGateway(chart, 'EastWest');
  all.push(...(Testing.synth(chart) as Manifest[]));
  expect(kubernetesSchemaErrors(all)).toEqual([]);
});

test.each([
  ['success rate', successRateQuery('2m')],
  ['p95 latency', p95LatencyQuery('5m')],
])('the %s query parses as PromQL', (_name, query) => {
  expect(promqlErrors(query)).toEqual([]);
});

test('the strict PromQL parse rejects a broken expression', () => {
  expect(promqlErrors('sum(rate(istio_requests_total[2m])')).not.toEqual([]);
});
