export * from './synthesized-platform';
export * from './platform-deployment';
