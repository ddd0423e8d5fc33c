// The Kubernetes half of MultiRegionDr (cdk8s): `resilience-constructs/multi-region-dr/k8s`.
export * from './dr-cluster-chart';
export * from './fis-pod-delete-rbac';
