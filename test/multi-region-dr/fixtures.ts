import { Duration } from 'aws-cdk-lib';
import { RegionPlacement, RegionRole } from '../../lib/core';
import { DrDesign, DrStrategy, FailoverRunbook, RecoveryTier, RegionCapacity } from '../../lib/multi-region-dr';

export const PROD_REGIONS: RegionPlacement[] = [
  { region: 'us-east-1', role: RegionRole.PRIMARY },
  { region: 'us-west-2', role: RegionRole.HOT_STANDBY },
  { region: 'eu-west-1', role: RegionRole.WARM_STANDBY },
];

/** Prod's design with the seeds' figures; override what a test varies. */
export function prodDesign(overrides: Partial<DrDesign> = {}): DrDesign {
  return {
    environment: 'prod',
    regions: PROD_REGIONS,
    strategy: DrStrategy.hotStandby(),
    tier: RecoveryTier.t2(),
    capacity: RegionCapacity.seeds(),
    runbook: FailoverRunbook.seeds({ scaleUp: Duration.minutes(5) }),
    detection: { healthCheckInterval: Duration.seconds(10), healthCheckFailureThreshold: 3, alarmEvaluationPeriods: 3 },
    dnsTtl: Duration.seconds(60),
    stores: [
      { kind: 's3', name: 'prod-objects', replicaRegions: ['us-west-2', 'eu-west-1'] },
      { kind: 'dynamodb', name: 'prod-sessions', replicaRegions: ['us-west-2', 'eu-west-1'] },
      { kind: 'aurora', name: 'prod-orders', replicaRegions: ['us-west-2', 'eu-west-1'] },
    ],
    ...overrides,
  };
}

import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { FailbackMode, RoutingPolicy } from '../../lib/geo-dns-routing';
import { DrDrill, MultiRegionDr, MultiRegionDrProps } from '../../lib/multi-region-dr';
import { dnsEndpoints, latencyFailover, routing as dnsRouting } from '../geo-dns-routing/fixtures';
import { unitTestApp } from '../support/app';

export const ACCOUNT = '123456789012';

/** The zones of each region the fixtures use. */
export const ZONES: Record<string, string[]> = {
  'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
};

/** The region's load balancer metrics, as a regional stack would hand them in. */
export function regionSignals(region: string): MultiRegionDrProps['signals'][string] {
  const lb = `app/${region}-api/0123456789abcdef`;
  return {
    zoneHealthyHosts: Object.fromEntries(ZONES[region].map((zone) => [zone, new cloudwatch.Metric({
      namespace: 'AWS/ApplicationELB', metricName: 'HealthyHostCount', dimensionsMap: { LoadBalancer: lb, AvailabilityZone: zone, TargetGroup: `targetgroup/${region}-api/0123456789abcdef` },
      statistic: cloudwatch.Stats.MINIMUM,
    })])),
    latencySeconds: new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', dimensionsMap: { LoadBalancer: lb }, statistic: cloudwatch.Stats.p(99) }),
  };
}

/** An imported VPC with isolated subnets in three zones (no lookup). */
export function importedVpc(stack: Stack, region: string): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, `Vpc-${region}`, {
    vpcId: `vpc-0${Object.keys(ZONES).indexOf(region)}23456789abcdef0`,
    availabilityZones: ZONES[region],
    isolatedSubnetIds: ZONES[region].map((_, i) => `subnet-0${Object.keys(ZONES).indexOf(region)}${i}3456789abcdef0`),
    isolatedSubnetRouteTableIds: ZONES[region].map((_, i) => `rtb-0${Object.keys(ZONES).indexOf(region)}${i}3456789abcdef0`),
  });
}

export interface DrFixture {
  readonly app: App;
  readonly global: Stack;
  readonly stacks: Record<string, Stack>;
  readonly databaseStacks: Record<string, Stack>;
  readonly dr: MultiRegionDr;
}

/** Prod's MultiRegionDr in a unit-test app (or `app`): three regions, every store, staging-style drill. */
export function prodDr(overrides: Partial<MultiRegionDrProps> = {}, app: App = unitTestApp(), regions = PROD_REGIONS, prefix = ''): DrFixture {
  const env = (region: string) => ({ account: ACCOUNT, region });
  const global = new Stack(app, `${prefix}Global`, { env: env('us-east-1') });
  const stacks: Record<string, Stack> = {};
  const databaseStacks: Record<string, Stack> = {};
  for (const r of regions) {
    stacks[r.region] = new Stack(app, `${prefix}Region-${r.region}`, { env: env(r.region) });
    if (!r.role.isPrimary && (overrides.stores === undefined || overrides.stores.postgres !== undefined)) databaseStacks[r.region] = new Stack(app, `${prefix}Database-${r.region}`, { env: env(r.region) });
  }
  const names = regions.map((r) => r.region);
  // One region has no failover pair (GeoDnsRouting rejects a pair failing over into its own region): a simple record.
  const dnsProps = names.length < 2
    ? { routing: RoutingPolicy.endpoint(names[0]), endpoints: dnsEndpoints(names) }
    : { routing: latencyFailover(names), endpoints: dnsEndpoints(names), failback: FailbackMode.operatorSwitch() };
  const { routing } = dnsRouting(dnsProps, global);
  const dr = new MultiRegionDr(global, 'Dr', {
    environment: 'prod',
    regions,
    strategy: DrStrategy.hotStandby(),
    tier: RecoveryTier.t2(),
    runbook: FailoverRunbook.seeds({ scaleUp: Duration.minutes(5) }),
    regionScopes: Object.fromEntries(names.map((r) => [r, { stack: stacks[r], secondaryDatabaseStack: databaseStacks[r] }])),
    dns: routing,
    signals: Object.fromEntries(names.map((r) => [r, regionSignals(r)])),
    retainData: true,
    approvalRoleName: 'resilience-failback-approver',
    stores: {
      objectStorage: { name: 'objects', deleteMarkers: 'do-not-replicate' },
      keyValue: { name: 'sessions', partitionKey: 'pk', consistency: 'eventual' },
      postgres: { name: 'orders', networks: Object.fromEntries(names.map((r) => [r, { vpc: importedVpc(databaseStacks[r] ?? stacks[r], r) }])), managedRpo: Duration.minutes(1) },
    },
    kubernetes: { clusterNames: Object.fromEntries(names.map((r) => [r, `prod-${r}`])), workloads: [{ namespace: 'api', name: 'api' }] },
    drills: names.length < 2 ? [] : [DrDrill.zoneNetworkDisruption({ region: names[1], zone: ZONES[names[1]][0], subnetTags: { 'resilience:tier': 'app' }, schedule: scheduler.ScheduleExpression.cron({ weekDay: 'TUE', hour: '10', minute: '0' }) })],
    ...overrides,
  });
  return { app, global, stacks, databaseStacks, dr };
}
