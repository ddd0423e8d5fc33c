import { Duration } from 'aws-cdk-lib';
import { BackupPolicy, VaultLock } from '../lib/encrypted-backup-vault';
import { EnvironmentDescription } from './environment-model';

/** Break-glass role every environment's vaults admit, created and guarded by the identity team. */
const BREAK_GLASS_ROLE = 'resilience-backup-break-glass';

/** Seeds: copies stay 30 days in the primary region and 90 days in DR regions. */
const COPY_RETENTION = { copyRetentionInPrimary: Duration.days(30), copyRetentionInStandby: Duration.days(90) };

/**
 * The platform, as data. Everything that differs between environments is here; the constructs
 * hold only their defaults and presets.
 */
export const ENVIRONMENTS: readonly EnvironmentDescription[] = [
  {
    name: 'dev',
    account: '111111111111',
    regions: [{ region: 'us-east-1', role: 'primary' }],
    backup: {
      policy: BackupPolicy.seedTiers().withoutCopies(),
      copyToOtherRegions: false,
      ...COPY_RETENTION,
      breakGlassRoleName: BREAK_GLASS_ROLE,
    },
  },
  {
    name: 'staging',
    account: '222222222222',
    regions: [
      { region: 'us-east-1', role: 'primary' },
      { region: 'us-west-2', role: 'hot-standby' },
    ],
    backup: {
      policy: BackupPolicy.seedTiers(),
      lock: VaultLock.governance({ minRetention: Duration.days(1), maxRetention: Duration.days(3650) }),
      copyToOtherRegions: true,
      ...COPY_RETENTION,
      breakGlassRoleName: BREAK_GLASS_ROLE,
    },
  },
  {
    name: 'prod',
    account: '333333333333',
    regions: [
      { region: 'us-east-1', role: 'primary' },
      { region: 'us-west-2', role: 'hot-standby' },
      { region: 'eu-west-1', role: 'warm-standby' },
    ],
    backup: {
      policy: BackupPolicy.seedTiers(),
      lock: VaultLock.compliance({ minRetention: Duration.days(1), maxRetention: Duration.days(3650), changeableFor: Duration.hours(72) }),
      acknowledgeIrreversibleComplianceLock: true,
      copyToOtherRegions: true,
      ...COPY_RETENTION,
      breakGlassRoleName: BREAK_GLASS_ROLE,
    },
  },
];
