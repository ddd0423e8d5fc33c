import type { Deployment } from 'cdk8s-plus-28';
import { ResolvedCanaryAnalysis, p95LatencyQuery, successRateQuery } from './canary-analysis';
import { CanaryStep } from './canary-step';
import { argoDuration, wholeSeconds } from './durations';
import { AnalysisMetric, IAnalysisTemplate, IRollout, MeshObject, RolloutCanaryStep } from './mesh-types';
import { ResolvedMeshCanary } from './resolved-props';
import { RolloutHook } from './rollout-hook';
import { ROUTE_NAMES, splitRouteNames, SUBSETS } from './traffic-routing';
import {
  commonLabels, containerSecurityContext, hookServiceAccount, podSecurityContext, podTemplate, previewServiceName, selectorLabels,
} from './workload-objects';

/** Names of the AnalysisTemplates, derived from the service name. */
export function analysisTemplateNames(r: ResolvedMeshCanary): { analysis: string; loadTest: string; prePromotion: string } {
  return { analysis: `${r.name}-canary-analysis`, loadTest: `${r.name}-load-test`, prePromotion: `${r.name}-pre-promotion` };
}

function analysisArgs(r: ResolvedMeshCanary): Array<{ name: string; value: string }> {
  return [
    { name: 'service', value: r.name },
    { name: 'namespace', value: r.namespace },
    { name: 'revision', value: r.version! },
  ];
}

function prometheusMetric(a: ResolvedCanaryAnalysis, name: string, query: string, ok: string, bad: string): AnalysisMetric {
  return {
    name,
    interval: argoDuration(a.interval),
    initialDelay: argoDuration(a.window),
    count: a.measurements,
    failureLimit: a.failureLimit,
    inconclusiveLimit: a.inconclusiveLimit,
    // `len(result) > 0` guards the index: an empty result is inconclusive, never an error or a pass.
    successCondition: `len(result) > 0 && ${ok}`,
    failureCondition: `len(result) > 0 && ${bad}`,
    provider: { prometheus: { address: a.prometheusAddress, query } },
  };
}

function analysisTemplate(r: ResolvedMeshCanary, a: ResolvedCanaryAnalysis): IAnalysisTemplate {
  const window = argoDuration(a.window);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: analysisTemplateNames(r).analysis, namespace: r.namespace, labels: commonLabels(r) },
    spec: {
      args: [{ name: 'service' }, { name: 'namespace' }, { name: 'revision' }],
      metrics: [
        prometheusMetric(a, 'success-rate', successRateQuery(window), `result[0] >= ${a.minSuccessRate}`, `result[0] < ${a.minSuccessRate}`),
        prometheusMetric(a, 'latency-p95', p95LatencyQuery(window), `result[0] <= ${a.maxP95LatencyMs}`, `result[0] > ${a.maxP95LatencyMs}`),
      ],
    },
  };
}

/**
 * Labels of the hook Jobs' pods: named after the hook service account, never with the service's own
 * `app.kubernetes.io/name`. Everything that selects the service's pods selects by that label (the
 * Service, the disruption budget, the Rollout and so its autoscaler, the mesh policies, the
 * PodMonitor): a Job pod carrying it would become a Service endpoint, count in the autoscaler's CPU
 * average (a busy load test scales the service up) and, having no scalable controller, make the
 * disruption budget refuse every eviction while it exists.
 */
function hookPodLabels(r: ResolvedMeshCanary): Record<string, string> {
  return {
    ...commonLabels(r),
    'app.kubernetes.io/name': hookServiceAccount(r)!,
    'app.kubernetes.io/component': 'rollout-hook',
    'sidecar.istio.io/inject': 'true',
  };
}

function hookTemplate(r: ResolvedMeshCanary, name: string, metric: string, hook: RolloutHook, targetUrl: string, routeHeader: string | undefined): IAnalysisTemplate {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name, namespace: r.namespace, labels: commonLabels(r) },
    spec: {
      metrics: [{
        name: metric,
        provider: {
          job: {
            spec: {
              backoffLimit: 0,
              activeDeadlineSeconds: wholeSeconds(hook.timeout),
              template: {
                metadata: {
                  labels: hookPodLabels(r),
                  // A native sidecar stops with the Job's container, so the Job can complete inside the mesh.
                  annotations: { 'sidecar.istio.io/nativeSidecar': 'true' },
                },
                spec: {
                  serviceAccountName: hookServiceAccount(r),
                  automountServiceAccountToken: false,
                  restartPolicy: 'Never',
                  securityContext: podSecurityContext(r.runAsUser),
                  containers: [{
                    name: 'hook',
                    image: hook.image,
                    args: hook.args.length > 0 ? [...hook.args] : undefined,
                    env: [
                      { name: 'TARGET_URL', value: targetUrl },
                      ...(routeHeader ? [{ name: 'ROUTE_HEADER', value: routeHeader }] : []),
                    ],
                    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
                    securityContext: containerSecurityContext(),
                  }],
                },
              },
            },
          },
        },
      }],
    },
  };
}

function toArgoStep(step: CanaryStep): RolloutCanaryStep {
  switch (step.kind) {
    case 'setWeight':
      return { setWeight: step.weight };
    case 'pause':
      return { pause: step.duration ? { duration: argoDuration(step.duration) } : {} };
    case 'setHeaderRoute':
      return {
        setHeaderRoute: step.header
          ? { name: step.route, match: [{ headerName: step.header, headerValue: { exact: step.value! } }] }
          : { name: step.route },
      };
    case 'setMirrorRoute':
      return {
        setMirrorRoute: step.percentage === undefined
          ? { name: step.route! }
          : { name: step.route!, percentage: step.percentage, match: [{ path: { prefix: step.pathPrefix ?? '/' } }] },
      };
  }
}

/** The canary steps: load-test route and hook first, then the user's steps, the pre-promotion hook before 100 %. */
export function rolloutSteps(r: ResolvedMeshCanary): RolloutCanaryStep[] {
  const p = r.strategy.progressiveOptions!;
  const names = analysisTemplateNames(r);
  const steps: RolloutCanaryStep[] = [];
  if (r.loadTestRoute) {
    steps.push({ setCanaryScale: { replicas: 1 } });
    steps.push({ setHeaderRoute: { name: ROUTE_NAMES.loadTest, match: [{ headerName: r.loadTestRoute.header, headerValue: { exact: r.loadTestRoute.value } }] } });
  }
  if (p.loadTest) steps.push({ analysis: { templates: [{ templateName: names.loadTest }] } });
  if (r.loadTestRoute) steps.push({ setCanaryScale: { matchTrafficWeight: true } });
  const user = p.steps.map(toArgoStep);
  if (p.prePromotion) {
    const full = user.findIndex((s) => s.setWeight === 100);
    user.splice(full >= 0 ? full : user.length, 0, { analysis: { templates: [{ templateName: names.prePromotion }] } });
  }
  steps.push(...user);
  return steps;
}

/**
 * A Rollout that takes its pod template from the user's Deployment. Its selector is the
 * Deployment's own (Argo Rollouts requires them to match); `scaleDown: progressively` scales the
 * Deployment down as the Rollout's pods become ready, so a Deployment already serving is handed
 * over without a gap.
 * @see https://argoproj.github.io/argo-rollouts/migrating/#reference-deployment-from-rollout
 */
function workloadRefSpec(deployment: Deployment): Pick<NonNullable<IRollout['spec']>, 'selector' | 'workloadRef'> {
  return {
    selector: { matchLabels: deployment.matchLabels },
    workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.name, scaleDown: 'progressively' },
  };
}

/** The Argo Rollouts half: the Rollout and its AnalysisTemplates (nothing for static strategies). */
export function renderRollout(r: ResolvedMeshCanary): MeshObject[] {
  const s = r.strategy;
  if (!s.usesRollout) return [];
  const names = analysisTemplateNames(r);
  const labels = commonLabels(r);
  const objects: MeshObject[] = [];
  const templates: IAnalysisTemplate[] = [];
  if (r.analysis) templates.push(analysisTemplate(r, r.analysis));
  const hooks = s.progressiveOptions ?? s.blueGreenOptions!;
  const routeHeader = r.loadTestRoute ? `${r.loadTestRoute.header}: ${r.loadTestRoute.value}` : undefined;
  const target = s.kind === 'blue-green'
    ? `http://${previewServiceName(r)}.${r.namespace}.svc.${r.clusterDomain}:${r.port}`
    : `http://${r.host}:${r.port}`;
  const headerForHooks = s.kind === 'blue-green' ? undefined : routeHeader;
  if (hooks.loadTest) templates.push(hookTemplate(r, names.loadTest, 'load-test', hooks.loadTest, target, headerForHooks));
  if (hooks.prePromotion) templates.push(hookTemplate(r, names.prePromotion, 'pre-promotion', hooks.prePromotion, target, headerForHooks));

  const base = {
    revisionHistoryLimit: 3,
    // A rollout that stops progressing is aborted, which sends all traffic back to stable.
    progressDeadlineSeconds: 600,
    progressDeadlineAbort: true,
    ...(r.workload ? workloadRefSpec(r.workload.stable) : { selector: { matchLabels: selectorLabels(r) }, template: podTemplate(r, r.image!, r.version) }),
  };
  const rolloutWith = (strategy: NonNullable<IRollout['spec']>['strategy']): IRollout => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: r.name, namespace: r.namespace, labels: { ...r.workloadLabels, ...labels } },
    spec: { ...base, strategy },
  });
  let rollout: IRollout;
  if (s.progressiveOptions) {
    const steps = rolloutSteps(r);
    const managed = [...(r.loadTestRoute ? [ROUTE_NAMES.loadTest] : []), ...(s.progressiveOptions.managedRoutes ?? [])];
    rollout = rolloutWith({
      canary: {
        abortScaleDownDelaySeconds: 30,
        trafficRouting: {
          istio: {
            virtualService: { name: r.name, routes: splitRouteNames(r) },
            destinationRule: { name: r.name, canarySubsetName: SUBSETS.canary, stableSubsetName: SUBSETS.stable },
          },
          managedRoutes: managed.length > 0 ? managed.map((name) => ({ name })) : undefined,
        },
        analysis: r.analysis
          ? { templates: [{ templateName: names.analysis }], args: analysisArgs(r), startingStep: Math.max(0, steps.findIndex((st) => st.setWeight !== undefined)) }
          : undefined,
        steps,
      },
    });
  } else {
    const bg = s.blueGreenOptions!;
    const pre = [
      ...(r.analysis ? [names.analysis] : []),
      ...(bg.loadTest ? [names.loadTest] : []),
      ...(bg.prePromotion ? [names.prePromotion] : []),
    ];
    rollout = rolloutWith({
      blueGreen: {
        activeService: r.name,
        previewService: previewServiceName(r),
        autoPromotionEnabled: bg.autoPromoteAfter !== undefined,
        autoPromotionSeconds: bg.autoPromoteAfter ? wholeSeconds(bg.autoPromoteAfter) : undefined,
        scaleDownDelaySeconds: 30,
        prePromotionAnalysis: pre.length > 0
          ? { templates: pre.map((templateName) => ({ templateName })), args: r.analysis ? analysisArgs(r) : undefined }
          : undefined,
      },
    });
  }
  objects.push(rollout, ...templates);
  return objects;
}
