export * from './severity';
export * from './burn-rate';
export * from './slo';
export * from './prometheus-rule-types';
export * from './sloth-rules';
