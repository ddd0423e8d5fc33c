import { IConstruct } from 'constructs';
import { Deployment } from 'cdk8s-plus-28';
import { invalid } from '../core/errors';
import { validateAll } from '../core/validation-collector';
import { requireIntegerInRange, requireKebabName, requireNonEmptyString, requireNumberInRange, requireUnique } from '../core/validate';
import { CanaryAnalysisOptions } from './canary-analysis';
import { CanaryStrategy } from './canary-strategy';
import { ISTIO_FEATURES, IstioFeature, IstioVersion } from './istio-version';
import { imageTag } from './resolved-props';
import { OutlierDetection } from './outlier-detection';
import { ANY_METHOD_RETRY_CONDITIONS, IDEMPOTENT_METHODS, REPLAYING_RETRY_CONDITIONS } from './retry-policy';
import { RolloutHook } from './rollout-hook';
import type { ServiceMeshCanaryProps } from './service-mesh-canary';
import { ROUTE_NAMES } from './traffic-routing';
import { validateNoBuilderProps, validateUserWorkload } from './user-workload';
import { ReplicaRange } from './workload-options';
import { DurationLike } from '../core/duration';

/**
 * Every rule of ServiceMeshCanary, checked at synth before anything is rendered. Each throws a
 * ResilienceValidationError naming the construct path, the prop, the value and what is valid;
 * independent rules run through `validateAll`, so every mistake is reported in one run.
 * Returns the parsed minimum Istio version.
 */
export function validateServiceMeshCanary(scope: IConstruct, props: ServiceMeshCanaryProps): IstioVersion {
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
    if (route === ROUTE_NAMES.primary || route === ROUTE_NAMES.loadTest) {
      invalid(scope, `strategy.progressive.managedRoutes[${i}]`, route, `a name other than "${ROUTE_NAMES.primary}" and "${ROUTE_NAMES.loadTest}", which the construct owns`);
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
