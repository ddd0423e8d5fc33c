import { ApiObject, Chart, ChartProps } from 'cdk8s';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import { Construct } from 'constructs';
import { invalid, RegionRole, requireKebabName, validateAll, withConstructPath } from '../core';
import { DR_FULL_CAPACITY_ANNOTATION, DR_PLANS_ANNOTATION, DR_ROLE_LABEL, DR_SCALER_GROUP, DR_SCALER_ROLE, ZONE_TOPOLOGY_KEY } from './dr-kubernetes-names';
import { RoleReplicaRange, RegionCapacity } from './region-capacity';

/** What a workload gets from DR in one cluster: the mesh (or any workload builder) applies it. */
export interface DrWorkloadPlacement {
  /** Replicas at rest up to full capacity (the HPA's bounds). */
  readonly replicas: RoleReplicaRange;
  /** Pod labels to add. */
  readonly labels: Readonly<Record<string, string>>;
  /** Workload annotations to add. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Spread evenly over the zones: at most one replica of skew per zone. */
  readonly topologySpreadConstraints: readonly ITopologySpreadConstraint[];
}

/**
 * The placement of workload `name` in a region of role `role`: the replicas by role from the
 * capacity (the one place those numbers live), the DR labels and annotations, zone spreading.
 */
export function drWorkloadPlacement(capacity: RegionCapacity, role: RegionRole, name: string, planNames: readonly string[]): DrWorkloadPlacement {
  const replicas = capacity.replicasFor(role);
  const selector = { 'app.kubernetes.io/name': name, [DR_ROLE_LABEL]: role.name };
  return {
    replicas,
    labels: { [DR_ROLE_LABEL]: role.name },
    annotations: { [DR_PLANS_ANNOTATION]: planNames.join(','), [DR_FULL_CAPACITY_ANNOTATION]: String(replicas.max) },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE_TOPOLOGY_KEY, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: selector } }],
  };
}

/** A workload the DR half knows in a cluster. */
export interface DrClusterWorkload {
  readonly namespace: string;
  /** Deployment name (and `app.kubernetes.io/name`). */
  readonly name: string;
  /**
   * The workload runs at full capacity at rest, because the plan cannot scale its kind (ARC scales
   * apps/v1 Deployments only): its replicas at rest are the full capacity.
   * @default false
   */
  readonly atFullCapacity?: boolean;
}

/** Props of the DR chart of one cluster. */
export interface MultiRegionDrClusterProps extends ChartProps {
  readonly environment: string;
  readonly region: string;
  readonly role: RegionRole;
  /**
   * Replicas by role.
   * @default RegionCapacity.seeds()
   */
  readonly capacity?: RegionCapacity;
  readonly workloads: readonly DrClusterWorkload[];
  /** Names of the Region switch plans that scale these workloads. */
  readonly planNames: readonly string[];
  /**
   * Emit a PodDisruptionBudget per workload on standbys. Turn it off when the workloads already
   * have one (e.g. ServiceMeshCanary's): the eviction API refuses to evict a pod that more than
   * one budget selects.
   * @default true
   */
  readonly standbyDisruptionBudget?: boolean;
}

/**
 * The Kubernetes half of MultiRegionDr for one cluster: each workload's DR capacity as a
 * ConfigMap (what GitOps and operators read), a disruption budget on standbys so voluntary
 * disruptions (node drains, upgrades) never take a standby below its zones' share, and the RBAC
 * the plan's EKS resource scaling step needs (its execution role maps to `resilience:region-switch`
 * through an EKS access entry).
 */
export class MultiRegionDrCluster extends Chart {
  public readonly placements: ReadonlyMap<string, DrWorkloadPlacement>;

  constructor(scope: Construct, id: string, props: MultiRegionDrClusterProps) {
    super(scope, id, { disableResourceNameHashes: true, ...props });
    const capacity = props.capacity ?? RegionCapacity.seeds();
    validateAll(this, [
      () => requireKebabName(this, 'environment', props.environment, 20),
      () => capacity.validate(this, 'capacity', [props.role]),
      () => { if (props.workloads.length === 0) invalid(this, 'workloads', [], 'at least one workload the plan scales'); },
      ...props.workloads.map((w, i) => () => { requireKebabName(this, `workloads[${i}].namespace`, w.namespace); requireKebabName(this, `workloads[${i}].name`, w.name); }),
    ]);
    const placements = new Map<string, DrWorkloadPlacement>();
    withConstructPath(this, () => {
      for (const w of props.workloads) {
        const role = drWorkloadPlacement(capacity, props.role, w.name, props.planNames);
        const placement = w.atFullCapacity ? { ...role, replicas: { min: role.replicas.max, max: role.replicas.max } } : role;
        placements.set(`${w.namespace}/${w.name}`, placement);
        const labels = { 'app.kubernetes.io/name': w.name, 'app.kubernetes.io/part-of': props.environment, [DR_ROLE_LABEL]: props.role.name };
        const configMap: IConfigMap = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `${w.name}-dr`, namespace: w.namespace, labels, annotations: placement.annotations },
          data: {
            region: props.region,
            role: props.role.name,
            replicasMin: String(placement.replicas.min),
            replicasMax: String(placement.replicas.max),
            zones: String(capacity.zones),
            replicasPerZone: String(placement.replicas.min / capacity.zones),
            plans: props.planNames.join(','),
            scaledBy: w.atFullCapacity ? 'full-capacity-at-rest' : 'region-switch-plan',
          },
        };
        this.emit(configMap);
        if (!props.role.isPrimary && (props.standbyDisruptionBudget ?? true)) {
          // A standby keeps all zones but one: a drain may take one zone's share, never more.
          const budget: IPodDisruptionBudget = {
            apiVersion: 'policy/v1',
            kind: 'PodDisruptionBudget',
            metadata: { name: `${w.name}-dr-standby`, namespace: w.namespace, labels },
            spec: {
              minAvailable: placement.replicas.min - placement.replicas.min / capacity.zones,
              selector: { matchLabels: { 'app.kubernetes.io/name': w.name, [DR_ROLE_LABEL]: props.role.name } },
            },
          };
          this.emit(budget);
        }
      }
      // Only in the workloads' namespaces, only the verbs of ARC's AmazonARCRegionSwitchScalingPolicy
      // (read status, update the scale subresource, patch the HPA), for the kind ARC scales.
      // https://docs.aws.amazon.com/r53recovery/latest/dg/eks-resource-scaling-block.html
      for (const namespace of [...new Set(props.workloads.map((w) => w.namespace))].sort()) {
        const metadata = { name: DR_SCALER_ROLE, namespace, labels: { 'app.kubernetes.io/part-of': props.environment } };
        const role: IRole = {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata,
          rules: [
            { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get', 'update'] },
            { apiGroups: ['apps'], resources: ['deployments/status'], verbs: ['get'] },
            { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'patch'] },
          ],
        };
        const binding: IRoleBinding = {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata,
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: DR_SCALER_ROLE },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: DR_SCALER_GROUP }],
        };
        this.emit(role);
        this.emit(binding);
      }
    });
    this.placements = placements;
  }

  private emit(object: { kind: string; metadata?: { name?: string; namespace?: string } }): void {
    const ns = object.metadata?.namespace ? `${object.metadata.namespace}-` : '';
    new ApiObject(this, `${object.kind}-${ns}${object.metadata!.name}`, JSON.parse(JSON.stringify(object)));
  }
}
