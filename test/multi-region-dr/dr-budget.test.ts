import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { RegionRole } from '../../lib/core';
import { computeDrBudget, drBudgetJson, drBudgetSummary, DrStrategy, RecoveryTier, RegionCapacity, requireTierMet, writeDrBudget } from '../../lib/multi-region-dr';
import { prodDesign } from './fixtures';

describe('DR budget', () => {
  test('prod on the seeds meets T2: detection, every runbook step at its timeout, scale-up, promotion and the TTL add up', () => {
    // GIVEN the seeds' runbook (24 min), a 5-minute scale-up and an Aurora global database
    const budget = computeDrBudget(prodDesign());
    // THEN the RTO is 0.5 + 3 + 2 + 5 + 5 (promotion) + 5 (scale-up) + 10 + 5 + 2 + 1 (TTL) = 38.5 minutes
    expect(budget.rto.minutes).toBe(38.5);
    expect(budget.rto.components.map((c) => [c.name, c.minutes])).toEqual([
      ['detection: health checks', 0.5],
      ['detection: trigger alarm evaluation', 3],
      ['pre-failover checks', 2],
      ['initiate failover', 5],
      ['data promotion (Aurora global database failover)', 5],
      ['standby scale-up (EKS resource scaling)', 5],
      ['update DNS', 10],
      ['verify', 5],
      ['post-failover notifications', 2],
      ['DNS TTL', 1],
    ]);
    // AND the RPO bound is S3 RTC's 15 minutes, the weakest store
    expect(budget.rpo.minutes).toBe(15);
    expect(budget.meetsRto).toBe(true);
    expect(budget.meetsRpo).toBe(true);
    expect(() => requireTierMet('environments.prod', budget)).not.toThrow();
  });

  test('throws when the seeds\' 24-minute runbook is held to a 15-minute T1 (RTO), naming environment, component and numbers', () => {
    const budget = computeDrBudget(prodDesign({ tier: RecoveryTier.t1(), stores: [] }));
    expect(budget.meetsRto).toBe(false);
    expect(() => requireTierMet('environments.prod', budget)).toThrow(
      /^environments\.prod: tier = "?T1 \(RTO 15 min, RPO 5 min\)"?: a tier environment "prod" can meet: its RTO budget is 33\.5 min > 15 min \(.*update DNS 10 min.*largest: update DNS 10 min\)$/,
    );
  });

  test('throws when "RPO < 5 min" is asked of S3 RTC\'s 15-minute threshold (RPO)', () => {
    const budget = computeDrBudget(prodDesign({ tier: RecoveryTier.custom({ name: 'rpo-5', rto: Duration.hours(1), rpo: Duration.minutes(5) }) }));
    expect(budget.meetsRto).toBe(true);
    expect(budget.meetsRpo).toBe(false);
    expect(() => requireTierMet('environments.prod', budget)).toThrow(/environments\.prod: tier = "rpo-5 \(RTO 60 min, RPO 5 min\)": a tier environment "prod" can meet: its RPO bound is 15 min > 5 min, set by s3 prod-objects \(S3 Replication Time Control\) \(S3_RTC_THRESHOLD_MINUTES\)/);
  });

  test('reports both misses together', () => {
    const budget = computeDrBudget(prodDesign({ tier: RecoveryTier.t1() }));
    expect(() => requireTierMet('environments.prod', budget)).toThrow(/2 validation errors:[\s\S]*RTO budget[\s\S]*RPO bound/);
  });

  test('a store protected only by backups is bounded by its backup interval; continuous backup by 5 minutes', () => {
    const dev = computeDrBudget({
      ...prodDesign(),
      environment: 'dev',
      regions: [{ region: 'us-east-1', role: RegionRole.PRIMARY }],
      strategy: DrStrategy.backupAndRestore({ restoreTime: Duration.hours(4) }),
      tier: RecoveryTier.t4(),
      stores: [
        { kind: 's3', name: 'dev-objects', replicaRegions: [], backup: { interval: Duration.hours(1) } },
        { kind: 'aurora', name: 'dev-orders', replicaRegions: [], backup: { interval: Duration.hours(1), continuous: true } },
      ],
    });
    expect(dev.rpo.components.map((c) => [c.name, c.minutes])).toEqual([['s3 dev-objects (backups only)', 60], ['aurora dev-orders (continuous backup)', 5]]);
    expect(dev.rto.components.map((c) => c.name)).toEqual(['detection: health checks', 'detection: trigger alarm evaluation', 'restore from backups', 'update DNS', 'DNS TTL']);
    expect(dev.meetsRto && dev.meetsRpo).toBe(true);
  });

  test('a pilot light adds its provisioning from zero; a hot standby at full capacity needs no scale-up', () => {
    const pilot = computeDrBudget(prodDesign({ strategy: DrStrategy.pilotLight({ provisioningTime: Duration.minutes(12) }) }));
    expect(pilot.rto.components.find((c) => c.name === 'pilot light provisioning from zero')?.minutes).toBe(12);
    const full = computeDrBudget(prodDesign({
      regions: prodDesign().regions.slice(0, 2),
      capacity: RegionCapacity.of({ zones: 3, replicasByRole: { 'primary': 9, 'hot-standby': 9 } }),
    }));
    expect(full.rto.components.map((c) => c.name)).not.toContain('standby scale-up (EKS resource scaling)');
  });

  test('the JSON has exactly the contract\'s keys in order and is written to <dir>/<env>.json', () => {
    const budget = computeDrBudget(prodDesign());
    const json = JSON.parse(drBudgetJson(budget));
    expect(Object.keys(json)).toEqual(['environment', 'strategy', 'tier', 'rto', 'rpo', 'meetsRto', 'meetsRpo']);
    expect(Object.keys(json.tier)).toEqual(['name', 'rtoMinutes', 'rpoMinutes']);
    expect(Object.keys(json.rto)).toEqual(['minutes', 'components']);
    expect(Object.keys(json.rpo.components[0])).toEqual(['name', 'minutes', 'source']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-'));
    const file = writeDrBudget(path.join(dir, 'dr'), budget);
    expect(file).toBe(path.join(dir, 'dr', 'prod.json'));
    expect(fs.readFileSync(file, 'utf8')).toBe(drBudgetJson(budget));
    expect(drBudgetSummary(budget)).toBe('prod: hot-standby T2: RTO 38.5 min of 60 min ok, RPO 15 min of 15 min ok (weakest: s3 prod-objects (S3 Replication Time Control))');
  });
});

describe('presets', () => {
  test('the seeds\' tiers and capacity', () => {
    expect(RecoveryTier.presets().map((t) => [t.name, t.rtoMinutes, t.rpoMinutes])).toEqual([['T1', 15, 5], ['T2', 60, 15], ['T3', 240, 60], ['T4', 1440, 240]]);
    const seeds = RegionCapacity.seeds();
    expect(seeds.replicasFor(RegionRole.PRIMARY)).toEqual({ min: 9, max: 9 });
    expect(seeds.replicasFor(RegionRole.HOT_STANDBY)).toEqual({ min: 6, max: 9 });
    expect(seeds.replicasFor(RegionRole.WARM_STANDBY)).toEqual({ min: 3, max: 9 });
    expect(seeds.perZone(RegionRole.PRIMARY)).toBe(3);
  });
});
