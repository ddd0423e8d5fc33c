import { ResolvedMeshCanary } from './resolved-props';
import { previewServiceName } from './workload-objects';

/**
 * One entry of an Argo CD Application's `spec.ignoreDifferences`: fields a controller changes at
 * run time, which a GitOps diff must not report (or revert) as drift.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/
 */
export interface GitOpsIgnoreDifference {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly jqPathExpressions: string[];
}

/**
 * What Argo Rollouts patches: route weights and managed routes of the VirtualService and the
 * `rollouts-pod-template-hash` label of the DestinationRule subsets (progressive), and the hash in
 * the selectors of the active and preview Services (blue-green). Static strategies need nothing.
 */
export function gitOpsIgnoreDifferences(r: ResolvedMeshCanary): GitOpsIgnoreDifference[] {
  const s = r.strategy;
  const at = { name: r.name, namespace: r.namespace };
  if (s.progressiveOptions) {
    const managed = [...(r.loadTestRoute ? ['load-test'] : []), ...(s.progressiveOptions.managedRoutes ?? [])];
    return [
      {
        group: 'networking.istio.io', kind: 'VirtualService', ...at,
        jqPathExpressions: [
          '.spec.http[].route[].weight',
          ...managed.map((route) => `.spec.http[] | select(.name == "${route}")`),
        ],
      },
      { group: 'networking.istio.io', kind: 'DestinationRule', ...at, jqPathExpressions: ['.spec.subsets[].labels["rollouts-pod-template-hash"]'] },
    ];
  }
  if (s.kind === 'blue-green') {
    const selectorHash = ['.spec.selector["rollouts-pod-template-hash"]'];
    return [
      { group: '', kind: 'Service', ...at, jqPathExpressions: selectorHash },
      { group: '', kind: 'Service', name: previewServiceName(r), namespace: r.namespace, jqPathExpressions: selectorHash },
    ];
  }
  return [];
}
