import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { invalid, RegionPlacement, validateAll, ValidationScope } from '../core';
import {
  AURORA_GLOBAL_TYPICAL_LAG_MINUTES, CLOUDWATCH_STANDARD_PERIOD_SECONDS, CONTINUOUS_BACKUP_RPO_MINUTES,
  DYNAMODB_MREC_REPLICATION_MINUTES, DYNAMODB_MRSC_REPLICATION_MINUTES, S3_RTC_THRESHOLD_MINUTES,
} from './dr-constants';
import { DrStrategy } from './dr-strategy';
import { FailoverRunbook } from './failover-runbook';
import { formatMinutes, RecoveryTier } from './recovery-tier';
import { RegionCapacity } from './region-capacity';

/** How failure is detected: the DNS health check and the trigger alarms. */
export interface DetectionDesign {
  /** Seconds between Route 53 health checks (GeoDnsRouting's `requestInterval`). */
  readonly healthCheckInterval: Duration;
  /** Consecutive failed checks that make an endpoint unhealthy (GeoDnsRouting's `failureThreshold`). */
  readonly healthCheckFailureThreshold: number;
  /** Evaluation periods of the trigger alarms (one period = 60 s, see CLOUDWATCH_STANDARD_PERIOD_SECONDS). */
  readonly alarmEvaluationPeriods: number;
}

/** How a data store is protected when it is not replicated: by its backups alone. */
export interface BackupProtection {
  /** Interval between backups of the store's backup tier, e.g. `Duration.hours(1)`. */
  readonly interval: Duration;
  /**
   * Whether the tier takes continuous backups (point-in-time recovery); the bound is then
   * CONTINUOUS_BACKUP_RPO_MINUTES instead of the interval.
   * @default false
   */
  readonly continuous?: boolean;
}

/** What the budget needs to know of one data store. */
export interface StoreDesign {
  readonly kind: 's3' | 'dynamodb' | 'aurora';
  /** The store's physical name. */
  readonly name: string;
  /** Regions holding a replica (not counting the primary). */
  readonly replicaRegions: readonly string[];
  /** DynamoDB: multi-Region strong consistency. */
  readonly strongConsistency?: boolean;
  /** Aurora: the managed RPO, when set. */
  readonly managedRpo?: Duration;
  /** Protection by backups when the store has no replica. */
  readonly backup?: BackupProtection;
}

/** Everything the budget is computed from: the environment's DR design as data. */
export interface DrDesign {
  readonly environment: string;
  readonly regions: readonly RegionPlacement[];
  readonly strategy: DrStrategy;
  readonly tier: RecoveryTier;
  readonly capacity: RegionCapacity;
  readonly runbook: FailoverRunbook;
  readonly detection: DetectionDesign;
  /** TTL of the routed records (GeoDnsRouting's `ttl`). */
  readonly dnsTtl: Duration;
  readonly stores: readonly StoreDesign[];
}

/** One term of a budget. */
export interface DrBudgetComponent {
  readonly name: string;
  readonly minutes: number;
  /** Where the number comes from: a description field or a named constant. */
  readonly source: string;
}

/** The budget of one environment; the JSON contract of `dist/dr/<env>.json` (keys in this order). */
export interface DrBudget {
  readonly environment: string;
  readonly strategy: string;
  readonly tier: { readonly name: string; readonly rtoMinutes: number; readonly rpoMinutes: number };
  readonly rto: { readonly minutes: number; readonly components: readonly DrBudgetComponent[] };
  readonly rpo: { readonly minutes: number; readonly components: readonly DrBudgetComponent[] };
  readonly meetsRto: boolean;
  readonly meetsRpo: boolean;
}

/** Whether any standby runs below full capacity, so failover must scale it up. */
export function standbyNeedsScaleUp(design: Pick<DrDesign, 'regions' | 'strategy' | 'capacity'>): boolean {
  if (!design.strategy.needsStandby) return false;
  if (design.strategy.standbyStartsFromZero) return true;
  return design.regions.some((r) => !r.role.isPrimary && (design.capacity.replicasByRole[r.role.name] ?? 0) < design.capacity.fullCapacity);
}

const minutesOf = (d: Duration): number => d.toMinutes({ integral: false });
const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * The RTO budget and RPO bound of an environment, from its design alone. Pure: the same design
 * gives the same budget, byte for byte.
 *
 * RTO = detection (health-check interval × failure threshold, plus the trigger alarms' evaluation)
 *     + every runbook step the plan runs, in order, at its timeout (data promotion when there is an
 *       Aurora global database, standby scale-up when a standby runs below full capacity)
 *     + the pilot light's provisioning from zero, or the backup-and-restore restore time
 *     + the DNS TTL (resolvers keep the old answer that long after the switch).
 * RPO = the weakest store: S3 RTC's threshold, DynamoDB's replication, Aurora's lag or managed RPO,
 *       or, for a store protected only by backups, its backup interval (continuous: 5 minutes).
 */
export function computeDrBudget(design: DrDesign): DrBudget {
  const rto: DrBudgetComponent[] = [];
  const d = design.detection;
  rto.push({
    name: 'detection: health checks',
    minutes: round((d.healthCheckInterval.toSeconds() * d.healthCheckFailureThreshold) / 60),
    source: 'detection.healthCheckInterval × detection.healthCheckFailureThreshold',
  });
  rto.push({
    name: 'detection: trigger alarm evaluation',
    minutes: round((d.alarmEvaluationPeriods * CLOUDWATCH_STANDARD_PERIOD_SECONDS) / 60),
    source: 'detection.alarmEvaluationPeriods × CLOUDWATCH_STANDARD_PERIOD_SECONDS',
  });
  if (design.strategy.kind === 'backup-and-restore') {
    rto.push({ name: 'restore from backups', minutes: minutesOf(design.strategy.restoreTime!), source: 'strategy.restoreTime' });
    rto.push({ name: 'update DNS', minutes: design.runbook.minutes('updateDns')!, source: 'runbook.updateDns' });
  } else {
    if (design.strategy.standbyStartsFromZero) {
      rto.push({ name: 'pilot light provisioning from zero', minutes: minutesOf(design.strategy.provisioningTime!), source: 'strategy.provisioningTime' });
    }
    const steps = design.runbook.steps({ scaleUp: standbyNeedsScaleUp(design), dataPromotion: design.stores.some((s) => s.kind === 'aurora') });
    for (const step of steps) rto.push({ name: step.name, minutes: step.timeoutMinutes, source: step.source });
  }
  rto.push({ name: 'DNS TTL', minutes: round(minutesOf(design.dnsTtl)), source: 'dnsTtl' });

  const rpo = design.stores.map((s) => storeRpo(s));
  const rtoMinutes = round(rto.reduce((sum, c) => sum + c.minutes, 0));
  const rpoMinutes = rpo.reduce((max, c) => Math.max(max, c.minutes), 0);
  return {
    environment: design.environment,
    strategy: design.strategy.kind,
    tier: { name: design.tier.name, rtoMinutes: design.tier.rtoMinutes, rpoMinutes: design.tier.rpoMinutes },
    rto: { minutes: rtoMinutes, components: rto },
    rpo: { minutes: rpoMinutes, components: rpo },
    meetsRto: rtoMinutes <= design.tier.rtoMinutes,
    meetsRpo: rpoMinutes <= design.tier.rpoMinutes,
  };
}

function storeRpo(store: StoreDesign): DrBudgetComponent {
  const name = `${store.kind} ${store.name}`;
  if (store.replicaRegions.length === 0) {
    const backup = store.backup!;
    return backup.continuous
      ? { name: `${name} (continuous backup)`, minutes: CONTINUOUS_BACKUP_RPO_MINUTES, source: 'CONTINUOUS_BACKUP_RPO_MINUTES' }
      : { name: `${name} (backups only)`, minutes: minutesOf(backup.interval), source: 'backup.interval' };
  }
  switch (store.kind) {
    case 's3':
      return { name: `${name} (S3 Replication Time Control)`, minutes: S3_RTC_THRESHOLD_MINUTES, source: 'S3_RTC_THRESHOLD_MINUTES' };
    case 'dynamodb':
      return store.strongConsistency
        ? { name: `${name} (global table, strong consistency)`, minutes: DYNAMODB_MRSC_REPLICATION_MINUTES, source: 'DYNAMODB_MRSC_REPLICATION_MINUTES' }
        : { name: `${name} (global table, eventual consistency)`, minutes: DYNAMODB_MREC_REPLICATION_MINUTES, source: 'DYNAMODB_MREC_REPLICATION_MINUTES' };
    case 'aurora':
      return store.managedRpo
        ? { name: `${name} (Aurora global database, managed RPO)`, minutes: round(minutesOf(store.managedRpo)), source: 'postgres.managedRpo' }
        : { name: `${name} (Aurora global database, replication lag)`, minutes: AURORA_GLOBAL_TYPICAL_LAG_MINUTES, source: 'AURORA_GLOBAL_TYPICAL_LAG_MINUTES' };
  }
}

/** The component that weighs most, for messages. */
function largest(components: readonly DrBudgetComponent[]): DrBudgetComponent | undefined {
  return components.reduce<DrBudgetComponent | undefined>((top, c) => (top === undefined || c.minutes > top.minutes ? c : top), undefined);
}

/**
 * Throws, in the house format, for each objective the budget misses (both together when both
 * miss): the environment, the largest component and the numbers.
 */
export function requireTierMet(scope: ValidationScope, budget: DrBudget): void {
  const errors: (() => void)[] = [];
  const tier = `${budget.tier.name} (RTO ${formatMinutes(budget.tier.rtoMinutes)}, RPO ${formatMinutes(budget.tier.rpoMinutes)})`;
  if (!budget.meetsRto) {
    const top = largest(budget.rto.components)!;
    errors.push(() => invalid(scope, 'tier', tier, `a tier environment "${budget.environment}" can meet: its RTO budget is ${formatMinutes(budget.rto.minutes)} > ${formatMinutes(budget.tier.rtoMinutes)} (${budget.rto.components.map((c) => `${c.name} ${formatMinutes(c.minutes)}`).join(' + ')}; largest: ${top.name} ${formatMinutes(top.minutes)})`));
  }
  if (!budget.meetsRpo) {
    const top = largest(budget.rpo.components)!;
    errors.push(() => invalid(scope, 'tier', tier, `a tier environment "${budget.environment}" can meet: its RPO bound is ${formatMinutes(budget.rpo.minutes)} > ${formatMinutes(budget.tier.rpoMinutes)}, set by ${top.name} (${top.source})`));
  }
  validateAll(scope, errors);
}

/** One line per environment, e.g. for `console.log` at synth. */
export function drBudgetSummary(budget: DrBudget): string {
  const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
  const weakest = largest(budget.rpo.components);
  return `${budget.environment}: ${budget.strategy} ${budget.tier.name}: RTO ${formatMinutes(budget.rto.minutes)} of ${formatMinutes(budget.tier.rtoMinutes)} ${verdict(budget.meetsRto)}, RPO ${formatMinutes(budget.rpo.minutes)} of ${formatMinutes(budget.tier.rpoMinutes)} ${verdict(budget.meetsRpo)}${weakest ? ` (weakest: ${weakest.name})` : ' (no data stores)'}`;
}

/** The budget as the JSON CI review reads: the contract's keys in its order, two-space indent, final newline. */
export function drBudgetJson(budget: DrBudget): string {
  const component = (c: DrBudgetComponent): DrBudgetComponent => ({ name: c.name, minutes: c.minutes, source: c.source });
  const ordered: DrBudget = {
    environment: budget.environment,
    strategy: budget.strategy,
    tier: { name: budget.tier.name, rtoMinutes: budget.tier.rtoMinutes, rpoMinutes: budget.tier.rpoMinutes },
    rto: { minutes: budget.rto.minutes, components: budget.rto.components.map(component) },
    rpo: { minutes: budget.rpo.minutes, components: budget.rpo.components.map(component) },
    meetsRto: budget.meetsRto,
    meetsRpo: budget.meetsRpo,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Writes `<dir>/<environment>.json` (creating `dir`) and returns the file's path. */
export function writeDrBudget(dir: string, budget: DrBudget): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${budget.environment}.json`);
  fs.writeFileSync(file, drBudgetJson(budget));
  return file;
}
