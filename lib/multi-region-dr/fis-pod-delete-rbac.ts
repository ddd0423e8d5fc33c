import { ApiObject } from 'cdk8s';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Construct } from 'constructs';
import { invalid, requireKebabName, validateAll, withConstructPath } from '../core';
import { DrDrill, FIS_POD_DELETE_GROUP, FIS_POD_DELETE_SERVICE_ACCOUNT } from './dr-drill';

/** Props of the Kubernetes objects one namespace needs for FIS pod deletion drills. */
export interface FisPodDeleteRbacProps {
  /** Environment name (the `app.kubernetes.io/part-of` label). */
  readonly environment: string;
  /** Namespace of the drilled pods. */
  readonly namespace: string;
}

/** Name of the Role and RoleBinding FIS's pod deletion runs under. */
export const FIS_POD_DELETE_ROLE = 'fis-pod-delete';

/**
 * What `aws:eks:pod-delete` needs inside the cluster, in the drilled namespace only: the service
 * account the FIS pod runs as, a Role with the rules FIS documents for its pod actions, and a
 * RoleBinding of that Role to the service account and to the group the drill's EKS access entry
 * maps the FIS experiment role to (FIS_POD_DELETE_GROUP). Pod deletion uses no ephemeral
 * containers, so the Role leaves out `pods/ephemeralcontainers` and `pods/exec`, which only FIS's
 * other pod actions use. No ClusterRole, no cluster-admin.
 * @see https://docs.aws.amazon.com/fis/latest/userguide/eks-pod-actions.html
 */
export class FisPodDeleteRbac extends Construct {
  /**
   * The objects of every pod deletion drill among `drills` (one set per namespace), added to `scope`
   * (the region's DR chart).
   */
  public static forDrills(scope: Construct, environment: string, drills: readonly DrDrill[]): FisPodDeleteRbac[] {
    const namespaces = [...new Set(drills.map((d) => d.podDeleteOptions?.namespace).filter((n): n is string => n !== undefined))].sort();
    return namespaces.map((namespace) => new FisPodDeleteRbac(scope, `FisPodDelete-${namespace}`, { environment, namespace }));
  }

  constructor(scope: Construct, id: string, props: FisPodDeleteRbacProps) {
    super(scope, id);
    validateAll(this, [
      () => requireKebabName(this, 'environment', props.environment, 20),
      () => { if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(props.namespace) || props.namespace.length > 63) invalid(this, 'namespace', props.namespace, 'a Kubernetes namespace (a DNS label, at most 63 characters)'); },
    ]);
    withConstructPath(this, () => {
      const labels = { 'app.kubernetes.io/part-of': props.environment, 'app.kubernetes.io/component': 'dr-drill' };
      const metadata = (name: string) => ({ name, namespace: props.namespace, labels });
      const serviceAccount: IServiceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(FIS_POD_DELETE_SERVICE_ACCOUNT) };
      const role: IRole = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: metadata(FIS_POD_DELETE_ROLE),
        rules: [
          { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'patch', 'delete'] },
          { apiGroups: [''], resources: ['pods'], verbs: ['create', 'list', 'get', 'delete', 'deletecollection'] },
          { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
        ],
      };
      const binding: IRoleBinding = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: metadata(FIS_POD_DELETE_ROLE),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: FIS_POD_DELETE_ROLE },
        subjects: [
          { kind: 'ServiceAccount', name: FIS_POD_DELETE_SERVICE_ACCOUNT, namespace: props.namespace },
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: FIS_POD_DELETE_GROUP },
        ],
      };
      for (const object of [serviceAccount, role, binding]) new ApiObject(this, object.kind, JSON.parse(JSON.stringify(object)));
    });
  }
}
