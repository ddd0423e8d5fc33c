export * from './errors';
export * from './naming';
export * from './region';
export * from './validate';
export * from './acknowledge';
export * from './validation-collector';
export * from './duration';
export * from './key-policy';
