export * from './review-rule';
export * from './stateful-resource-rule';
export * from './iam-widening-rule';
export * from './security-control-rules';
export * from './mesh-security-rules';
export * from './dr-budget-rule';
export * from './default-rules';
