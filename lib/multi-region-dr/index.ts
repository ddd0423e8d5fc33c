export * from './design-validation';
export * from './dr-budget';
export * from './dr-constants';
export * from './dr-strategy';
export * from './failover-runbook';
export * from './recovery-tier';
export * from './region-capacity';
