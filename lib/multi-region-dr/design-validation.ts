import { invalid, RegionPlacement, ValidationScope } from '../core';
import { DrStrategy } from './dr-strategy';

/** Active-active weights: whole percent, summing to 100, only the environment's regions, every region named. */
export function validateStrategy(scope: ValidationScope, strategy: DrStrategy, regions: readonly RegionPlacement[]): void {
  const names = regions.map((r) => r.region);
  if (strategy.needsStandby && regions.length < 2) {
    invalid(scope, 'strategy', strategy, `a strategy without a standby (DrStrategy.backupAndRestore) for a single-region environment (${names.join(', ')}): ${strategy.kind} needs a standby region`);
  }
  const weights = strategy.weights;
  if (weights === undefined) return;
  const outside = Object.keys(weights).filter((r) => !names.includes(r));
  if (outside.length > 0) {
    invalid(scope, 'strategy.weights', weights, `weights only for the environment's regions (${names.join(', ')}); not ${outside.join(', ')}`);
  }
  const missing = names.filter((r) => weights[r] === undefined);
  if (missing.length > 0) {
    invalid(scope, 'strategy.weights', weights, `a weight for every region of the environment; missing ${missing.join(', ')}`);
  }
  const values = Object.values(weights);
  if (values.some((w) => !Number.isInteger(w) || w < 0 || w > 100) || values.reduce((a, b) => a + b, 0) !== 100) {
    invalid(scope, 'strategy.weights', weights, 'whole percentages from 0 to 100 that sum to 100');
  }
  if (strategy.kind === 'active-active' && values.filter((w) => w > 0).length < 2) {
    invalid(scope, 'strategy.weights', weights, 'at least two regions with a positive weight (otherwise it is active/passive)');
  }
}

/** A replicated store needs a replica in every standby region the strategy fails over to. */
export function validateStoreReplicas(scope: ValidationScope, prop: string, strategy: DrStrategy, regions: readonly RegionPlacement[], replicaRegions: readonly string[]): void {
  const primary = regions.find((r) => r.role.isPrimary)!.region;
  const standbys = regions.filter((r) => !r.role.isPrimary).map((r) => r.region);
  if (replicaRegions.includes(primary)) {
    invalid(scope, `${prop}.replicaRegions`, replicaRegions, `standby regions only (${standbys.join(', ') || 'none'}); ${primary} is the primary, and a replica in its own region does not survive a regional outage`);
  }
  const outside = replicaRegions.filter((r) => !standbys.includes(r));
  if (outside.length > 0) {
    invalid(scope, `${prop}.replicaRegions`, replicaRegions, `regions of the environment (${standbys.join(', ') || 'none'}); not ${outside.join(', ')}`);
  }
  if (strategy.replicatesData) {
    const missing = standbys.filter((r) => !replicaRegions.includes(r));
    if (missing.length > 0) {
      invalid(scope, `${prop}.replicaRegions`, replicaRegions, `a replica in every standby region ${strategy.kind} fails over to (${standbys.join(', ')}); missing ${missing.join(', ')}`);
    }
  }
}
