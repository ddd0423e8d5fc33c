import { physicalName } from '../core';

/**
 * Deterministic physical names of the DR resources: every region and the plan compute the same
 * names from (environment, name, region, account), so no cross-region reference is needed.
 */
export const drNames = {
  /** KMS alias of a region's DR key. */
  keyAlias: (env: string, region: string): string => `alias/${physicalName(env, 'dr', region)}`,
  bucket: (env: string, name: string, region: string, account: string): string => physicalName(env, name, region, account),
  table: (env: string, name: string): string => physicalName(env, name),
  globalCluster: (env: string, name: string): string => physicalName(env, name),
  cluster: (env: string, name: string, region: string): string => physicalName(env, name, region),
  alarm: (env: string, region: string, what: string): string => physicalName(env, 'dr', region, what),
  plan: (env: string): string => physicalName(env, 'region-switch'),
  eksCluster: (env: string, region: string): string => physicalName(env, region),
};
