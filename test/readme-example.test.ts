import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackupPolicy, EncryptedBackupVault, VaultLock } from '../lib';
import { unitTestApp } from './support/app';

// The README's smallest example, kept compiling and working.
test('the README example synthesizes a vault with two plans, copies to us-west-2 and a daily drill', () => {
  const app = unitTestApp();
  const stack = new Stack(app, 'Backups', { env: { account: '123456789012', region: 'us-east-1' } });

  new EncryptedBackupVault(stack, 'Vault', {
    vaultName: 'payments-us-east-1',
    policy: BackupPolicy.of([BackupPolicy.postgresTier(), BackupPolicy.complianceArchiveTier()]),
    copyDestinations: [
      EncryptedBackupVault.copyDestination({
        account: '123456789012', region: 'us-west-2', vaultName: 'payments-us-west-2', retention: Duration.days(90),
      }),
    ],
    lock: VaultLock.governance({ minRetention: Duration.days(1) }),
    breakGlassRoleArns: ['arn:aws:iam::123456789012:role/backup-break-glass'],
  });

  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::Backup::BackupPlan', 2);
  template.resourceCountIs('AWS::Backup::RestoreTestingPlan', 1);
  expect(JSON.stringify(template.toJSON())).toContain('arn:aws:backup:us-west-2:123456789012:backup-vault:payments-us-west-2');
});
