// The Kubernetes half of MonitoringStack (cdk8s, cdk8s-plus-28): `resilience-constructs/monitoring-stack/k8s`.
export * from './grafana-dashboards';
export * from './kubernetes-monitoring';
export * from './mesh-rules';
export * from './tracing';
export * from './mesh-metrics-collector';
