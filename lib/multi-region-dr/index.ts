// The AWS half (aws-cdk-lib only). The Kubernetes half (the DR cluster chart, needs cdk8s) is ./k8s.
export * from './data-stores';
export * from './design-validation';
export * from './dr-budget';
export * from './dr-constants';
export * from './dr-drill';
export * from './dr-naming';
export * from './dr-strategy';
export * from './failover-plan';
export * from './failover-runbook';
export * from './failover-triggers';
export * from './multi-region-dr';
export * from './recovery-tier';
export * from './region-capacity';
export * from './replication-signals';
export * from './resilience-hub';
export * from './routing-controls';
export * from './runbook-function';
