// The AWS half (aws-cdk-lib, cdk-monitoring-constructs). The Kubernetes half (PrometheusRules,
// AlertmanagerConfig, Grafana ConfigMaps, Istio Telemetry; needs cdk8s and cdk8s-plus-28) is ./k8s.
export * from './severity';
export * from './burn-rate';
export * from './slo';
export * from './prometheus-rule-types';
export * from './sloth-rules';
export * from './signal-sources';
export * from './alert-routing';
export * from './alert-topics';
export * from './cost-budgets';
export * from './validation';
export * from './service-monitoring';
export * from './monitoring-stack';
export * from './monitoring-global-view';
export * from './mesh-metrics-names';
