import { Duration } from 'aws-cdk-lib';
import { RegionRole } from '../../lib/core';
import { computeDrBudget, drBudgetSummary, DrDesign, DrStrategy, FailoverRunbook, RecoveryTier, RegionCapacity, requireTierMet } from '../../lib/multi-region-dr';
import { prodDesign, PROD_REGIONS } from './fixtures';

// The designs proposed for the platform's environments (README, "MultiRegionDr": environment data),
// with the budget line each prints at synth.
const DETECTION = prodDesign().detection;
const DESIGNS: DrDesign[] = [
  {
    environment: 'dev',
    regions: [{ region: 'us-east-1', role: RegionRole.PRIMARY }],
    strategy: DrStrategy.backupAndRestore({ restoreTime: Duration.hours(4) }),
    tier: RecoveryTier.t4(),
    capacity: RegionCapacity.seeds(),
    runbook: FailoverRunbook.seeds(),
    detection: DETECTION,
    dnsTtl: Duration.seconds(60),
    stores: [
      { kind: 's3', name: 'dev-objects-us-east-1-111111111111', replicaRegions: [], backup: { interval: Duration.hours(1) } },
      { kind: 'aurora', name: 'dev-orders', replicaRegions: [], backup: { interval: Duration.hours(1), continuous: true } },
    ],
  },
  {
    ...prodDesign(),
    environment: 'staging',
    regions: PROD_REGIONS.slice(0, 2),
    stores: prodDesign().stores.map((s) => ({ ...s, name: s.name.replace('prod', 'staging'), replicaRegions: ['us-west-2'] })),
  },
  prodDesign(),
];

test('every environment\'s design meets its tier; the budget lines as synth prints them', () => {
  const lines = DESIGNS.map((d) => {
    const budget = computeDrBudget(d);
    requireTierMet(`environments.${d.environment}`, budget);
    return drBudgetSummary(budget);
  });
  expect(lines).toEqual([
    'dev: backup-and-restore T4: RTO 254.5 min of 1440 min ok, RPO 60 min of 240 min ok (weakest: s3 dev-objects-us-east-1-111111111111 (backups only))',
    'staging: hot-standby T2: RTO 38.5 min of 60 min ok, RPO 15 min of 15 min ok (weakest: s3 staging-objects (S3 Replication Time Control))',
    'prod: hot-standby T2: RTO 38.5 min of 60 min ok, RPO 15 min of 15 min ok (weakest: s3 prod-objects (S3 Replication Time Control))',
  ]);
});

test('prod\'s best provable tier is T2: T1 fails on both RTO and RPO', () => {
  const verdicts = RecoveryTier.presets().map((tier) => {
    const b = computeDrBudget(prodDesign({ tier }));
    return `${tier.name}:${b.meetsRto ? 'rto-ok' : 'rto-missed'}/${b.meetsRpo ? 'rpo-ok' : 'rpo-missed'}`;
  });
  expect(verdicts).toEqual(['T1:rto-missed/rpo-missed', 'T2:rto-ok/rpo-ok', 'T3:rto-ok/rpo-ok', 'T4:rto-ok/rpo-ok']);
});
