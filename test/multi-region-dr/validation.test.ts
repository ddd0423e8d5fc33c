import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { RegionRole } from '../../lib/core';
import { DrDrill, DrStrategy, FailoverRunbook, RecoveryTier, RegionCapacity } from '../../lib/multi-region-dr';
import { unitTestApp } from '../support/app';
import { prodDr, PROD_REGIONS, ZONES } from './fixtures';

const SINGLE = [{ region: 'us-east-1', role: RegionRole.PRIMARY }];
const build = (overrides: Parameters<typeof prodDr>[0], regions = PROD_REGIONS) => () => prodDr(overrides, unitTestApp(), regions);

describe('MultiRegionDr validation', () => {
  test('throws when active-active weights do not sum to 100', () => {
    expect(build({ strategy: DrStrategy.activeActive({ weights: { 'us-east-1': 70, 'us-west-2': 20, 'eu-west-1': 20 } }) })).toThrow(
      /Global\/Dr: strategy\.weights = \{"us-east-1":70,"us-west-2":20,"eu-west-1":20\}: whole percentages from 0 to 100 that sum to 100/,
    );
  });

  test('throws when active-active weights name a region outside the environment', () => {
    expect(build({ strategy: DrStrategy.activeActive({ weights: { 'us-east-1': 70, 'us-west-2': 20, 'ap-south-1': 10 } }) })).toThrow(
      /Global\/Dr: strategy\.weights = .*"ap-south-1":10\}: weights only for the environment's regions \(us-east-1, us-west-2, eu-west-1\); not ap-south-1/,
    );
  });

  test('throws when a strategy that needs a standby is declared on a single region', () => {
    expect(build({ stores: {}, kubernetes: undefined, drills: [] }, SINGLE)).toThrow(
      /Global\/Dr: strategy = DrStrategy\.hot-standby: a strategy without a standby \(DrStrategy\.backupAndRestore\) for a single-region environment \(us-east-1\): hot-standby needs a standby region/,
    );
  });

  test('throws when a store has no replica in a standby region its strategy fails over to', () => {
    expect(build({ stores: { keyValue: { name: 'sessions', partitionKey: 'pk', replicaRegions: ['us-west-2'] } } })).toThrow(
      /Global\/Dr: stores\.keyValue\.replicaRegions = \["us-west-2"\]: a replica in every standby region hot-standby fails over to \(us-west-2, eu-west-1\); missing eu-west-1/,
    );
  });

  test('throws when the plan is asked to scale a kind ARC\'s EKS resource scaling block cannot scale', () => {
    expect(build({ kubernetes: { clusterNames: { 'us-east-1': 'prod-us-east-1', 'us-west-2': 'prod-us-west-2', 'eu-west-1': 'prod-eu-west-1' }, workloads: [{ namespace: 'main', name: 'main', apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' }] } })).toThrow(
      /Global\/Dr\/Plan-us-west-2: scaledWorkloads\[0\] = "argoproj\.io\/v1alpha1 Rollout main\/main": an apps\/v1 Deployment: ARC's EKS resource scaling block scales only Deployments/,
    );
  });

  test('throws when replicas cannot spread evenly over the zones', () => {
    expect(build({ capacity: RegionCapacity.of({ zones: 3, replicasByRole: { 'primary': 9, 'hot-standby': 6, 'warm-standby': 4 } }) })).toThrow(
      /Global\/Dr: capacity\.replicasByRole\.warm-standby = 4: a multiple of the 3 zones \(at least one replica per zone\), so the replicas spread evenly/,
    );
  });

  test('throws when S3 replicates to its own region', () => {
    expect(build({ stores: { objectStorage: { name: 'objects', deleteMarkers: 'replicate', replicaRegions: ['us-east-1', 'us-west-2', 'eu-west-1'] } } })).toThrow(
      /Global\/Dr: stores\.objectStorage\.replicaRegions = \["us-east-1","us-west-2","eu-west-1"\]: standby regions only \(us-west-2, eu-west-1\); us-east-1 is the primary, and a replica in its own region does not survive a regional outage/,
    );
  });

  test('throws when an Aurora secondary is placed in the primary region', () => {
    expect(build({ stores: { postgres: { name: 'orders', networks: {}, replicaRegions: ['us-east-1', 'us-west-2', 'eu-west-1'] } } })).toThrow(
      /Global\/Dr: stores\.postgres\.replicaRegions = \["us-east-1","us-west-2","eu-west-1"\]: standby regions only \(us-west-2, eu-west-1\); us-east-1 is the primary/,
    );
  });

  test('throws when Aurora has no network for a region (networking is never invented)', () => {
    expect(build({ stores: { postgres: { name: 'orders', networks: {} } } })).toThrow(
      /Global\/Dr: stores\.postgres\.networks = \[\]: a database network \(VPC and subnets\) for us-east-1, us-west-2, eu-west-1; missing us-east-1, us-west-2, eu-west-1/,
    );
  });

  test('throws when a drill has no stop condition', () => {
    const drill = DrDrill.zoneNetworkDisruption({ region: 'us-west-2', zone: ZONES['us-west-2'][0], subnetTags: { tier: 'app' }, stopConditions: [] as cloudwatch.IAlarm[] });
    expect(build({ drills: [drill] })).toThrow(
      /Global\/Dr: drills\[0\]\.stopConditions = \[\]: at least one CloudWatch alarm that stops the experiment .*a drill without a stop condition can turn into an outage/,
    );
  });

  test('throws when the design cannot meet its tier: the seeds\' 24-minute runbook against T1 (RTO) and S3 RTC against RPO < 5 min', () => {
    expect(build({ tier: RecoveryTier.t1() })).toThrow(/2 validation errors:[\s\S]*Global\/Dr: tier = "T1 \(RTO 15 min, RPO 5 min\)": a tier environment "prod" can meet: its RTO budget is 38\.5 min > 15 min[\s\S]*its RPO bound is 15 min > 5 min, set by s3 prod-objects-us-east-1-123456789012 \(S3 Replication Time Control\)/);
  });

  test('throws when a warm standby has no scale-up time', () => {
    expect(build({ runbook: FailoverRunbook.seeds() })).toThrow(/Global\/Dr: runbook\.scaleUp = undefined: the time a standby takes to scale to full capacity \(from the last drill\)/);
  });

  test('throws when multi-Region strong consistency does not have three regions', () => {
    expect(build({ stores: { keyValue: { name: 'sessions', partitionKey: 'pk', consistency: 'strong' } } }, PROD_REGIONS.slice(0, 2))).toThrow(
      /Global\/Dr: stores\.keyValue\.consistency = "strong": "eventual", or exactly two replica regions/,
    );
  });

  test('throws when the Aurora secondary shares a stack with the replica bucket and key (deployment cycle)', () => {
    const base = prodDr();
    const withoutDatabaseStacks = Object.fromEntries(Object.entries(base.stacks).map(([r, stack]) => [r, { stack }]));
    expect(build({ regionScopes: withoutDatabaseStacks })).toThrow(
      /Global\/Dr: regionScopes = \["us-west-2: no secondaryDatabaseStack","eu-west-1: no secondaryDatabaseStack"\]: a secondaryDatabaseStack for us-west-2, eu-west-1: the primary's stack waits for the replica bucket and key there/,
    );
  });

  test('reports every error at once', () => {
    expect(build({
      strategy: DrStrategy.activeActive({ weights: { 'us-east-1': 50, 'us-west-2': 20, 'eu-west-1': 20 } }),
      capacity: RegionCapacity.of({ zones: 3, replicasByRole: { 'primary': 9, 'hot-standby': 5, 'warm-standby': 3 } }),
      tier: RecoveryTier.custom({ rto: Duration.seconds(30), rpo: Duration.minutes(5) }),
    })).toThrow(/3 validation errors:\n {2}- .*strategy\.weights.*\n {2}- .*tier\.rto = "0\.5 min".*\n {2}- .*capacity\.replicasByRole\.hot-standby = 5/);
  });
});
