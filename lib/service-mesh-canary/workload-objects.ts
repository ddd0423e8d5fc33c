import {
  IDeployment, IHorizontalPodAutoscaler, IPodDisruptionBudget, IPodTemplateSpec, IService, IServiceAccount, MeshObject,
} from './mesh-types';
import { ResolvedMeshCanary } from './resolved-props';
import { EnvFromSource, EnvVarSource, ReplicaRange } from './workload-options';

/** Label that tells the static tracks apart; the DestinationRule subsets select on it. */
export const TRACK_LABEL = 'resilience.io/track';
/** Name of the container port (Istio reads the protocol from the Service port name and appProtocol). */
export const HTTP_PORT_NAME = 'http';

/** Labels every object of the construct carries. */
export function commonLabels(r: ResolvedMeshCanary): Record<string, string> {
  return { 'app.kubernetes.io/name': r.name, 'app.kubernetes.io/part-of': 'resilience-constructs', 'app.kubernetes.io/component': 'service-mesh-canary' };
}

/**
 * Labels that select the service's pods, whatever their track or revision. A handed-in workload's
 * pods get this label added (user-workload.ts), so the same selector holds for both.
 */
export function selectorLabels(r: ResolvedMeshCanary): Record<string, string> {
  return { 'app.kubernetes.io/name': r.name };
}

/** Service account of the hook Jobs, when the strategy has hooks. */
export function hookServiceAccount(r: ResolvedMeshCanary): string | undefined {
  const p = r.strategy.progressiveOptions;
  const b = r.strategy.blueGreenOptions;
  const hasHooks = Boolean(p?.loadTest ?? p?.prePromotion ?? b?.loadTest ?? b?.prePromotion);
  return hasHooks ? `${r.name}-rollout-hooks` : undefined;
}

/** The restricted pod security context (Pod Security Standards, `restricted`). */
export function podSecurityContext(runAsUser: number): NonNullable<IPodTemplateSpec['spec']>['securityContext'] {
  return { runAsNonRoot: true, runAsUser, runAsGroup: runAsUser, fsGroup: runAsUser, seccompProfile: { type: 'RuntimeDefault' } };
}

/** The restricted container security context. */
export function containerSecurityContext(): NonNullable<NonNullable<IPodTemplateSpec['spec']>['containers'][number]['securityContext']> {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    privileged: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The pod template shared by the Deployments and the Rollout. */
export function podTemplate(r: ResolvedMeshCanary, image: string, version: string | undefined, track?: 'stable' | 'canary'): IPodTemplateSpec {
  const spreadSelector = { ...selectorLabels(r), ...(track ? { [TRACK_LABEL]: track } : {}) };
  return {
    metadata: {
      labels: {
        ...sortedRecord(r.workloadLabels),
        ...commonLabels(r),
        ...(version ? { 'app.kubernetes.io/version': version } : {}),
        ...(track ? { [TRACK_LABEL]: track } : {}),
        'sidecar.istio.io/inject': 'true',
      },
      annotations: Object.keys(r.podAnnotations).length > 0 ? sortedRecord(r.podAnnotations) : undefined,
    },
    spec: {
      serviceAccountName: r.name,
      // IRSA and EKS Pod Identity inject their own projected token, so AWS access needs no Kubernetes API token.
      automountServiceAccountToken: false,
      imagePullSecrets: r.imagePullSecrets.length > 0 ? r.imagePullSecrets.map((name) => ({ name })) : undefined,
      nodeSelector: Object.keys(r.nodeSelector).length > 0 ? sortedRecord(r.nodeSelector) : undefined,
      tolerations: r.tolerations.length > 0 ? r.tolerations.map((t) => ({ ...t })) : undefined,
      securityContext: podSecurityContext(r.runAsUser),
      terminationGracePeriodSeconds: 30,
      topologySpreadConstraints: [
        r.zoneSpread.kind === 'strict'
          ? { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: r.zoneSpread.zones, labelSelector: { matchLabels: spreadSelector } }
          : { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: spreadSelector } },
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: spreadSelector } },
      ],
      containers: [{
        name: 'app',
        image,
        ports: [{ name: HTTP_PORT_NAME, containerPort: r.port, protocol: 'TCP' }],
        command: r.command ? [...r.command] : undefined,
        args: r.args ? [...r.args] : undefined,
        env: Object.keys(r.env).sort().map((name) => envVar(name, r.env[name])),
        envFrom: r.envFrom.length > 0 ? r.envFrom.map(envFrom) : undefined,
        resources: {
          requests: { cpu: r.resources.cpuRequest, memory: r.resources.memoryRequest },
          limits: { cpu: r.resources.cpuLimit, memory: r.resources.memoryLimit },
        },
        livenessProbe: { httpGet: { path: r.livenessPath, port: r.port }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
        readinessProbe: { httpGet: { path: r.readinessPath, port: r.port }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
        securityContext: containerSecurityContext(),
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
  };
}

function service(r: ResolvedMeshCanary, name: string): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: r.namespace, labels: commonLabels(r) },
    spec: {
      selector: selectorLabels(r),
      ports: [{ name: HTTP_PORT_NAME, port: r.port, targetPort: r.port, protocol: 'TCP', appProtocol: 'http' }],
    },
  };
}

function serviceAccount(r: ResolvedMeshCanary, name: string, annotations: Record<string, string> = {}): IServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: r.namespace, labels: commonLabels(r), annotations: Object.keys(annotations).length > 0 ? sortedRecord(annotations) : undefined },
    automountServiceAccountToken: false,
  };
}

type Container = NonNullable<IPodTemplateSpec['spec']>['containers'][number];

function envVar(name: string, value: string | EnvVarSource): NonNullable<Container['env']>[number] {
  if (typeof value === 'string') return { name, value };
  const ref = { name: value.name, key: value.key, optional: value.optional };
  return { name, valueFrom: value.kind === 'secret' ? { secretKeyRef: ref } : { configMapKeyRef: ref } };
}

function envFrom(source: EnvFromSource): NonNullable<Container['envFrom']>[number] {
  const ref = { name: source.name, optional: source.optional };
  return { prefix: source.prefix, ...(source.kind === 'secret' ? { secretRef: ref } : { configMapRef: ref }) };
}

/** Keys in a stable order, so the manifest does not depend on how the record was written. */
function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

function deployment(r: ResolvedMeshCanary, track: 'stable' | 'canary'): IDeployment {
  const image = (track === 'stable' ? r.image : r.canaryImage)!;
  const version = track === 'stable' ? r.version : r.canaryVersion;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${r.name}-${track}`, namespace: r.namespace, labels: { ...sortedRecord(r.workloadLabels), ...commonLabels(r), [TRACK_LABEL]: track } },
    spec: {
      // No `replicas`: the HorizontalPodAutoscaler owns the count, so GitOps never fights it.
      revisionHistoryLimit: 3,
      selector: { matchLabels: { ...selectorLabels(r), [TRACK_LABEL]: track } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: podTemplate(r, image, version, track),
    },
  };
}

function autoscaler(r: ResolvedMeshCanary, name: string, target: { apiVersion: string; kind: string; name: string }, range: ReplicaRange): IHorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: r.namespace, labels: commonLabels(r) },
    spec: {
      scaleTargetRef: target,
      minReplicas: range.min,
      maxReplicas: range.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: r.targetCpuUtilization } } }],
    },
  };
}

/**
 * The workload half: service accounts, Services, the static tracks' Deployments (the Rollout is
 * rendered with the other Argo Rollouts objects), one autoscaler per scaled object, one disruption budget.
 */
export function renderWorkload(r: ResolvedMeshCanary): MeshObject[] {
  const hooks = hookServiceAccount(r);
  const user = r.workload;
  // A handed-in workload runs as its own service account, which the user's Deployment names.
  const objects: MeshObject[] = user ? [] : [serviceAccount(r, r.name, r.serviceAccountAnnotations)];
  if (hooks) objects.push(serviceAccount(r, hooks));
  objects.push(service(r, r.name));
  if (r.strategy.kind === 'blue-green') objects.push(service(r, previewServiceName(r)));
  for (const track of r.strategy.staticTracks) {
    const range = track === 'stable' ? r.replicas : r.canaryReplicas;
    if (user) {
      const target = track === 'stable' ? user.stable : user.canary!;
      objects.push(autoscaler(r, `${r.name}-${track}`, { apiVersion: 'apps/v1', kind: 'Deployment', name: target.name }, range));
      continue;
    }
    objects.push(deployment(r, track));
    objects.push(autoscaler(r, `${r.name}-${track}`, { apiVersion: 'apps/v1', kind: 'Deployment', name: `${r.name}-${track}` }, range));
  }
  if (r.strategy.usesRollout) {
    objects.push(autoscaler(r, r.name, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: r.name }, r.replicas));
  }
  const budget: IPodDisruptionBudget = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: r.name, namespace: r.namespace, labels: commonLabels(r) },
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(r) } },
  };
  objects.push(budget);
  return objects;
}

/** A workload object that runs the service's pods, and its autoscaler. */
export interface ScaledObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Name of the HorizontalPodAutoscaler that targets it. */
  readonly hpaName: string;
  /** The static track it serves; undefined for the Rollout. */
  readonly track?: 'stable' | 'canary';
}

/** The objects the autoscalers of renderWorkload target (the same names, in the same order). */
export function scaledObjects(r: ResolvedMeshCanary): ScaledObject[] {
  const objects: ScaledObject[] = r.strategy.staticTracks.map((track) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: r.workload ? (track === 'stable' ? r.workload.stable : r.workload.canary!).name : `${r.name}-${track}`,
    hpaName: `${r.name}-${track}`,
    track,
  }));
  if (r.strategy.usesRollout) objects.push({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: r.name, hpaName: r.name });
  return objects;
}

/** Name of the blue-green preview Service. */
export function previewServiceName(r: ResolvedMeshCanary): string {
  return `${r.name}-preview`;
}

/** The labels that select the hook Jobs' pods (named after the hook service account; see rollout-objects.ts). */
export function hookPodSelector(r: ResolvedMeshCanary): Record<string, string> {
  return { 'app.kubernetes.io/name': hookServiceAccount(r)!, 'app.kubernetes.io/component': 'rollout-hook' };
}
