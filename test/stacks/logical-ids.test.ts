import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackupPolicy, VaultLock } from '../../lib/encrypted-backup-vault';
import { EnvironmentDescription, validateEnvironments } from '../../stacks/environment-model';
import { ENVIRONMENTS } from '../../stacks/environments';
import { RegionalStack } from '../../stacks/regional-stack';
import { unitTestApp } from '../support/app';

/**
 * Logical IDs of stateful resources are part of the public contract: a changed ID makes
 * CloudFormation replace the resource (a new key, an empty vault, a new bucket).
 */
const STATEFUL = ['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::Backup::BackupVault', 'AWS::S3::Bucket'];

function statefulIds(description: EnvironmentDescription, region: string): string[] {
  const environment = validateEnvironments([description])[0];
  const placement = environment.regions.find((r) => r.region === region)!;
  const stack = new RegionalStack(unitTestApp(), 'Stack', { env: { account: environment.account, region }, environment, placement });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
  return Object.entries(resources)
    .filter(([, r]) => STATEFUL.includes(r.Type))
    .map(([id, r]) => `${r.Type} ${id}`)
    .sort();
}

const PINNED = [
  'AWS::Backup::BackupVault BackupVault68B95C06',
  'AWS::KMS::Alias BackupVaultKeyAlias85EBA1A8',
  'AWS::KMS::Key BackupVaultKey74395416',
  'AWS::S3::Bucket BackupVaultAccessLogsBucketA2DD9A0C',
  'AWS::S3::Bucket BackupVaultAuditReportBucket065BF6D2',
  'AWS::S3::Bucket BackupVaultClusterBackupBucket226BDDF1',
];

describe('logical IDs of stateful resources', () => {
  test.each(ENVIRONMENTS.flatMap((e) => e.regions.map((r) => [e.name, r.region] as const)))('are pinned in %s %s', (env, region) => {
    expect(statefulIds(ENVIRONMENTS.find((e) => e.name === env)!, region)).toEqual(PINNED);
  });

  test('do not change when unrelated configuration changes', () => {
    const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
    const changed: EnvironmentDescription = {
      ...prod,
      account: '444444444444',
      regions: [
        { region: 'us-east-1', role: 'primary' },
        { region: 'eu-central-1', role: 'warm-standby' },
      ],
      backup: {
        ...prod.backup,
        policy: BackupPolicy.of([BackupPolicy.postgresTier(), BackupPolicy.redisTier()]),
        lock: VaultLock.governance({ minRetention: Duration.days(1) }),
        acknowledgeIrreversibleComplianceLock: false,
        copyRetentionInStandby: Duration.days(120),
      },
    };
    expect(statefulIds(changed, 'us-east-1')).toEqual(PINNED);
  });
});
