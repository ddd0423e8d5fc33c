import { Deployment } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { validateAll } from '../core/validation-collector';
import { ResolvedMeshCanary } from './resolved-props';
import type { ServiceMeshCanaryProps } from './service-mesh-canary';
import { selectorLabels } from './workload-objects';

/** The mesh labels a handed-in workload's pods need, and why. */
export const MESH_POD_LABELS = {
  /** Istio's canonical service (the analysis's `destination_canonical_service`) and the construct's selector. */
  name: 'app.kubernetes.io/name',
  /** Istio's canonical revision (the analysis's `destination_canonical_revision`). */
  version: 'app.kubernetes.io/version',
  /** Sidecar injection, whatever the namespace's injection label says. */
  inject: 'sidecar.istio.io/inject',
} as const;

/** Labels that would override the ones the construct relies on, read by Istio before ours. */
const OVERRIDING_LABELS = ['service.istio.io/canonical-name', 'service.istio.io/canonical-revision'] as const;

/** The props that configure the construct's own builder, meaningless with a handed-in workload. */
export const BUILDER_ONLY_PROPS = [
  'canaryImage', 'livenessPath', 'readinessPath', 'resources', 'env', 'envFrom', 'runAsUser', 'command', 'args',
  'imagePullSecrets', 'tolerations', 'nodeSelector', 'podAnnotations', 'serviceAccountAnnotations',
] as const satisfies ReadonlyArray<keyof ServiceMeshCanaryProps>;

/**
 * Checks that a handed-in Deployment can be delivered: in the construct's namespace, with a
 * container serving the port, a plain label selector (a Service cannot select by expressions), no
 * fixed replica count and no autoscaler of its own (the construct's autoscaler owns the count),
 * and no label that contradicts the mesh labels the construct adds.
 */
export function validateUserWorkload(scope: IConstruct, prop: string, workload: unknown, expected: { namespace: string; port: number; name: string; version: string | undefined }): void {
  if (!(workload instanceof Deployment)) {
    invalid(scope, prop, describeWorkload(workload), 'a cdk8s-plus-28 Deployment (kplus.Deployment); other workloads cannot be delivered through an Argo Rollout workloadRef or a DestinationRule subset');
  }
  const at = workload.node.path;
  const label = (key: string): string | undefined => workload.podMetadata.getLabel(key);
  const mine: Record<string, string | undefined> = { [MESH_POD_LABELS.name]: expected.name, [MESH_POD_LABELS.version]: expected.version, [MESH_POD_LABELS.inject]: 'true' };
  validateAll(scope, [
    () => {
      const namespace = workload.metadata.namespace;
      if (namespace !== expected.namespace) {
        invalid(scope, `${prop}.metadata.namespace`, namespace, `"${expected.namespace}", the construct's namespace: the Service and the mesh policies only select pods of their own namespace (Deployment ${at})`);
      }
    },
    () => {
      if (workload.containers.length === 0) invalid(scope, `${prop}.containers`, [], `at least one container (Deployment ${at})`);
      const ports = workload.containers.flatMap((c) => c.ports.map((p) => p.number));
      if (!ports.includes(expected.port)) {
        invalid(scope, `${prop}.containers[].ports`, ports, `a container port ${expected.port} (the construct's \`port\`), which the Service targets (Deployment ${at})`);
      }
    },
    () => {
      if (workload.matchExpressions.length > 0) {
        invalid(scope, `${prop}.matchExpressions`, workload.matchExpressions, `none: a Service and a DestinationRule subset select by labels only (Deployment ${at})`);
      }
    },
    () => {
      if (Object.keys(workload.matchLabels).length === 0) {
        invalid(scope, `${prop}.matchLabels`, {}, `at least one label (leave cdk8s-plus-28's \`select\` on): the Rollout and the subsets select the pods by it (Deployment ${at})`);
      }
    },
    () => {
      if (workload.replicas !== undefined) {
        invalid(scope, `${prop}.replicas`, workload.replicas, `unset: the construct's HorizontalPodAutoscaler (\`replicas\` of the construct) owns the count (Deployment ${at})`);
      }
    },
    () => {
      if (workload.hasAutoscaler) {
        invalid(scope, `${prop}.autoscaler`, 'present', `none of its own: the construct's HorizontalPodAutoscaler owns the count, and two autoscalers fight (Deployment ${at})`);
      }
    },
    ...Object.entries(mine).map(([key, value]) => () => {
      const theirs = label(key);
      if (theirs !== undefined && value !== undefined && theirs !== value) {
        invalid(scope, `${prop}.podMetadata.labels.${key}`, theirs, `unset or "${value}": the construct sets it (Deployment ${at})`);
      }
    }),
    ...OVERRIDING_LABELS.map((key) => () => {
      if (label(key) !== undefined) {
        invalid(scope, `${prop}.podMetadata.labels.${key}`, label(key), `unset: Istio would read it before app.kubernetes.io/name and /version, and the analysis would not find the revision (Deployment ${at})`);
      }
    }),
  ]);
}

/** Rejects the props of the construct's own builder when a workload is handed in. */
export function validateNoBuilderProps(scope: IConstruct, props: ServiceMeshCanaryProps): void {
  for (const prop of BUILDER_ONLY_PROPS) {
    if (props[prop] !== undefined) {
      invalid(scope, prop, props[prop], 'unset when `workload` is given: configure the container on the cdk8s-plus-28 Deployment');
    }
  }
}

/**
 * Makes a handed-in Deployment part of the mesh: the mesh labels on its pod template and its
 * replica count left to the construct's autoscaler (cdk8s-plus-28 then omits `replicas`, which for
 * a Rollout's workloadRef is what Argo Rollouts scales down).
 */
export function adoptUserWorkload(r: ResolvedMeshCanary): void {
  const w = r.workload;
  if (!w) return;
  const adopt = (d: Deployment, version: string | undefined): void => {
    for (const [key, value] of Object.entries(selectorLabels(r))) d.podMetadata.addLabel(key, value);
    if (version !== undefined) d.podMetadata.addLabel(MESH_POD_LABELS.version, version);
    d.podMetadata.addLabel(MESH_POD_LABELS.inject, 'true');
    for (const [key, value] of Object.entries(r.workloadLabels)) {
      d.podMetadata.addLabel(key, value);
      d.metadata.addLabel(key, value);
    }
    d.markHasAutoscaler();
  };
  adopt(w.stable, r.version);
  if (w.canary) adopt(w.canary, r.canaryVersion);
}

function describeWorkload(workload: unknown): unknown {
  if (typeof workload === 'object' && workload !== null && 'node' in workload) {
    const node = (workload as IConstruct).node;
    return `${workload.constructor.name} ${node.path}`;
  }
  return workload;
}
