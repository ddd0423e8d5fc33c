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
