import { istioDuration } from './durations';
import { distributeEntries } from './locality-load-balancing';
import { HttpRoute, HttpRouteDestination, IDestinationRule, IGateway, IVirtualService, MeshObject, TrafficPolicy } from './mesh-types';
import { ResolvedMeshCanary, ResolvedRetries } from './resolved-props';
import { commonLabels, previewServiceName, selectorLabels, TRACK_LABEL } from './workload-objects';

/** Names of the routes the construct writes into the VirtualService. */
export const ROUTE_NAMES = {
  primary: 'primary', primaryIdempotent: 'primary-idempotent', loadTest: 'load-test', headerAB: 'header-ab', preview: 'preview',
} as const;
/** Names of the DestinationRule subsets. */
export const SUBSETS = { stable: 'stable', canary: 'canary' } as const;

/** Name of the ingress Gateway of a north–south binding. */
export function gatewayName(r: ResolvedMeshCanary): string {
  return `${r.name}-gateway`;
}

/**
 * Istio applies its own default retry policy to a route without `retries` (503, gRPC `unavailable`
 * and `cancelled` for every method; `ConvertPolicy(nil)` in pilot's route/retry package), so a route
 * that must not retry says `attempts: 0`.
 */
const NO_RETRIES: HttpRoute['retries'] = { attempts: 0 };

function renderRetries(retries: ResolvedRetries | undefined): HttpRoute['retries'] {
  if (!retries || retries.attempts === 0) return NO_RETRIES;
  return {
    attempts: retries.attempts,
    perTryTimeout: retries.perTryTimeout ? istioDuration(retries.perTryTimeout) : undefined,
    retryOn: retries.retryOn,
    backoff: retries.backoff ? istioDuration(retries.backoff) : undefined,
  };
}

/** The settings every route shares: timeout, retries (none on a route that injects faults), header changes. */
function routeSettings(r: ResolvedMeshCanary, retries: ResolvedRetries | undefined): Pick<HttpRoute, 'timeout' | 'retries' | 'headers'> {
  return {
    timeout: istioDuration(r.timeout),
    retries: renderRetries(retries),
    headers: r.headers
      ? {
        request: r.headers.request ? { set: r.headers.request.set, add: r.headers.request.add, remove: r.headers.request.remove } : undefined,
        response: r.headers.response ? { set: r.headers.response.set, add: r.headers.response.add, remove: r.headers.response.remove } : undefined,
      }
      : undefined,
  };
}

function toSubset(r: ResolvedMeshCanary, subset: string, weight: number): HttpRouteDestination {
  return { destination: { host: r.host, subset, port: { number: r.port } }, weight };
}

function toHost(r: ResolvedMeshCanary, host: string): HttpRouteDestination {
  return { destination: { host, port: { number: r.port } }, weight: 100 };
}

function headerMatch(header: string, value: string): HttpRoute['match'] {
  return [{ headers: { [header]: { exact: value } } }];
}

/** The fault of the main route: maintenance's 503s or the chaos-test faults. */
function primaryFault(r: ResolvedMeshCanary): HttpRoute['fault'] {
  const maintenance = r.strategy.maintenanceOptions;
  if (r.strategy.kind === 'maintenance') return { abort: { httpStatus: 503, percentage: { value: maintenance?.percentage ?? 100 } } };
  const f = r.faultInjection;
  if (!f) return undefined;
  return {
    abort: f.abort ? { httpStatus: f.abort.httpStatus, percentage: { value: f.abort.percentage } } : undefined,
    delay: f.delay ? { fixedDelay: istioDuration(f.delay.fixedDelay), percentage: { value: f.delay.percentage } } : undefined,
  };
}

/** The HTTP routes, most specific first; every one is named so Argo Rollouts can find it. */
export function httpRoutes(r: ResolvedMeshCanary): HttpRoute[] {
  const s = r.strategy;
  const previewHost = `${previewServiceName(r)}.${r.namespace}.svc.${r.clusterDomain}`;
  const routes: HttpRoute[] = [];
  const plain = routeSettings(r, r.retries);

  // Argo Rollouts adds the progressive load-test route itself (a managed header route).
  if (r.loadTestRoute && s.kind !== 'progressive') {
    routes.push({
      name: ROUTE_NAMES.loadTest,
      match: headerMatch(r.loadTestRoute.header, r.loadTestRoute.value),
      route: [s.kind === 'blue-green' ? toHost(r, previewHost) : toSubset(r, SUBSETS.canary, 100)],
      ...plain,
    });
  }
  if (s.headerAbOptions) {
    routes.push({ name: ROUTE_NAMES.headerAB, match: headerMatch(s.headerAbOptions.header, s.headerAbOptions.value ?? 'true'), route: [toSubset(r, SUBSETS.canary, 100)], ...plain });
  }
  if (s.blueGreenOptions) {
    routes.push({
      name: ROUTE_NAMES.preview,
      match: headerMatch(s.blueGreenOptions.previewHeader ?? 'x-preview', s.blueGreenOptions.previewValue ?? 'true'),
      route: [toHost(r, previewHost)],
      ...plain,
    });
  }

  const fault = primaryFault(r);
  const primary: HttpRoute = { name: ROUTE_NAMES.primary, ...routeSettings(r, fault ? undefined : r.retries), fault, ...primaryDestinations(r) };
  // Validation rejects idempotent retries with faults, so this route never injects any.
  const idempotent = r.idempotentRetries;
  if (idempotent) {
    routes.push({
      name: ROUTE_NAMES.primaryIdempotent,
      match: idempotent.methods.map((method) => ({ method: { exact: method } })),
      ...routeSettings(r, idempotent),
      ...primaryDestinations(r),
    });
  }
  routes.push(primary);
  return routes;
}

/** The names of the routes that carry the main traffic split, which Argo Rollouts reweights. */
export function splitRouteNames(r: ResolvedMeshCanary): string[] {
  return [...(r.idempotentRetries ? [ROUTE_NAMES.primaryIdempotent] : []), ROUTE_NAMES.primary];
}

/** Where the main traffic goes, by strategy: shared by `primary` and `primary-idempotent`. */
function primaryDestinations(r: ResolvedMeshCanary): Pick<HttpRoute, 'route' | 'mirror' | 'mirrorPercentage'> {
  const s = r.strategy;
  switch (s.kind) {
    case 'fixed-split':
      return { route: [toSubset(r, SUBSETS.stable, s.fixedSplitOptions!.stable), toSubset(r, SUBSETS.canary, s.fixedSplitOptions!.canary)] };
    case 'progressive':
      // Argo Rollouts moves these weights; the manifest holds the resting state.
      return { route: [toSubset(r, SUBSETS.stable, 100), toSubset(r, SUBSETS.canary, 0)] };
    case 'blue-green':
      return { route: [toHost(r, r.host)] };
    case 'shadow':
      return {
        route: [toSubset(r, SUBSETS.stable, 100)],
        mirror: { host: r.host, subset: SUBSETS.canary, port: { number: r.port } },
        mirrorPercentage: { value: s.shadowOptions!.mirrorPercentage },
      };
    case 'header-ab':
    case 'maintenance':
      return { route: [toSubset(r, SUBSETS.stable, 100)] };
  }
}

/** The traffic policy every DestinationRule of the construct shares. */
export function trafficPolicy(r: ResolvedMeshCanary): TrafficPolicy {
  const pool = r.connectionPool;
  const outlier = r.outlierDetection.settings;
  const cookie = r.sessionAffinity.cookie;
  const locality = r.locality;
  const localityLbSetting = locality?.zoneAware
    ? { enabled: true, distribute: distributeEntries(locality.zoneAware) }
    : locality ? { enabled: true, failover: locality.failoverRules.map((f) => ({ from: f.from, to: f.to })) } : undefined;
  return {
    tls: { mode: 'ISTIO_MUTUAL' },
    connectionPool: {
      tcp: { maxConnections: pool.maxConnections, connectTimeout: istioDuration(pool.connectTimeout) },
      http: {
        http1MaxPendingRequests: pool.http1MaxPendingRequests,
        http2MaxRequests: pool.http2MaxRequests,
        maxRequestsPerConnection: pool.maxRequestsPerConnection,
        idleTimeout: istioDuration(pool.idleTimeout),
      },
    },
    outlierDetection: outlier
      ? {
        consecutive5xxErrors: outlier.consecutive5xxErrors,
        interval: istioDuration(outlier.interval),
        baseEjectionTime: istioDuration(outlier.baseEjectionTime),
        maxEjectionPercent: outlier.maxEjectionPercent,
      }
      : undefined,
    loadBalancer: cookie || localityLbSetting
      ? {
        ...(cookie ? { consistentHash: { httpCookie: { name: cookie.name, path: cookie.path, ttl: istioDuration(cookie.ttl) } } } : { simple: 'LEAST_REQUEST' as const }),
        localityLbSetting,
      }
      : undefined,
  };
}

/** VirtualService, DestinationRule(s) and, with a north–south binding, the Gateway. */
export function renderRouting(r: ResolvedMeshCanary): MeshObject[] {
  const labels = commonLabels(r);
  const objects: MeshObject[] = [];
  const gateway = r.gateway;
  if (gateway) {
    const gw: IGateway = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: {
        name: gatewayName(r),
        namespace: r.namespace,
        labels,
        annotations: Object.keys(gateway.annotations).length > 0 ? gateway.annotations : undefined,
      },
      spec: {
        selector: gateway.selector,
        servers: [
          { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: [...gateway.hosts], tls: { mode: 'SIMPLE', credentialName: gateway.credentialName } },
          { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [...gateway.hosts], tls: { httpsRedirect: true } },
        ],
      },
    };
    objects.push(gw);
  }
  const vs: IVirtualService = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: r.name, namespace: r.namespace, labels },
    spec: {
      hosts: [r.host, ...(gateway?.hosts ?? [])],
      gateways: gateway ? [`${r.namespace}/${gatewayName(r)}`, 'mesh'] : undefined,
      http: httpRoutes(r),
    },
  };
  objects.push(vs);

  const subsetLabels = (track: 'stable' | 'canary'): Record<string, string> => {
    if (r.strategy.kind === 'progressive') return selectorLabels(r);
    // A handed-in track is told apart by the selector cdk8s-plus-28 gave its Deployment.
    const user = r.workload && (track === 'stable' ? r.workload.stable : r.workload.canary);
    return user ? { ...selectorLabels(r), ...user.matchLabels } : { ...selectorLabels(r), [TRACK_LABEL]: track };
  };
  const dr: IDestinationRule = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: r.name, namespace: r.namespace, labels },
    spec: {
      host: r.host,
      trafficPolicy: trafficPolicy(r),
      subsets: r.strategy.kind === 'blue-green'
        ? undefined
        : [{ name: SUBSETS.stable, labels: subsetLabels(SUBSETS.stable) }, { name: SUBSETS.canary, labels: subsetLabels(SUBSETS.canary) }],
    },
  };
  objects.push(dr);
  if (r.strategy.kind === 'blue-green') {
    const preview: IDestinationRule = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: previewServiceName(r), namespace: r.namespace, labels },
      spec: { host: `${previewServiceName(r)}.${r.namespace}.svc.${r.clusterDomain}`, trafficPolicy: trafficPolicy(r) },
    };
    objects.push(preview);
  }
  return objects;
}
