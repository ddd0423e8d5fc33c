import { IConstruct } from 'constructs';
import { Deployment } from 'cdk8s-plus-28';
import { invalid } from '../core/errors';
import { validateAll } from '../core/validation-collector';
import { requireIntegerInRange, requireKebabName, requireNonEmptyString, requireNumberInRange, requireUnique } from '../core/validate';
import { CanaryAnalysisOptions } from './canary-analysis';
import { rejectCdkTokens } from './cdk-tokens';
import { CanaryStrategy } from './canary-strategy';
import { ISTIO_FEATURES, IstioFeature, IstioVersion } from './istio-version';
import { imageTag } from './resolved-props';
import { OutlierDetection } from './outlier-detection';
import { ANY_METHOD_RETRY_CONDITIONS, IDEMPOTENT_METHODS, REPLAYING_RETRY_CONDITIONS } from './retry-policy';
import { RolloutHook } from './rollout-hook';
import type { ServiceMeshCanaryProps } from './service-mesh-canary';
import { ROUTE_NAMES } from './traffic-routing';
import { validateNoBuilderProps, validateUserWorkload } from './user-workload';
import {
  parseQuantity, requireConfigMapKey, requireDnsSubdomain, requireEnvVarName, requireImageDigest, requireImageReference,
  requireLabelValue, requireQualifiedName, requireQuantity,
} from './kubernetes-identifiers';
import { NetworkFence, PodPeer } from './network-fence';
import { EnvVarSource, PodToleration, ReplicaRange } from './workload-options';
import { DurationLike } from '../core/duration';

/**
 * Every rule of ServiceMeshCanary, checked at synth before anything is rendered. Each throws a
 * ResilienceValidationError naming the construct path, the prop, the value and what is valid;
 * independent rules run through `validateAll`, so every mistake is reported in one run.
 * Returns the parsed minimum Istio version.
 */
export function validateServiceMeshCanary(scope: IConstruct, props: ServiceMeshCanaryProps): IstioVersion {
  // Tokens first: every other rule would judge a token's placeholder text instead of the value.
  rejectCdkTokens(scope, props, { workload: props.workload, canaryWorkload: props.canaryWorkload });
  let minIstio = IstioVersion.V1_22;
  const strategy = props.strategy ?? CanaryStrategy.seedFixedSplit();
  validateAll(scope, [
    () => requireKebabName(scope, 'name', props.name),
    () => { if (props.namespace !== undefined) requireKebabName(scope, 'namespace', props.namespace); },
    () => validateWorkloadSource(scope, props, strategy),
    () => { minIstio = IstioVersion.parse(scope, 'minIstioVersion', props.minIstioVersion ?? IstioVersion.V1_22.toString()); },
    () => { if (props.port !== undefined) requireIntegerInRange(scope, 'port', props.port, 1, 65535); },
    () => { if (props.replicas) validateReplicas(scope, 'replicas', props.replicas); },
    () => { if (props.canaryReplicas) validateReplicas(scope, 'canaryReplicas', props.canaryReplicas); },
    () => { if (props.targetCpuUtilization !== undefined) requireIntegerInRange(scope, 'targetCpuUtilization', props.targetCpuUtilization, 1, 100, 'percent'); },
    () => { if (props.runAsUser !== undefined) requireIntegerInRange(scope, 'runAsUser', props.runAsUser, 1, 2147483647); },
    () => { if (props.port !== undefined) requireNotIstioPort(scope, 'port', props.port); },
    ...workloadSurfaceChecks(scope, props),
    ...imageChecks(scope, props, strategy),
    () => validateNameLengths(scope, props, strategy),
    () => validateNetworkFence(scope, props),
    ...identifierChecks(scope, props, strategy),
    ...placementChecks(scope, props),
  ]);
  validateAll(scope, [
    () => validateStrategy(scope, props, strategy, minIstio),
    () => validateRoutesAndResilience(scope, props, strategy),
    () => validateRetries(scope, props, strategy, minIstio),
    () => validateLocality(scope, props),
    () => validateSecurity(scope, props),
  ]);
  return minIstio;
}

/**
 * Ports the sidecar itself listens on or dials inside the pod; an application port equal to one
 * collides with Envoy or pilot-agent.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */
export const ISTIO_RESERVED_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

function requireNotIstioPort(scope: IConstruct, prop: string, port: number): void {
  if (ISTIO_RESERVED_PORTS.includes(port)) invalid(scope, prop, port, `a port other than Istio's own (${ISTIO_RESERVED_PORTS.join(', ')}), which the sidecar uses inside the pod`);
}

/** The checks of the builder's container and pod settings: names, keys, quantities and paths. */
function workloadSurfaceChecks(scope: IConstruct, props: ServiceMeshCanaryProps): Array<() => void> {
  const checks: Array<() => void> = [];
  for (const path of ['livenessPath', 'readinessPath'] as const) {
    checks.push(() => {
      const value = props[path];
      if (value !== undefined && !/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/.test(value)) {
        invalid(scope, path, value, 'an absolute URL path starting with "/", without spaces, query or fragment');
      }
    });
  }
  const res = props.resources;
  if (res) {
    checks.push(() => {
      const examples = { cpuRequest: '250m', cpuLimit: '1', memoryRequest: '256Mi', memoryLimit: '512Mi' } as const;
      const values: Partial<Record<keyof typeof examples, number>> = {};
      validateAll(scope, (Object.keys(examples) as Array<keyof typeof examples>).map((key) => () => {
        const value = res[key];
        if (value !== undefined) values[key] = requireQuantity(scope, `resources.${key}`, value, examples[key]);
      }));
      const cpu = [values.cpuRequest ?? parseQuantity('250m')!, values.cpuLimit ?? parseQuantity('1')!];
      const memory = [values.memoryRequest ?? parseQuantity('256Mi')!, values.memoryLimit ?? parseQuantity('512Mi')!];
      validateAll(scope, [
        () => { if (cpu[0] > cpu[1]) invalid(scope, 'resources.cpuRequest', res.cpuRequest ?? '250m', `at most resources.cpuLimit (${res.cpuLimit ?? '1'}): Kubernetes rejects a request above its limit`); },
        () => { if (memory[0] > memory[1]) invalid(scope, 'resources.memoryRequest', res.memoryRequest ?? '256Mi', `at most resources.memoryLimit (${res.memoryLimit ?? '512Mi'}): Kubernetes rejects a request above its limit`); },
      ]);
    });
  }
  const env = props.env ?? {};
  checks.push(() => validateAll(scope, Object.entries(env).map(([name, value]) => () => {
    requireEnvVarName(scope, `env.${name}`, name);
    if (typeof value === 'string') return;
    if (!(value instanceof EnvVarSource)) invalid(scope, `env.${name}`, value, 'a string or an EnvVarSource');
    requireDnsSubdomain(scope, `env.${name}.${value.kind === 'secret' ? 'secretName' : 'configMapName'}`, value.name);
    requireConfigMapKey(scope, `env.${name}.key`, value.key);
  })));
  const envFrom = props.envFrom ?? [];
  checks.push(() => validateAll(scope, envFrom.map((source, i) => () => {
    requireDnsSubdomain(scope, `envFrom[${i}].${source.kind === 'secret' ? 'secretName' : 'configMapName'}`, source.name);
    if (source.prefix !== undefined) requireEnvVarName(scope, `envFrom[${i}].prefix`, source.prefix);
  })));
  for (const prop of ['command', 'args'] as const) {
    checks.push(() => {
      const list = props[prop];
      if (list !== undefined && list.length === 0) invalid(scope, prop, [], `at least one entry, or unset to keep the image's ${prop === 'command' ? 'entrypoint' : 'command'}`);
    });
  }
  const pullSecrets = props.imagePullSecrets ?? [];
  checks.push(() => {
    pullSecrets.forEach((name, i) => requireDnsSubdomain(scope, `imagePullSecrets[${i}]`, name));
    requireUnique(scope, 'imagePullSecrets', pullSecrets);
  });
  (props.tolerations ?? []).forEach((t, i) => checks.push(() => validateToleration(scope, `tolerations[${i}]`, t)));
  checks.push(() => validateAll(scope, Object.entries(props.nodeSelector ?? {}).map(([key, value]) => () => {
    requireQualifiedName(scope, `nodeSelector.${key}`, key);
    requireLabelValue(scope, `nodeSelector.${key}`, value);
  })));
  checks.push(() => validateAll(scope, Object.keys(props.podAnnotations ?? {}).map((key) => () => {
    requireQualifiedName(scope, `podAnnotations.${key}`, key);
    if (key === 'sidecar.istio.io/inject') {
      invalid(scope, `podAnnotations.${key}`, props.podAnnotations![key], 'unset: the construct labels the pods for injection, and mTLS, the allow-list and the NetworkPolicies rely on the sidecar');
    }
  })));
  checks.push(() => validateAll(scope, Object.entries(props.serviceAccountAnnotations ?? {}).map(([key, value]) => () => {
    requireQualifiedName(scope, `serviceAccountAnnotations.${key}`, key);
    // IRSA: the EKS pod identity webhook reads the role from this annotation.
    if (key === 'eks.amazonaws.com/role-arn' && !/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(value)) {
      invalid(scope, `serviceAccountAnnotations.${key}`, value, 'an IAM role ARN, "arn:<partition>:iam::<12-digit account>:role/<name>"');
    }
  })));
  return checks;
}

const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateToleration(scope: IConstruct, prop: string, t: PodToleration): void {
  const operator = t.operator ?? 'Equal';
  validateAll(scope, [
    () => { if (operator !== 'Equal' && operator !== 'Exists') invalid(scope, `${prop}.operator`, t.operator, '"Equal" or "Exists"'); },
    () => { if (t.key !== undefined) requireQualifiedName(scope, `${prop}.key`, t.key); },
    () => { if (t.key === undefined && operator !== 'Exists') invalid(scope, `${prop}.key`, undefined, 'a taint key; only operator "Exists" may leave it out (to tolerate every taint)'); },
    () => { if (operator === 'Exists' && t.value !== undefined && t.value !== '') invalid(scope, `${prop}.value`, t.value, 'unset with operator "Exists"'); },
    () => { if (t.value !== undefined) requireLabelValue(scope, `${prop}.value`, t.value); },
    () => { if (t.effect !== undefined && !TOLERATION_EFFECTS.includes(t.effect)) invalid(scope, `${prop}.effect`, t.effect, `one of ${TOLERATION_EFFECTS.join(', ')}`); },
    () => {
      if (t.tolerationSeconds === undefined) return;
      if (t.effect !== 'NoExecute') invalid(scope, `${prop}.tolerationSeconds`, t.tolerationSeconds, 'unset unless effect is "NoExecute", the only effect that evicts');
      requireIntegerInRange(scope, `${prop}.tolerationSeconds`, t.tolerationSeconds, 0, 2 ** 31 - 1);
    },
  ]);
}

/** Image references, and digests when `requireImageDigest` is on. */
function imageChecks(scope: IConstruct, props: ServiceMeshCanaryProps, s: CanaryStrategy): Array<() => void> {
  const images: Array<[string, string]> = [];
  if (props.image !== undefined && props.image.trim() !== '') images.push(['image', props.image]);
  if (props.canaryImage !== undefined) images.push(['canaryImage', props.canaryImage]);
  const hooks = s.progressiveOptions ?? s.blueGreenOptions;
  const prefix = s.progressiveOptions ? 'strategy.progressive' : 'strategy.blueGreen';
  if (hooks?.loadTest && hooks.loadTest.image !== '') images.push([`${prefix}.loadTest.image`, hooks.loadTest.image]);
  if (hooks?.prePromotion && hooks.prePromotion.image !== '') images.push([`${prefix}.prePromotion.image`, hooks.prePromotion.image]);
  for (const [prop, workload] of [['workload', props.workload], ['canaryWorkload', props.canaryWorkload]] as const) {
    const w: unknown = workload;
    if (!(w instanceof Deployment)) continue;
    w.initContainers.forEach((c, i) => images.push([`${prop}.initContainers[${i}].image`, c.image]));
    w.containers.forEach((c, i) => images.push([`${prop}.containers[${i}].image`, c.image]));
  }
  return images.map(([prop, image]) => () => {
    requireImageReference(scope, prop, image);
    if (props.requireImageDigest) requireImageDigest(scope, prop, image);
  });
}

/**
 * The longest name derived from `name` that must be a DNS label or a label value (63 characters):
 * the preview Service of blue-green and the hook service account, which also names the hook pods.
 */
function validateNameLengths(scope: IConstruct, props: ServiceMeshCanaryProps, s: CanaryStrategy): void {
  const hooks = s.progressiveOptions ?? s.blueGreenOptions;
  const suffixes = [
    ...(s.kind === 'blue-green' ? [['-preview', 'the preview Service']] : []),
    ...(hooks?.loadTest || hooks?.prePromotion ? [['-rollout-hooks', 'the hook service account and its pods\' label']] : []),
  ];
  for (const [suffix, what] of suffixes) {
    if (props.name.length + suffix.length > 63) {
      invalid(scope, 'name', props.name, `at most ${63 - suffix.length} characters: "${props.name}${suffix}" names ${what}, which must be a DNS label of at most 63`);
    }
  }
}

function validateNetworkFence(scope: IConstruct, props: ServiceMeshCanaryProps): void {
  const fence = props.networkFence;
  if (fence !== undefined && !(fence instanceof NetworkFence)) invalid(scope, 'networkFence', fence, 'NetworkFence.meshOnly() or NetworkFence.none()');
  const o = fence?.options;
  if (!o) return;
  const peer = (prop: string, p: PodPeer | undefined): Array<() => void> => (p ? [
    () => requireKebabName(scope, `networkFence.${prop}.namespace`, p.namespace),
    () => {
      if (Object.keys(p.podLabels).length === 0) invalid(scope, `networkFence.${prop}.podLabels`, {}, 'at least one label: an empty selector admits every pod of the namespace');
      for (const [key, value] of Object.entries(p.podLabels)) {
        requireQualifiedName(scope, `networkFence.${prop}.podLabels.${key}`, key);
        requireLabelValue(scope, `networkFence.${prop}.podLabels.${key}`, value);
      }
    },
  ] : []);
  validateAll(scope, [
    ...peer('prometheus', o.prometheus),
    ...peer('eastWestGateway', o.eastWestGateway),
    ...peer('istiod', o.istiod),
    ...peer('dns', o.dns),
    () => {
      const cidrs = o.egressCidrs ?? [];
      if (cidrs.length > 0 && !o.restrictEgress) invalid(scope, 'networkFence.egressCidrs', cidrs, 'unset unless restrictEgress is on: without it egress is not fenced');
      cidrs.forEach((cidr, i) => { if (!isCidr(cidr)) invalid(scope, `networkFence.egressCidrs[${i}]`, cidr, 'an IPv4 or IPv6 CIDR block such as "10.0.0.0/16"'); });
      requireUnique(scope, 'networkFence.egressCidrs', cidrs);
    },
  ]);
}

function isCidr(value: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32;
  const v6 = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(value);
  return v6 !== null && v6[1].includes(':') && Number(v6[2]) <= 128 && (v6[1].match(/::/g)?.length ?? 0) <= 1;
}

/** An HTTP field name (RFC 9110 token); pseudo-headers such as `:authority` cannot be changed this way. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** An HTTP field value: visible characters, spaces and tabs inside, no line breaks. */
const HEADER_VALUE = /^[\x21-\x7e\x80-\xff]([\x20-\x7e\x80-\xff\t]*[\x21-\x7e\x80-\xff])?$/;

function requireHeaderValue(scope: IConstruct, prop: string, value: string): void {
  if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
    invalid(scope, prop, value, 'a non-empty header value of visible characters, without leading or trailing space or line breaks');
  }
}

/** A DNS name for a gateway host: labels of a DNS-1123 subdomain, optionally a leading `*.`. */
function requireHostName(scope: IConstruct, prop: string, host: string): void {
  const bare = host.startsWith('*.') ? host.slice(2) : host;
  if (host.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(bare)) {
    invalid(scope, prop, host, 'a fully qualified lowercase DNS name such as "api.example.com", optionally starting with "*."');
  }
}

/**
 * Names, keys and values that reach manifests verbatim: header names and values, hosts, labels,
 * domains, cookie and path settings, connection-pool figures; and collisions between the routes
 * the construct writes.
 */
function identifierChecks(scope: IConstruct, props: ServiceMeshCanaryProps, s: CanaryStrategy): Array<() => void> {
  const checks: Array<() => void> = [];
  const versions: Array<[string, string | undefined]> = [['version', props.version], ['canaryVersion', props.canaryVersion]];
  const stableImage = props.image ?? userImage(props);
  const derived = stableImage !== undefined ? imageTag(stableImage) : undefined;
  if (props.version === undefined && derived !== undefined) versions.push([props.image !== undefined ? 'image (its tag, the default version)' : 'workload.containers[0].image (its tag, the default version)', derived]);
  const canaryImage = props.canaryImage ?? (props.canaryWorkload instanceof Deployment ? props.canaryWorkload.containers[0]?.image : undefined);
  const canaryDerived = canaryImage !== undefined ? imageTag(canaryImage) : undefined;
  if (props.canaryVersion === undefined && canaryDerived !== undefined) versions.push(['canary image (its tag, the default canaryVersion)', canaryDerived]);
  for (const [prop, value] of versions) {
    // The version is a pod label (app.kubernetes.io/version), Istio's canonical revision.
    checks.push(() => { if (value !== undefined) requireLabelValue(scope, prop, value); });
  }
  checks.push(() => { if (props.monitoringRelease !== undefined) requireLabelValue(scope, 'monitoringRelease', props.monitoringRelease); });
  for (const prop of ['clusterDomain', 'trustDomain'] as const) {
    checks.push(() => { if (props[prop] !== undefined) requireDnsSubdomain(scope, prop, props[prop]!); });
  }
  // Header routes the construct writes, in match order: two with the same header and value would shadow each other.
  const headerRoutes: Array<[string, string, string]> = [];
  if (props.loadTestRoute) headerRoutes.push(['loadTestRoute', props.loadTestRoute.header, props.loadTestRoute.value ?? 'true']);
  if (s.headerAbOptions) headerRoutes.push(['strategy.headerAB', s.headerAbOptions.header, s.headerAbOptions.value ?? 'true']);
  if (s.blueGreenOptions) headerRoutes.push(['strategy.blueGreen', s.blueGreenOptions.previewHeader ?? 'x-preview', s.blueGreenOptions.previewValue ?? 'true']);
  checks.push(() => {
    const seen = new Map<string, string>();
    for (const [prop, header, value] of headerRoutes) {
      const key = `${header}: ${value}`;
      const earlier = seen.get(key);
      if (earlier) invalid(scope, prop, key, `a header and value other than ${earlier}'s: the first route would take every request meant for the second`);
      seen.set(key, prop);
    }
  });
  if (props.loadTestRoute?.value !== undefined) checks.push(() => requireHeaderValue(scope, 'loadTestRoute.value', props.loadTestRoute!.value!));
  if (s.headerAbOptions?.value !== undefined) checks.push(() => requireHeaderValue(scope, 'strategy.headerAB.value', s.headerAbOptions!.value!));
  if (s.blueGreenOptions?.previewValue !== undefined) checks.push(() => requireHeaderValue(scope, 'strategy.blueGreen.previewValue', s.blueGreenOptions!.previewValue!));
  (s.progressiveOptions?.steps ?? []).forEach((step, i) => {
    if (step.value !== undefined) checks.push(() => requireHeaderValue(scope, `strategy.progressive.steps[${i}].setHeaderRoute.value`, step.value!));
    if (step.pathPrefix !== undefined) {
      checks.push(() => { if (!step.pathPrefix!.startsWith('/')) invalid(scope, `strategy.progressive.steps[${i}].setMirrorRoute.pathPrefix`, step.pathPrefix, 'a path prefix starting with "/"'); });
    }
  });
  for (const direction of ['request', 'response'] as const) {
    const changes = props.headers?.[direction];
    if (!changes) continue;
    checks.push(() => validateAll(scope, [
      ...(['set', 'add'] as const).flatMap((op) => Object.entries(changes[op] ?? {}).map(([name, value]) => () => {
        const prop = `headers.${direction}.${op}.${name}`;
        if (!HEADER_NAME.test(name)) invalid(scope, prop, name, 'an HTTP header name (letters, digits and !#$%&\'*+.^_`|~-); pseudo-headers such as ":authority" cannot be set');
        if (changes.remove?.includes(name)) invalid(scope, prop, name, `a header not also in headers.${direction}.remove: Istio would remove what it sets`);
        requireHeaderValue(scope, prop, value);
      })),
      ...(changes.remove ?? []).map((name, i) => () => {
        if (!HEADER_NAME.test(name)) invalid(scope, `headers.${direction}.remove[${i}]`, name, 'an HTTP header name (letters, digits and !#$%&\'*+.^_`|~-)');
      }),
      () => requireUnique(scope, `headers.${direction}.remove`, changes.remove ?? []),
    ]));
  }
  const g = props.gateway;
  if (g) {
    checks.push(
      () => { g.hosts.forEach((host, i) => requireHostName(scope, `gateway.hosts[${i}]`, host)); requireUnique(scope, 'gateway.hosts', g.hosts); },
      () => { if (g.credentialName !== '') requireDnsSubdomain(scope, 'gateway.credentialName', g.credentialName); },
      () => {
        if (g.serviceAccount !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/.test(g.serviceAccount)) {
          invalid(scope, 'gateway.serviceAccount', g.serviceAccount, 'a service account as "<namespace>/<name>"');
        }
      },
      () => {
        if (g.selector === undefined) return;
        if (Object.keys(g.selector).length === 0) invalid(scope, 'gateway.selector', {}, 'at least one label: an empty selector binds every gateway workload');
        for (const [key, value] of Object.entries(g.selector)) { requireQualifiedName(scope, `gateway.selector.${key}`, key); requireLabelValue(scope, `gateway.selector.${key}`, value); }
      },
      () => { for (const key of Object.keys(g.annotations ?? {})) requireQualifiedName(scope, `gateway.annotations.${key}`, key); },
    );
  }
  const j = props.jwt;
  if (j) {
    checks.push(
      () => { (j.audiences ?? []).forEach((aud, i) => requireNonEmptyString(scope, `jwt.audiences[${i}]`, aud)); },
      () => {
        (j.exemptPaths ?? []).forEach((path, i) => {
          // Istio paths: exact, prefix ("/api/*"), suffix ("*.png") or "*".
          if (!/^(\*|\/\S*|\*\S+)$/.test(path) || path.slice(1, -1).includes('*')) {
            invalid(scope, `jwt.exemptPaths[${i}]`, path, 'an exact path starting with "/", a prefix ending in "*", a suffix starting with "*", or "*"');
          }
        });
      },
    );
  }
  const cookie = props.sessionAffinity?.cookie;
  if (cookie) {
    checks.push(
      () => { if (cookie.name !== '' && !HEADER_NAME.test(cookie.name)) invalid(scope, 'sessionAffinity.name', cookie.name, 'a cookie name (an HTTP token: letters, digits and !#$%&\'*+.^_`|~-)'); },
      () => { if (!cookie.path.startsWith('/')) invalid(scope, 'sessionAffinity.path', cookie.path, 'a cookie path starting with "/"'); },
    );
  }
  const pool = props.connectionPool;
  if (pool) {
    checks.push(
      () => { if (pool.maxConnections !== undefined) requireIntegerInRange(scope, 'connectionPool.maxConnections', pool.maxConnections, 1, 2 ** 31 - 1); },
      () => { if (pool.http1MaxPendingRequests !== undefined) requireIntegerInRange(scope, 'connectionPool.http1MaxPendingRequests', pool.http1MaxPendingRequests, 1, 2 ** 31 - 1); },
      () => { if (pool.http2MaxRequests !== undefined) requireIntegerInRange(scope, 'connectionPool.http2MaxRequests', pool.http2MaxRequests, 1, 2 ** 31 - 1); },
      () => { if (pool.maxRequestsPerConnection !== undefined) requireIntegerInRange(scope, 'connectionPool.maxRequestsPerConnection', pool.maxRequestsPerConnection, 0, 2 ** 29); },
      () => { if (pool.connectTimeout) requirePositiveMillis(scope, 'connectionPool.connectTimeout', pool.connectTimeout); },
      () => { if (pool.idleTimeout) requirePositiveMillis(scope, 'connectionPool.idleTimeout', pool.idleTimeout); },
    );
  }
  const l = props.locality;
  if (l?.zoneAware) {
    const regions = [l.zoneAware.local, ...l.zoneAware.remoteRegions];
    checks.push(() => validateAll(scope, regions.flatMap((region, i) => {
      const prop = i === 0 ? 'locality.local' : `locality.remoteRegions[${i - 1}]`;
      return [
        () => requireLabelValue(scope, `${prop}.region`, region.region),
        ...region.zones.map((zone, z) => () => requireLabelValue(scope, `${prop}.zones[${z}]`, zone)),
      ];
    })));
    checks.push(() => requireUnique(scope, 'locality.remoteRegions', regions.map((r) => r.region)));
  }
  if (l?.kind === 'failover') {
    checks.push(() => validateAll(scope, l.failoverRules.flatMap((rule, i) => [
      () => requireLabelValue(scope, `locality.failover[${i}].from`, rule.from),
      () => requireLabelValue(scope, `locality.failover[${i}].to`, rule.to),
    ])));
  }
  return checks;
}

/** Exactly one of `image` (the construct's builder) and `workload` (a cdk8s-plus-28 Deployment). */
function validateWorkloadSource(scope: IConstruct, props: ServiceMeshCanaryProps, s: CanaryStrategy): void {
  if (props.workload === undefined) {
    if (props.image === undefined) invalid(scope, 'image', undefined, 'an image, or a `workload` (a cdk8s-plus-28 Deployment): one of the two is required');
    requireNonEmptyString(scope, 'image', props.image);
    if (props.canaryWorkload !== undefined) invalid(scope, 'canaryWorkload', props.canaryWorkload.node.path, 'unset unless `workload` is given: the construct builds the canary track from `canaryImage`');
    return;
  }
  if (props.image !== undefined) {
    invalid(scope, 'workload', props.workload.node.path, 'unset when `image` is given: hand in a workload or let the construct build one from `image`, not both');
  }
  validateAll(scope, [
    () => validateNoBuilderProps(scope, props),
    () => validateUserWorkload(scope, 'workload', props.workload, expectedOf(props, props.version)),
    () => {
      const needsCanary = s.staticTracks.includes('canary');
      if (needsCanary && props.canaryWorkload === undefined) {
        invalid(scope, 'canaryWorkload', undefined, `a cdk8s-plus-28 Deployment for the canary track: strategy "${s}" runs one beside \`workload\``);
      }
      if (!needsCanary && props.canaryWorkload !== undefined) {
        invalid(scope, 'canaryWorkload', props.canaryWorkload.node.path, `unset for strategy "${s}": ${s.usesRollout ? 'the Rollout creates the canary from `workload`' : 'only the stable track runs'}`);
      }
      if (props.canaryWorkload === undefined) return;
      if (props.canaryWorkload === props.workload) invalid(scope, 'canaryWorkload', props.canaryWorkload.node.path, 'a Deployment other than `workload`');
      validateUserWorkload(scope, 'canaryWorkload', props.canaryWorkload, expectedOf(props, props.canaryVersion));
    },
  ]);
}

function expectedOf(props: ServiceMeshCanaryProps, version: string | undefined): { namespace: string; port: number; name: string; version: string | undefined } {
  return { namespace: props.namespace ?? props.name, port: props.port ?? 8080, name: props.name, version };
}

/** Label keys the construct sets on the pods or relies on; `workloadLabels` may not set them. */
const RESERVED_LABEL_PREFIXES = ['app.kubernetes.io/', 'sidecar.istio.io/', 'service.istio.io/', 'resilience.io/'] as const;

/** The zone spread and the extra workload labels. */
function placementChecks(scope: IConstruct, props: ServiceMeshCanaryProps): Array<() => void> {
  const checks: Array<() => void> = [];
  const spread = props.zoneSpread;
  if (spread?.kind === 'strict') {
    checks.push(() => {
      const zones = spread.zones!;
      requireIntegerInRange(scope, 'zoneSpread.zones', zones, 1, 6);
      // With DoNotSchedule and maxSkew 1, replicas that are not a multiple of the zones leave
      // some zones one pod short: the "n per zone" the spread promises does not hold.
      const replicas = props.replicas ?? { min: 2, max: 10 };
      for (const bound of ['min', 'max'] as const) {
        if (Number.isInteger(replicas[bound]) && replicas[bound] % zones !== 0) {
          invalid(scope, `replicas.${bound}`, replicas[bound], `a multiple of the ${zones} zones of zoneSpread (strict), so every zone runs the same number of pods`);
        }
      }
    });
  }
  for (const [key, value] of Object.entries(props.workloadLabels ?? {})) {
    checks.push(() => {
      requireQualifiedName(scope, `workloadLabels.${key}`, key);
      requireLabelValue(scope, `workloadLabels.${key}`, value);
      const reserved = RESERVED_LABEL_PREFIXES.find((p) => key.startsWith(p));
      if (reserved !== undefined) invalid(scope, `workloadLabels.${key}`, value, `a key outside ${RESERVED_LABEL_PREFIXES.join(', ')}: the construct sets those labels and its selectors rely on them`);
    });
  }
  return checks;
}

function validateReplicas(scope: IConstruct, prop: string, range: ReplicaRange): void {
  requireIntegerInRange(scope, `${prop}.min`, range.min, 1, 1000);
  requireIntegerInRange(scope, `${prop}.max`, range.max, 1, 1000);
  if (range.max < range.min) invalid(scope, `${prop}.max`, range.max, `at least ${prop}.min (${range.min})`);
}

/** Header names in Istio matches must be lowercase: Envoy lowercases header names before matching. */
export function requireLowercaseHeader(scope: IConstruct, prop: string, header: string): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(header)) invalid(scope, prop, header, 'a lowercase header name (letters, digits, hyphens)');
}

function requirePercentage(scope: IConstruct, prop: string, value: number): void {
  requireNumberInRange(scope, prop, value, 0, 100);
}

function requireWholeSeconds(scope: IConstruct, prop: string, value: DurationLike, min = 1): void {
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min) invalid(scope, prop, value, `a whole number of seconds, at least ${min} s`);
}

function requireFeature(scope: IConstruct, prop: string, value: unknown, feature: IstioFeature, minIstio: IstioVersion): void {
  if (!minIstio.atLeast(feature.since)) {
    invalid(scope, prop, value, `${feature.name} needs Istio ${feature.since} or later; raise minIstioVersion (now "${minIstio}") or drop the setting`);
  }
}

function validateHook(scope: IConstruct, prop: string, hook: RolloutHook | undefined, minIstio: IstioVersion): void {
  if (!hook) return;
  requireNonEmptyString(scope, `${prop}.image`, hook.image);
  requireWholeSeconds(scope, `${prop}.timeout`, hook.timeout);
  requireFeature(scope, prop, hook.image, ISTIO_FEATURES.nativeSidecarAnnotation, minIstio);
}

function validateAnalysis(scope: IConstruct, prop: string, a: CanaryAnalysisOptions | undefined): void {
  if (!a) return;
  if (a.minSuccessRate !== undefined) requireNumberInRange(scope, `${prop}.minSuccessRate`, a.minSuccessRate, 0, 1);
  if (a.maxP95LatencyMs !== undefined && !(a.maxP95LatencyMs > 0)) invalid(scope, `${prop}.maxP95LatencyMs`, a.maxP95LatencyMs, 'a positive number of milliseconds');
  if (a.interval) requireWholeSeconds(scope, `${prop}.interval`, a.interval);
  if (a.window) requireWholeSeconds(scope, `${prop}.window`, a.window);
  if (a.failureLimit !== undefined) requireIntegerInRange(scope, `${prop}.failureLimit`, a.failureLimit, 0, 100);
  if (a.inconclusiveLimit !== undefined) requireIntegerInRange(scope, `${prop}.inconclusiveLimit`, a.inconclusiveLimit, 0, 100);
  if (a.measurements !== undefined) requireIntegerInRange(scope, `${prop}.measurements`, a.measurements, 1, 1000);
  if (a.prometheusAddress !== undefined && !/^https?:\/\/\S+$/.test(a.prometheusAddress)) {
    invalid(scope, `${prop}.prometheusAddress`, a.prometheusAddress, 'an http(s) URL');
  }
}

/** The image of the handed-in workload's first container, when there is one. */
function userImage(props: ServiceMeshCanaryProps): string | undefined {
  const w: unknown = props.workload;
  return w instanceof Deployment ? w.containers[0]?.image : undefined;
}

function validateStrategy(scope: IConstruct, props: ServiceMeshCanaryProps, s: CanaryStrategy, minIstio: IstioVersion): void {
  if (s.usesRollout && (props.canaryImage !== undefined || props.canaryVersion !== undefined)) {
    invalid(scope, props.canaryImage !== undefined ? 'canaryImage' : 'canaryVersion', props.canaryImage ?? props.canaryVersion,
      `unset for strategy "${s}": Argo Rollouts takes the new version from \`image\`, and the running one stays stable`);
  }
  const tracks = s.staticTracks;
  if (!tracks.includes('canary') && props.canaryReplicas !== undefined) {
    invalid(scope, 'canaryReplicas', props.canaryReplicas, `unset for strategy "${s}": ${s.usesRollout ? 'the Rollout scales its canary within `replicas`' : 'only the stable track runs'}`);
  }
  if (s.kind === 'maintenance' && props.canaryVersion !== undefined) {
    invalid(scope, 'canaryVersion', props.canaryVersion, 'unset for strategy "maintenance": only the stable track runs');
  }
  if (s.kind === 'maintenance' && (props.canaryImage !== undefined || props.loadTestRoute !== undefined)) {
    invalid(scope, props.canaryImage !== undefined ? 'canaryImage' : 'loadTestRoute', props.canaryImage ?? props.loadTestRoute,
      'unset for strategy "maintenance": only the stable track runs');
  }
  const analysed = s.progressiveOptions !== undefined || (s.blueGreenOptions !== undefined && s.blueGreenOptions.analysis !== false);
  const image = props.image ?? userImage(props);
  if (analysed && props.version === undefined && (image === undefined || imageTag(image) === undefined)) {
    invalid(scope, 'version', undefined, `a version (or an image with a tag): the analysis of strategy "${s}" selects the new revision by it`);
  }

  if (s.fixedSplitOptions) {
    const { stable, canary } = s.fixedSplitOptions;
    requireIntegerInRange(scope, 'strategy.fixedSplit.stable', stable, 0, 100, 'percent');
    requireIntegerInRange(scope, 'strategy.fixedSplit.canary', canary, 0, 100, 'percent');
    if (stable + canary !== 100) invalid(scope, 'strategy.fixedSplit', { stable, canary }, 'weights summing to 100');
  }
  if (s.headerAbOptions) requireLowercaseHeader(scope, 'strategy.headerAB.header', s.headerAbOptions.header);
  if (s.shadowOptions) requirePercentage(scope, 'strategy.shadow.mirrorPercentage', s.shadowOptions.mirrorPercentage);
  if (s.maintenanceOptions?.percentage !== undefined) requirePercentage(scope, 'strategy.maintenance.percentage', s.maintenanceOptions.percentage);
  if (s.blueGreenOptions) {
    const bg = s.blueGreenOptions;
    if (bg.previewHeader !== undefined) requireLowercaseHeader(scope, 'strategy.blueGreen.previewHeader', bg.previewHeader);
    if (bg.autoPromoteAfter) requireWholeSeconds(scope, 'strategy.blueGreen.autoPromoteAfter', bg.autoPromoteAfter);
    if (bg.analysis !== false) validateAnalysis(scope, 'strategy.blueGreen.analysis', bg.analysis);
    validateHook(scope, 'strategy.blueGreen.loadTest', bg.loadTest, minIstio);
    validateHook(scope, 'strategy.blueGreen.prePromotion', bg.prePromotion, minIstio);
  }
  if (s.progressiveOptions) validateProgressive(scope, props, s, minIstio);
}

function validateProgressive(scope: IConstruct, props: ServiceMeshCanaryProps, s: CanaryStrategy, minIstio: IstioVersion): void {
  const p = s.progressiveOptions!;
  const managed = p.managedRoutes ?? [];
  managed.forEach((route, i) => {
    requireKebabName(scope, `strategy.progressive.managedRoutes[${i}]`, route);
    const owned: string[] = Object.values(ROUTE_NAMES);
    if (owned.includes(route)) {
      invalid(scope, `strategy.progressive.managedRoutes[${i}]`, route, `a name other than ${owned.map((n) => `"${n}"`).join(', ')}, which the construct owns`);
    }
  });
  requireUnique(scope, 'strategy.progressive.managedRoutes', managed);
  validateAnalysis(scope, 'strategy.progressive.analysis', p.analysis);
  validateHook(scope, 'strategy.progressive.loadTest', p.loadTest, minIstio);
  validateHook(scope, 'strategy.progressive.prePromotion', p.prePromotion, minIstio);
  if (p.loadTest && !props.loadTestRoute) {
    invalid(scope, 'strategy.progressive.loadTest', p.loadTest.image, 'set together with `loadTestRoute`, the route the load test reaches the canary by');
  }

  if (!p.steps.some((step) => step.kind === 'setWeight')) invalid(scope, 'strategy.progressive.steps', p.steps.map((st) => st.kind), 'at least one setWeight step');
  let previous = 0;
  p.steps.forEach((step, i) => {
    const prop = `strategy.progressive.steps[${i}]`;
    switch (step.kind) {
      case 'setWeight':
        requireIntegerInRange(scope, `${prop}.setWeight`, step.weight!, 1, 100, 'percent');
        if (step.weight! <= previous) invalid(scope, `${prop}.setWeight`, step.weight, `a weight above the previous step's ${previous}: weights must increase`);
        previous = step.weight!;
        break;
      case 'pause':
        if (step.duration) requireWholeSeconds(scope, `${prop}.pause`, step.duration);
        break;
      case 'setHeaderRoute':
      case 'setMirrorRoute':
        if (!managed.includes(step.route!)) {
          invalid(scope, `${prop}.${step.kind}`, step.route, `a route listed in strategy.progressive.managedRoutes (${managed.length > 0 ? managed.join(', ') : 'none listed'})`);
        }
        if (step.header !== undefined) requireLowercaseHeader(scope, `${prop}.setHeaderRoute.header`, step.header);
        if (step.percentage !== undefined) requirePercentage(scope, `${prop}.setMirrorRoute.percentage`, step.percentage);
        break;
    }
  });
}

function validateRoutesAndResilience(scope: IConstruct, props: ServiceMeshCanaryProps, s: CanaryStrategy): void {
  if (props.loadTestRoute) requireLowercaseHeader(scope, 'loadTestRoute.header', props.loadTestRoute.header);
  if (props.timeout) requireWholeSeconds(scope, 'timeout', props.timeout, 0);
  const f = props.faultInjection;
  if (f) {
    if (s.kind === 'maintenance') invalid(scope, 'faultInjection', f, 'unset for strategy "maintenance", which already aborts requests with 503');
    if (f.abort) {
      requireIntegerInRange(scope, 'faultInjection.abort.httpStatus', f.abort.httpStatus, 200, 599);
      requirePercentage(scope, 'faultInjection.abort.percentage', f.abort.percentage);
    }
    if (!f.abort && !f.delay) invalid(scope, 'faultInjection', f, 'an abort, a delay or both: Istio rejects a fault with neither');
    if (f.delay) {
      requirePercentage(scope, 'faultInjection.delay.percentage', f.delay.percentage);
      const ms = f.delay.fixedDelay.toMilliseconds({ integral: false });
      if (!Number.isInteger(ms) || ms < 1) invalid(scope, 'faultInjection.delay.fixedDelay', f.delay.fixedDelay, 'a whole number of milliseconds, at least 1 ms');
    }
  }
  const o = props.outlierDetection?.settings;
  if (o) {
    requireIntegerInRange(scope, 'outlierDetection.consecutive5xxErrors', o.consecutive5xxErrors, 1, 1000);
    requireIntegerInRange(scope, 'outlierDetection.maxEjectionPercent', o.maxEjectionPercent, 0, 100, 'percent');
    requireWholeSeconds(scope, 'outlierDetection.interval', o.interval);
    requireWholeSeconds(scope, 'outlierDetection.baseEjectionTime', o.baseEjectionTime);
  }
  const cookie = props.sessionAffinity?.cookie;
  if (cookie) {
    requireWholeSeconds(scope, 'sessionAffinity.ttl', cookie.ttl);
    requireNonEmptyString(scope, 'sessionAffinity.name', cookie.name);
  }
  const limit = props.localRateLimit;
  if (limit) {
    requireIntegerInRange(scope, 'localRateLimit.requestsPerInterval', limit.requestsPerInterval, 1, 1_000_000);
    if (limit.burst !== undefined) requireIntegerInRange(scope, 'localRateLimit.burst', limit.burst, limit.requestsPerInterval, 10_000_000);
    if (limit.fillInterval) {
      const ms = limit.fillInterval.toMilliseconds({ integral: false });
      if (!Number.isInteger(ms) || ms < 50) invalid(scope, 'localRateLimit.fillInterval', limit.fillInterval, 'a whole number of milliseconds, at least 50 ms (Envoy\'s minimum)');
    }
  }
}

/**
 * Retries on routes that carry every method may only use conditions under which the request never
 * reached the application; replaying conditions (`5xx`, `gateway-error`, `reset`, status codes)
 * are accepted only on the idempotent route, which matches idempotent methods only.
 */
function validateRetries(scope: IConstruct, props: ServiceMeshCanaryProps, s: CanaryStrategy, minIstio: IstioVersion): void {
  const faulting = s.kind === 'maintenance' ? 'strategy "maintenance"' : props.faultInjection ? 'faultInjection' : undefined;
  const r = props.retries;
  const checks: Array<() => void> = [];
  if (r) {
    checks.push(
      () => {
        if (faulting && r.attempts !== 0) {
          invalid(scope, 'retries', { attempts: r.attempts }, `unset while ${faulting} injects faults on the primary route: retries would re-send the injected failures`);
        }
      },
      () => requireIntegerInRange(scope, 'retries.attempts', r.attempts, 0, 10),
      () => { if (r.backoff) requireFeature(scope, 'retries.backoff', r.backoff, ISTIO_FEATURES.retryBackoff, minIstio); },
      () => { if (r.perTryTimeout) requirePositiveMillis(scope, 'retries.perTryTimeout', r.perTryTimeout); },
      () => { if (r.backoff) requirePositiveMillis(scope, 'retries.backoff', r.backoff); },
      () => {
        if (r.retryOn === undefined) return;
        for (const condition of retryConditions(scope, 'retries.retryOn', r.retryOn)) {
          if (!ANY_METHOD_RETRY_CONDITIONS.includes(condition)) {
            invalid(scope, 'retries.retryOn', r.retryOn, `only ${ANY_METHOD_RETRY_CONDITIONS.join(', ')}: these routes carry every method, and "${condition}" would replay a request the application may have processed (a POST); put it in \`idempotentRetries\``);
          }
        }
      },
    );
  }
  const i = props.idempotentRetries;
  if (i) {
    checks.push(
      () => { if (faulting) invalid(scope, 'idempotentRetries', { attempts: i.attempts }, `unset while ${faulting} injects faults on the primary route`); },
      () => requireIntegerInRange(scope, 'idempotentRetries.attempts', i.attempts, 1, 10),
      () => { if (i.backoff) requireFeature(scope, 'idempotentRetries.backoff', i.backoff, ISTIO_FEATURES.retryBackoff, minIstio); },
      () => { if (i.perTryTimeout) requirePositiveMillis(scope, 'idempotentRetries.perTryTimeout', i.perTryTimeout); },
      () => { if (i.backoff) requirePositiveMillis(scope, 'idempotentRetries.backoff', i.backoff); },
      () => {
        const methods = i.methods ?? [];
        if (i.methods !== undefined && methods.length === 0) invalid(scope, 'idempotentRetries.methods', [], 'at least one method');
        methods.forEach((method, n) => {
          if (!IDEMPOTENT_METHODS.includes(method)) {
            invalid(scope, `idempotentRetries.methods[${n}]`, method, `one of ${IDEMPOTENT_METHODS.join(', ')} (uppercase): the idempotent methods of RFC 9110 §9.2.2; POST, PATCH and CONNECT may act twice when replayed`);
          }
        });
        requireUnique(scope, 'idempotentRetries.methods', methods);
      },
      () => {
        if (i.retryOn === undefined) return;
        for (const condition of retryConditions(scope, 'idempotentRetries.retryOn', i.retryOn)) {
          if (!ANY_METHOD_RETRY_CONDITIONS.includes(condition) && !REPLAYING_RETRY_CONDITIONS.includes(condition)) {
            invalid(scope, 'idempotentRetries.retryOn', i.retryOn, `Envoy retry conditions among ${[...ANY_METHOD_RETRY_CONDITIONS, ...REPLAYING_RETRY_CONDITIONS].join(', ')}; "${condition}" is not one`);
          }
        }
      },
      () => {
        const codes = i.retriableStatusCodes ?? [];
        if (i.retriableStatusCodes !== undefined && codes.length === 0) invalid(scope, 'idempotentRetries.retriableStatusCodes', [], 'at least one status code, or unset');
        codes.forEach((code, n) => requireIntegerInRange(scope, `idempotentRetries.retriableStatusCodes[${n}]`, code, 400, 599));
        requireUnique(scope, 'idempotentRetries.retriableStatusCodes', codes.map(String));
      },
    );
  }
  validateAll(scope, checks);
}

/**
 * The conditions of a `retryOn` list. Status codes and `retriable-status-codes` are refused here:
 * Istio reads bare numbers as status codes, and the condition without codes retries nothing, so
 * codes go in `idempotentRetries.retriableStatusCodes`.
 */
function retryConditions(scope: IConstruct, prop: string, retryOn: string): string[] {
  const parts = retryOn.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) invalid(scope, prop, retryOn, 'a comma-separated list of Envoy retry conditions without empty entries');
  for (const part of parts) {
    if (part === 'retriable-status-codes' || /^\d+$/.test(part)) {
      invalid(scope, prop, retryOn, `no "${part}": give status codes in \`idempotentRetries.retriableStatusCodes\`, which emits retriable-status-codes only with codes`);
    }
  }
  requireUnique(scope, prop, parts);
  return parts;
}

/** A duration Istio renders as whole milliseconds (`>= 1ms`, HTTPRetry.perTryTimeout). */
function requirePositiveMillis(scope: IConstruct, prop: string, value: DurationLike): void {
  const ms = value.toMilliseconds({ integral: false });
  if (!Number.isInteger(ms) || ms < 1) invalid(scope, prop, value, 'a whole number of milliseconds, at least 1 ms');
}

function validateLocality(scope: IConstruct, props: ServiceMeshCanaryProps): void {
  const l = props.locality;
  if (!l) return;
  if (l.kind === 'failover') {
    const outlier = props.outlierDetection ?? OutlierDetection.consecutive5xx();
    if (!outlier.enabled) {
      invalid(scope, 'outlierDetection', 'none', 'enabled when locality failover is set: without ejections no endpoint ever looks unhealthy, so traffic never fails over');
    }
    if (l.failoverRules.length === 0) invalid(scope, 'locality.failover', [], 'at least one rule');
    l.failoverRules.forEach((rule, i) => {
      if (rule.from === rule.to) invalid(scope, `locality.failover[${i}]`, rule, 'different `from` and `to` regions');
    });
    return;
  }
  const z = l.zoneAware!;
  requireIntegerInRange(scope, 'locality.localZonePercent', z.localZonePercent, 0, 100, 'percent');
  if (z.local.zones.length === 0) invalid(scope, 'locality.local.zones', [], 'at least one zone of the local region');
  requireUnique(scope, 'locality.local.zones', z.local.zones);
  const known = new Set([z.local.region, ...z.remoteRegions.map((r) => r.region)]);
  let sum = 0;
  for (const [region, weight] of Object.entries(z.regionWeights)) {
    requireIntegerInRange(scope, `locality.regionWeights.${region}`, weight, 0, 100, 'percent');
    if (!known.has(region)) invalid(scope, `locality.regionWeights.${region}`, weight, 'a weight for the local region or one listed in locality.remoteRegions');
    sum += weight;
  }
  if (sum !== 100) invalid(scope, 'locality.regionWeights', z.regionWeights, 'weights summing to 100');
}

function validateSecurity(scope: IConstruct, props: ServiceMeshCanaryProps): void {
  const a = props.authorization;
  const accounts = a.allowedServiceAccounts ?? [];
  const namespaces = a.allowedNamespaces ?? [];
  requireUnique(scope, 'authorization.allowedServiceAccounts', accounts);
  requireUnique(scope, 'authorization.allowedNamespaces', namespaces);
  accounts.forEach((sa, i) => {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/.test(sa)) {
      invalid(scope, `authorization.allowedServiceAccounts[${i}]`, sa, 'a service account as "<namespace>/<name>"');
    }
  });
  namespaces.forEach((ns, i) => requireKebabName(scope, `authorization.allowedNamespaces[${i}]`, ns));
  if (accounts.length === 0 && namespaces.length === 0 && !props.gateway) {
    invalid(scope, 'authorization', a, 'at least one allowed service account or namespace (or a gateway): an empty allow-list denies every caller');
  }
  const g = props.gateway;
  if (g) {
    if (g.hosts.length === 0) invalid(scope, 'gateway.hosts', [], 'at least one host name');
    requireNonEmptyString(scope, 'gateway.credentialName', g.credentialName);
  }
  const j = props.jwt;
  if (j) {
    requireNonEmptyString(scope, 'jwt.issuer', j.issuer);
    if (!/^https:\/\/\S+$/.test(j.jwksUri)) invalid(scope, 'jwt.jwksUri', j.jwksUri, 'an https URL');
  }
}
