export * from './validation-cache';
export * from './cached-cloudformation-validate-plugin';
export * from './cached-template-plugin';
export * from './cached-nag-pack';
export * from './validation-gates';
