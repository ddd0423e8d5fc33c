import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  BackupPolicy,
  BackupSchedule,
  EncryptedBackupVault,
  EncryptedBackupVaultProps,
  VaultLock,
  WeekDay,
} from '../../lib/encrypted-backup-vault';
import { validationErrorsOf } from '../../lib/core';
import { testStack, unitTestApp } from '../support/app';

const BREAK_GLASS = 'arn:aws:iam::123456789012:role/break-glass';

function vaultIn(stack: Stack, props: EncryptedBackupVaultProps = {}): EncryptedBackupVault {
  return new EncryptedBackupVault(stack, 'Vault', { vaultName: 'test-vault', breakGlassRoleArns: [BREAK_GLASS], ...props });
}

function synth(props: EncryptedBackupVaultProps = {}, region = 'us-east-1'): Template {
  const stack = testStack(region);
  vaultIn(stack, props);
  return Template.fromStack(stack);
}

/** The messages of the validation errors `build` throws (every one, as they are reported together). */
function errorsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    const errors = validationErrorsOf(error);
    if (errors) return errors.map((e) => e.message);
    throw error;
  }
  return [];
}

const westCopy = EncryptedBackupVault.copyDestination({ account: '123456789012', region: 'us-west-2', vaultName: 'test-vault-west', retention: Duration.days(90) });

describe('EncryptedBackupVault key', () => {
  test('creates a customer-managed key with rotation every 90 days by default, retained on deletion', () => {
    const template = synth();
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true, RotationPeriodInDays: 90 }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/test-vault' });
  });

  test('takes a rotation period within KMS bounds', () => {
    synth({ keyRotationPeriod: Duration.days(365) }).hasResourceProperties('AWS::KMS::Key', { RotationPeriodInDays: 365 });
  });

  test('lets data through the key only by way of AWS Backup and S3 in its own region and account', () => {
    synth().hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'UseThroughBackupAndS3InThisAccount',
            Effect: 'Allow',
            Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey']),
            Condition: {
              StringEquals: {
                'kms:CallerAccount': '123456789012',
                'kms:ViaService': ['backup.us-east-1.amazonaws.com', 's3.us-east-1.amazonaws.com'],
              },
            },
          }),
        ]),
      },
    });
  });

  test('gives the account administration of the key but no data use outside those services', () => {
    const template = synth();
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
    const admin = key.Properties.KeyPolicy.Statement.find((s: { Sid: string }) => s.Sid === 'KeyAdministrationByAccount');
    expect(admin.Action).toContain('kms:ScheduleKeyDeletion');
    expect(admin.Action).not.toContain('kms:Decrypt');
    expect(admin.Action).not.toContain('kms:*');
  });

  test('uses a given key instead of creating one', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Mine', { enableKeyRotation: true });
    vaultIn(stack, { encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'Arn'] } });
  });
});

describe('EncryptedBackupVault vault', () => {
  test('is encrypted with its key and denies deleting or loosening to everyone but the break-glass role', () => {
    synth().hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'test-vault',
      EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultKey'), 'Arn'] },
      AccessPolicy: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: Match.arrayWith(['backup:DeleteRecoveryPoint', 'backup:PutBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle']),
            Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } },
          }),
        ],
      },
    });
  });

  test('denies to everyone, without exception, when no break-glass role is named and that is acknowledged', () => {
    const stack = testStack();
    new EncryptedBackupVault(stack, 'Vault', { vaultName: 'test-vault', acknowledgeNoBreakGlass: true });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: Match.absent() })] },
    });
  });

  test('is retained on stack deletion by default', () => {
    synth().hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
  });

  test('applies a governance lock as min and max retention without a grace period', () => {
    synth({ lock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(400) }), policy: BackupPolicy.of([]) }).hasResourceProperties(
      'AWS::Backup::BackupVault',
      { LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 400, ChangeableForDays: Match.absent() } },
    );
  });

  test('applies a compliance lock with its grace period once opted in', () => {
    synth({
      lock: VaultLock.compliance({ minRetention: Duration.days(1), changeableFor: Duration.days(5) }),
      acknowledgeIrreversibleComplianceLock: true,
    }).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 1, ChangeableForDays: 5 } });
  });
});

describe('EncryptedBackupVault plans', () => {
  test('creates one plan per AWS tier with UTC schedules, windows and retention', () => {
    const template = synth({ policy: BackupPolicy.seedTiers().withoutCopies() });
    // full-cluster, incremental, postgres, compliance-archive; redis and configuration are cluster-only.
    template.resourceCountIs('AWS::Backup::BackupPlan', 4);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'test-vault-postgres',
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'postgres-hourly', ScheduleExpression: 'cron(0 * * * ? *)', ScheduleExpressionTimezone: 'Etc/UTC', Lifecycle: { DeleteAfterDays: 1 }, StartWindowMinutes: 60, CompletionWindowMinutes: 120 }),
          Match.objectLike({ RuleName: 'postgres-daily', ScheduleExpression: 'cron(0 3 * * ? *)', EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 30 } }),
          Match.objectLike({ RuleName: 'postgres-weekly', ScheduleExpression: 'cron(0 3 ? * SUN *)', Lifecycle: { DeleteAfterDays: 90 } }),
        ],
      },
    });
  });

  test('moves the compliance archive to cold storage after 90 days and keeps it 7 years', () => {
    synth({ policy: BackupPolicy.of([BackupPolicy.complianceArchiveTier()]) }).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ Lifecycle: { MoveToColdStorageAfterDays: 90, DeleteAfterDays: 2555 } })] },
    });
  });

  test('selects resources by tag with its own backup role', () => {
    const template = synth({ policy: BackupPolicy.of([BackupPolicy.postgresTier()]).withoutCopies() });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'postgres',
        IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultBackupRole'), 'Arn'] },
        ListOfTags: [{ ConditionKey: 'resilience:backup-tier', ConditionType: 'STRINGEQUALS', ConditionValue: 'postgres' }],
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } })],
      },
    });
  });

  test('selects resources by construct', () => {
    const stack = testStack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const tier = { ...BackupPolicy.incrementalTier(), awsSelection: { resources: [backup.BackupResource.fromDynamoDbTable(table)] } };
    vaultIn(stack, { policy: BackupPolicy.of([tier]), copyDestinations: [westCopy] });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { Resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'Arn'] }] },
    });
  });

  test('adds construct selections to an existing tier', () => {
    const stack = testStack();
    const vault = vaultIn(stack, { policy: BackupPolicy.of([BackupPolicy.complianceArchiveTier()]) });
    vault.addResources('compliance-archive', backup.BackupResource.fromArn('arn:aws:dynamodb:us-east-1:123456789012:table/orders'));
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { SelectionName: 'compliance-archive-added-1', Resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/orders'] },
    });
  });

  test('copies flagged rules to each destination vault by deterministic ARN with the destination retention', () => {
    const euCopy = EncryptedBackupVault.copyDestination({ account: '123456789012', region: 'eu-west-1', vaultName: 'test-vault-eu', retention: Duration.days(30) });
    synth({ policy: BackupPolicy.of([BackupPolicy.incrementalTier()]), copyDestinations: [westCopy, euCopy] }).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'incremental-hourly', CopyActions: Match.absent() }),
          Match.objectLike({
            RuleName: 'incremental-daily',
            CopyActions: [
              { DestinationBackupVaultArn: 'arn:aws:backup:us-west-2:123456789012:backup-vault:test-vault-west', Lifecycle: { DeleteAfterDays: 90 } },
              { DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:test-vault-eu', Lifecycle: { DeleteAfterDays: 30 } },
            ],
          }),
        ],
      },
    });
  });
});

describe('EncryptedBackupVault notifications', () => {
  test('sends only failure events of backup, copy and restore jobs to a topic encrypted with the vault key', () => {
    const template = synth();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        detail: { state: ['ABORTED', 'EXPIRED', 'FAILED', 'PARTIAL'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^VaultFailureTopic') } })],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('EncryptedBackupVault compliance', () => {
  test('audits the seeds\' checks, adding cross-region and lock controls when the vault has them', () => {
    const template = synth({
      policy: BackupPolicy.of([BackupPolicy.incrementalTier()]),
      copyDestinations: [westCopy],
      lock: VaultLock.governance({ minRetention: Duration.days(1) }),
    });
    template.hasResourceProperties('AWS::Backup::Framework', {
      FrameworkControls: [
        {
          ControlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
          ControlInputParameters: [
            { ParameterName: 'requiredFrequencyUnit', ParameterValue: 'days' },
            { ParameterName: 'requiredFrequencyValue', ParameterValue: '1' },
            { ParameterName: 'requiredRetentionDays', ParameterValue: '90' },
          ],
        },
        { ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' },
        { ControlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', ControlInputParameters: [{ ParameterName: 'principalArnList', ParameterValue: BREAK_GLASS }] },
        { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', ControlInputParameters: [{ ParameterName: 'crossRegionList', ParameterValue: 'us-west-2' }] },
        { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', ControlInputParameters: [{ ParameterName: 'minRetentionDays', ParameterValue: '1' }] },
      ],
    });
  });

  test('leaves out the cross-region and lock controls for a single-region unlocked vault', () => {
    const framework = Object.values(synth().findResources('AWS::Backup::Framework'))[0];
    const names = framework.Properties.FrameworkControls.map((c: { ControlName: string }) => c.ControlName);
    expect(names).toEqual(['BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', 'BACKUP_RECOVERY_POINT_ENCRYPTED', 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED']);
  });

  test('delivers the compliance report to an encrypted, access-logged, non-public bucket', () => {
    const template = synth();
    template.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportDeliveryChannel: { S3BucketName: { Ref: Match.stringLikeRegexp('^VaultAuditReportBucket') }, S3KeyPrefix: 'backup-audit', Formats: ['CSV', 'JSON'] },
      ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultAuditFramework'), 'FrameworkArn'] }] },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'test-vault-audit-reports-123456789012',
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() }, BucketKeyEnabled: true }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^VaultAccessLogsBucket') }, LogFilePrefix: 'test-vault-audit-reports-123456789012/' },
    });
  });

  test('can be turned off', () => {
    const template = synth({ compliance: { enabled: false } });
    template.resourceCountIs('AWS::Backup::Framework', 0);
    template.resourceCountIs('AWS::Backup::ReportPlan', 0);
  });
});

describe('EncryptedBackupVault restore testing', () => {
  test('drills every restore-tested tier daily from this vault, latest recovery point first', () => {
    const template = synth({ policy: BackupPolicy.seedTiers().withoutCopies() });
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'test_vault_drills',
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault'), 'BackupVaultArn'] }],
        RecoveryPointTypes: ['SNAPSHOT'],
        SelectionWindowDays: 7,
      },
    });
    template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 2);
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'RDS',
      ProtectedResourceArns: ['*'],
      ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/resilience:backup-tier', Value: 'postgres' }] },
    });
  });

  test('is not created when no tier names a restore-test resource type', () => {
    synth({ policy: BackupPolicy.of([BackupPolicy.incrementalTier()]), copyDestinations: [westCopy] }).resourceCountIs('AWS::Backup::RestoreTestingPlan', 0);
  });
});

describe('EncryptedBackupVault cluster backup storage', () => {
  test('creates the Velero bucket encrypted with the region key, versioned, logged, private, and a policy scoped to it', () => {
    const stack = testStack();
    const vault = vaultIn(stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'test-vault-velero-123456789012',
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'test-vault-velero-123456789012/' }),
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ListBucket', Action: 's3:ListBucket' })]) },
    });
    expect(vault.clusterBackupTarget).toMatchObject({ bucketName: 'test-vault-velero-123456789012', region: 'us-east-1', kmsKeyAlias: 'alias/test-vault' });
  });

  test('writes access logs to an SSE-S3 bucket, the only encryption S3 log delivery supports', () => {
    synth().hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'test-vault-access-logs-123456789012',
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
  });

  test('can be turned off', () => {
    const stack = testStack();
    const vault = vaultIn(stack, { clusterBackupStorage: { enabled: false }, compliance: { enabled: false } });
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 0);
    expect(vault.clusterBackupTarget).toBeUndefined();
  });

  test('applies an explicit removal policy to the key, the vault and the buckets', () => {
    const stack = testStack();
    vaultIn(stack, { removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete' });
    template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  });
});

describe('EncryptedBackupVault validation', () => {
  const path = 'TestStack/Vault';
  const expectThrow = (props: EncryptedBackupVaultProps, message: RegExp, region = 'us-east-1') => expect(errorsOf(() => synth(props, region))).toContainEqual(expect.stringMatching(message));

  test('throws when the rotation period is outside 90–2560 days', () => {
    expectThrow({ keyRotationPeriod: Duration.days(30) }, new RegExp(`^${path}: keyRotationPeriod = 30 days: a whole number of days from 90 to 2560$`));
    expectThrow({ keyRotationPeriod: Duration.days(2561) }, /^TestStack\/Vault: keyRotationPeriod = 2561 days: a whole number of days from 90 to 2560/);
  });

  test('throws when a rotation period is given with a key of your own', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Mine');
    expect(() => vaultIn(stack, { encryptionKey: key, keyRotationPeriod: Duration.days(90) })).toThrow(/TestStack\/Vault: keyRotationPeriod = 90 days: unset when encryptionKey is given/);
  });

  test('throws when a compliance lock comes without the irreversibility opt-in', () => {
    expectThrow(
      { lock: VaultLock.compliance({ minRetention: Duration.days(1) }) },
      /TestStack\/Vault: lock = "VaultLock.compliance": set acknowledgeIrreversibleComplianceLock: true to opt in/,
    );
  });

  test('throws when the opt-in comes without a compliance lock', () => {
    expectThrow({ acknowledgeIrreversibleComplianceLock: true }, /^TestStack\/Vault: acknowledgeIrreversibleComplianceLock = true: true only together with lock: VaultLock.compliance/);
    expectThrow({ acknowledgeIrreversibleComplianceLock: true, lock: VaultLock.governance({ minRetention: Duration.days(1) }) }, /^TestStack\/Vault: acknowledgeIrreversibleComplianceLock = true: true only together with lock: VaultLock\.compliance\(\.\.\.\); a governance lock is reversible$/);
  });

  test('throws when a compliance lock can be changed for less than 72 hours', () => {
    expectThrow(
      { lock: VaultLock.compliance({ minRetention: Duration.days(1), changeableFor: Duration.hours(48) }), acknowledgeIrreversibleComplianceLock: true },
      /^TestStack\/Vault: lock.changeableFor = 2 days: at least 72 hours/,
    );
  });

  test('throws when the lock maximum is below its minimum', () => {
    expectThrow({ lock: VaultLock.governance({ minRetention: Duration.days(30), maxRetention: Duration.days(7) }) }, /^TestStack\/Vault: lock.maxRetention = 7 days: at least lock.minRetention \(30 days\)/);
  });

  test('throws when a rule keeps recovery points for less than the lock minimum', () => {
    expectThrow(
      { policy: BackupPolicy.of([BackupPolicy.complianceArchiveTier(), BackupPolicy.incrementalTier()]).withoutCopies(), lock: VaultLock.governance({ minRetention: Duration.days(7) }) },
      new RegExp(`^${path}: policy.tiers\\[1\\].rules\\[0\\].retention = 1 day: at least the vault lock's minimum retention \\(7 days\\)$`),
    );
  });

  test('throws when a rule keeps recovery points longer than the lock maximum', () => {
    expectThrow(
      { policy: BackupPolicy.of([BackupPolicy.complianceArchiveTier()]), lock: VaultLock.governance({ minRetention: Duration.days(1), maxRetention: Duration.days(365) }) },
      /^TestStack\/Vault: policy.tiers\[0\].rules\[0\].retention = 2555 days: at most the vault lock's maximum retention \(365 days\)/,
    );
  });

  test('throws when cold storage leaves less than 90 days before deletion', () => {
    const tier = { ...BackupPolicy.complianceArchiveTier(), rules: [{ ...BackupPolicy.complianceArchiveTier().rules[0], moveToColdStorageAfter: Duration.days(30), retention: Duration.days(100) }] };
    expectThrow({ policy: BackupPolicy.of([tier]) }, /^TestStack\/Vault: policy.tiers\[0\].rules\[0\].retention = 100 days: at least moveToColdStorageAfter \+ 90 days \(120 days\)/);
  });

  test('throws when a copy destination is in the vault\'s own region', () => {
    const sameRegion = EncryptedBackupVault.copyDestination({ account: '123456789012', region: 'us-east-1', vaultName: 'other', retention: Duration.days(90) });
    expectThrow({ copyDestinations: [sameRegion] }, /TestStack\/Vault: copyDestinations\[0\].region = "us-east-1": a region other than the vault's own \(us-east-1\)/);
  });

  test('throws when a copy destination region is not an AWS region', () => {
    expectThrow({ copyDestinations: [{ ...westCopy, region: 'us-west-9' }] }, /^TestStack\/Vault: copyDestinations\[0\].region = "us-west-9": an AWS region code/);
  });

  test('throws when a copy retention is below the destination lock minimum', () => {
    const locked = EncryptedBackupVault.copyDestination({
      account: '123456789012',
      region: 'us-west-2',
      vaultName: 'locked',
      retention: Duration.days(14),
      lock: VaultLock.governance({ minRetention: Duration.days(30) }),
    });
    expectThrow({ copyDestinations: [locked] }, /^TestStack\/Vault: copyDestinations\[0\].retention = 14 days: at least the destination vault lock's minimum retention \(30 days\)/);
  });

  test('throws when a rule asks for copies but the vault has no destination', () => {
    expectThrow({ policy: BackupPolicy.of([BackupPolicy.incrementalTier()]) }, /^TestStack\/Vault: policy.tiers\[0\].rules\[1\].copyToOtherRegions = true: false, or give the vault copyDestinations/);
  });

  test('throws when a plan has no selection', () => {
    const tier = { name: 'orphan', rules: [{ name: 'daily', schedule: BackupSchedule.daily({ hour: 1 }), retention: Duration.days(7) }] };
    expectThrow({ policy: BackupPolicy.of([tier]) }, /^TestStack\/Vault: policy.tiers\[0\].awsSelection = undefined: a selection for tier "orphan"/);
    expectThrow({ policy: BackupPolicy.of([{ ...tier, awsSelection: { tags: {} } }]) }, /^TestStack\/Vault: policy.tiers\[0\].awsSelection = \{"tags":\{\}\}: a selection for tier "orphan"/);
  });

  test('throws when a tier\'s RPO is shorter than its schedule can meet without continuous backup', () => {
    const tier = {
      name: 'db',
      rpo: Duration.hours(1),
      rules: [{ name: 'daily', schedule: BackupSchedule.daily({ hour: 3 }), retention: Duration.days(7) }],
      awsSelection: { tags: { app: 'db' } },
    };
    expectThrow({ policy: BackupPolicy.of([tier]) }, /^TestStack\/Vault: policy.tiers\[0\].rpo = 1 hour: an RPO the schedule can meet: the most frequent rule of tier "db" runs every 1 day/);
    // THEN the same tier with continuous backup is accepted
    expect(() => synth({ policy: BackupPolicy.of([{ ...tier, rules: [{ ...tier.rules[0], continuousBackup: true }] }]) })).not.toThrow();
  });

  test('throws when continuous backup is kept longer than 35 days (so it can never reach cold storage)', () => {
    const base = { name: 'db', rules: [], awsSelection: { tags: { app: 'db' } } };
    const rule = { name: 'daily', schedule: BackupSchedule.daily({ hour: 3 }), continuousBackup: true };
    expectThrow({ policy: BackupPolicy.of([{ ...base, rules: [{ ...rule, retention: Duration.days(36) }] }]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\].retention = 36 days: at most 35 days when continuousBackup is on/);
    expectThrow(
      { policy: BackupPolicy.of([{ ...base, rules: [{ ...rule, retention: Duration.days(30), moveToColdStorageAfter: Duration.days(1) }] }]) },
      /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\].retention = 30 days: at least moveToColdStorageAfter \+ 90 days/,
    );

  });

  test('throws when a cluster-only tier asks for what only AWS Backup can do', () => {
    const redis = BackupPolicy.redisTier();
    expectThrow(
      { policy: BackupPolicy.of([{ ...redis, rules: [{ ...redis.rules[0], retention: Duration.days(200), moveToColdStorageAfter: Duration.days(30) }] }]) },
      /^TestStack\/Vault: policy.tiers\[0\].rules\[0\].moveToColdStorageAfter = 30 days: unset for a tier without awsSelection: Velero has no cold storage/,
    );
    expectThrow({ policy: BackupPolicy.of([{ ...redis, rules: [{ ...redis.rules[0], copyToOtherRegions: true }] }]), copyDestinations: [westCopy] }, /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\]\.copyToOtherRegions = true: false for a tier without awsSelection/);
  });

  test('throws when schedule parts are out of range', () => {
    const tier = (schedule: BackupSchedule) => ({ name: 't', rules: [{ name: 'r', schedule, retention: Duration.days(7) }], awsSelection: { tags: { a: 'b' } } });
    expectThrow({ policy: BackupPolicy.of([tier(BackupSchedule.everyHours(5))]) }, /^TestStack\/Vault: policy.tiers\[0\].rules\[0\].schedule.hours = 5: one of 1, 2, 3, 4, 6, 8, 12/);
    expectThrow({ policy: BackupPolicy.of([tier(BackupSchedule.daily({ hour: 24 }))]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\]\.schedule.hour = 24: an integer from 0 to 23$/);
    expectThrow({ policy: BackupPolicy.of([tier(BackupSchedule.monthly(31, { hour: 1 }))]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\]\.schedule.dayOfMonth = 31: an integer from 1 to 28$/);
  });

  test('throws when the completion window is not at least an hour longer than the start window', () => {
    const tier = { name: 't', rules: [{ name: 'r', schedule: BackupSchedule.daily({ hour: 1 }), retention: Duration.days(7), startWindow: Duration.hours(2), completionWindow: Duration.hours(2) }], awsSelection: { tags: { a: 'b' } } };
    expectThrow({ policy: BackupPolicy.of([tier]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\].completionWindow = 2 hours: at least startWindow \+ 1 hour \(3 hours\)/);
  });

  test('throws when two tiers share a name', () => {
    expectThrow({ policy: BackupPolicy.of([BackupPolicy.redisTier(), BackupPolicy.redisTier()]) }, /^TestStack\/Vault: policy.tiers\[\].name = "redis": each value at most once/);
  });

  test('throws when the vault name cannot name its buckets', () => {
    expectThrow({ vaultName: 'Has_Underscore' }, /TestStack\/Vault: vaultName = "Has_Underscore": a name from which valid S3 bucket names derive/);
    expectThrow({ vaultName: 'x' }, /^TestStack\/Vault: vaultName = "x": 2 to 50 letters, digits, hyphens or underscores/);
    expectThrow(
      { vaultName: 'a'.repeat(44), policy: BackupPolicy.of([BackupPolicy.postgresTier()]).withoutCopies() },
      /^TestStack\/Vault: vaultName = "a{44}": at most 43 characters while restore testing is on/,
    );
  });

  test('throws when a restore-test resource type is not one AWS Backup can restore-test', () => {
    const tier = { ...BackupPolicy.postgresTier(), awsSelection: { tags: { a: 'b' }, restoreTestResourceType: 'Redis' } };
    expectThrow({ policy: BackupPolicy.of([tier]).withoutCopies() }, /^TestStack\/Vault: policy\.tiers\[0\]\.awsSelection.restoreTestResourceType = "Redis": one of Aurora, DocumentDB/);
  });

  test('throws when the audit frequency is not one Audit Manager accepts', () => {
    expectThrow({ compliance: { maxBackupInterval: Duration.hours(5) } }, /^TestStack\/Vault: compliance.maxBackupInterval = 5 hours: 1, 2, 3, 4, 6, 8, 12 hours, or a whole number of days from 1 to 31/);
  });

  test('throws when two copy destinations share a region', () => {
    expectThrow({ copyDestinations: [westCopy, westCopy] }, /^TestStack\/Vault: copyDestinations\[\]\.region = "us-west-2": each value at most once$/);
  });

  test('throws when a copy retention is above the destination lock maximum', () => {
    const locked = EncryptedBackupVault.copyDestination({
      account: '123456789012',
      region: 'us-west-2',
      vaultName: 'locked',
      retention: Duration.days(400),
      lock: VaultLock.governance({ minRetention: Duration.days(1), maxRetention: Duration.days(365) }),
    });
    expectThrow({ copyDestinations: [locked] }, /^TestStack\/Vault: copyDestinations\[0\]\.retention = 400 days: at most the destination vault lock's maximum retention \(365 days\)$/);
  });

  test('throws when cluster backup noncurrent versions expire outside 1–3650 days', () => {
    expectThrow(
      { clusterBackupStorage: { noncurrentVersionExpiration: Duration.days(3651) } },
      /^TestStack\/Vault: clusterBackupStorage\.noncurrentVersionExpiration = 3651 days: a whole number of days from 1 to 3650$/,
    );
  });

  test('throws when the audited minimum retention is outside 1–36500 days', () => {
    expectThrow({ compliance: { minRetention: Duration.days(36501) } }, /^TestStack\/Vault: compliance\.minRetention = 36501 days: a whole number of days from 1 to 36500$/);
  });

  test('throws when a report format is neither CSV nor JSON', () => {
    expectThrow({ compliance: { reportFormats: ['CSV', 'XML'] } }, /^TestStack\/Vault: compliance\.reportFormats = "XML": "CSV" or "JSON"$/);
  });

  test('throws when the restore testing schedule, selection window or validation window is out of range', () => {
    expectThrow({ restoreTesting: { schedule: BackupSchedule.daily({ hour: 24 }) } }, /^TestStack\/Vault: restoreTesting\.schedule\.hour = 24: an integer from 0 to 23$/);
    expectThrow({ restoreTesting: { selectionWindow: Duration.days(366) } }, /^TestStack\/Vault: restoreTesting\.selectionWindow = 366 days: a whole number of days from 1 to 365$/);
    expectThrow({ restoreTesting: { validationWindowHours: 169 } }, /^TestStack\/Vault: restoreTesting\.validationWindowHours = 169: an integer from 1 to 168 hours$/);
  });

  test('throws when a lock retention is outside 1–36500 days', () => {
    expectThrow({ lock: VaultLock.governance({ minRetention: Duration.days(36501) }) }, /^TestStack\/Vault: lock\.minRetention = 36501 days: a whole number of days from 1 to 36500$/);
    expectThrow(
      { lock: VaultLock.governance({ minRetention: Duration.days(1), maxRetention: Duration.days(36501) }) },
      /^TestStack\/Vault: lock\.maxRetention = 36501 days: a whole number of days from 1 to 36500$/,
    );
  });

  test('throws when a tier or rule name is not a short DNS label', () => {
    const rule = { name: 'daily', schedule: BackupSchedule.daily({ hour: 1 }), retention: Duration.days(7) };
    expectThrow(
      { policy: BackupPolicy.of([{ name: 'Orders', rules: [rule], awsSelection: { tags: { a: 'b' } } }]) },
      /^TestStack\/Vault: policy\.tiers\[0\]\.name = "Orders": lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 40 characters$/,
    );
    expectThrow(
      { policy: BackupPolicy.of([{ name: 'orders', rules: [{ ...rule, name: 'every-single-day-at-one' }], awsSelection: { tags: { a: 'b' } } }]) },
      /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\]\.name = "every-single-day-at-one": lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 20 characters$/,
    );
  });

  test('throws when a tier has no rules or two rules share a name', () => {
    const rule = { name: 'daily', schedule: BackupSchedule.daily({ hour: 1 }), retention: Duration.days(7) };
    expectThrow({ policy: BackupPolicy.of([{ name: 'orders', rules: [], awsSelection: { tags: { a: 'b' } } }]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.rules = \[\]: at least one rule$/);
    expectThrow(
      { policy: BackupPolicy.of([{ name: 'orders', rules: [rule, rule], awsSelection: { tags: { a: 'b' } } }]) },
      /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[\]\.name = "daily": each value at most once$/,
    );
  });

  test('throws when a rule keeps recovery points outside 1–36500 days', () => {
    const tier = { name: 't', rules: [{ name: 'r', schedule: BackupSchedule.daily({ hour: 1 }), retention: Duration.days(36501) }], awsSelection: { tags: { a: 'b' } } };
    expectThrow({ policy: BackupPolicy.of([tier]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\]\.retention = 36501 days: a whole number of days from 1 to 36500$/);
  });

  test('throws when a cluster-only tier asks for continuous backup', () => {
    const redis = BackupPolicy.redisTier();
    expectThrow(
      { policy: BackupPolicy.of([{ ...redis, rules: [{ ...redis.rules[0], continuousBackup: true }] }]) },
      /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\]\.continuousBackup = true: false for a tier without awsSelection: Velero has no continuous backup$/,
    );
  });

  test('throws when the start window is shorter than an hour', () => {
    const tier = { name: 't', rules: [{ name: 'r', schedule: BackupSchedule.daily({ hour: 1 }), retention: Duration.days(7), startWindow: Duration.minutes(30) }], awsSelection: { tags: { a: 'b' } } };
    expectThrow({ policy: BackupPolicy.of([tier]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\]\.startWindow = 30 minutes: at least 1 hour$/);
  });

  test('throws when the schedule minute or month is out of range', () => {
    const tier = (schedule: BackupSchedule) => ({ name: 't', rules: [{ name: 'r', schedule, retention: Duration.days(7) }], awsSelection: { tags: { a: 'b' } } });
    expectThrow({ policy: BackupPolicy.of([tier(BackupSchedule.daily({ hour: 1, minute: 60 }))]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\]\.schedule\.minute = 60: an integer from 0 to 59$/);
    expectThrow({ policy: BackupPolicy.of([tier(BackupSchedule.yearly(13, 1, { hour: 1 }))]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\]\.schedule\.month = 13: an integer from 1 to 12$/);
  });

  test('throws when adding resources to a tier the vault has no plan for', () => {
    const stack = testStack();
    const vault = vaultIn(stack, { policy: BackupPolicy.of([BackupPolicy.complianceArchiveTier()]) });
    expect(() => vault.addResources('redis', backup.BackupResource.fromArn('arn:aws:s3:::b'))).toThrow(/TestStack\/Vault: addResources.tierName = "redis": the name of a tier with awsSelection: "compliance-archive"/);
  });
});

describe('EncryptedBackupVault cross-region copies on overlapping rules', () => {
  const dailyAndWeekly = (weeklyCopies: boolean, weeklyRetention = 30) => ({
    name: 'db',
    rules: [
      { name: 'daily', schedule: BackupSchedule.daily({ hour: 3 }), retention: Duration.days(7), copyToOtherRegions: true },
      { name: 'weekly', schedule: BackupSchedule.weekly(WeekDay.SUNDAY, { hour: 3 }), retention: Duration.days(weeklyRetention), copyToOtherRegions: weeklyCopies },
    ],
    awsSelection: { tags: { app: 'db' } },
  });

  test('the seed tiers copy on every rule that can win the 03:00 window', () => {
    const plan = Object.values(synth({ policy: BackupPolicy.of([BackupPolicy.fullClusterTier()]), copyDestinations: [westCopy] }).findResources('AWS::Backup::BackupPlan'))[0];
    const rules = plan.Properties.BackupPlan.BackupPlanRule as { RuleName: string; CopyActions?: unknown[] }[];
    expect(rules.map((r) => [r.RuleName, r.CopyActions?.length ?? 0])).toEqual([
      ['full-cluster-daily', 1],
      ['full-cluster-weekly', 1],
      ['full-cluster-monthly', 1],
      ['full-cluster-yearly', 1],
    ]);
  });

  test('throws when a longer-kept rule overlapping a copying rule does not copy', () => {
    expect(errorsOf(() => synth({ policy: BackupPolicy.of([dailyAndWeekly(false)]), copyDestinations: [westCopy] }))).toEqual([
      'TestStack/Vault: policy.tiers[0].rules[1].copyToOtherRegions = false: true, or a start window that does not overlap rule "daily" (they overlap e.g. in the window starting 2001-01-07T03:00Z): it keeps recovery points longer (30 against 7 days), so AWS Backup runs it instead of "daily" and the copy to the other regions is lost on those days',
    ]);
  });

  test('throws when an overlapping rule keeps as long but does not copy (AWS does not say which wins)', () => {
    expect(errorsOf(() => synth({ policy: BackupPolicy.of([dailyAndWeekly(false, 7)]), copyDestinations: [westCopy] }))).toEqual([
      expect.stringMatching(/^TestStack\/Vault: policy\.tiers\[0\]\.rules\[1\]\.copyToOtherRegions = false: true, or a start window that does not overlap rule "daily" .*: it keeps recovery points as long as "daily", so AWS Backup may run either/),
    ]);
  });

  test('accepts a staggered rule, a shorter-kept rule that does not copy, and Velero-only tiers', () => {
    const staggered = { ...dailyAndWeekly(false), rules: [dailyAndWeekly(false).rules[0], { ...dailyAndWeekly(false).rules[1], schedule: BackupSchedule.weekly(WeekDay.SUNDAY, { hour: 5 }) }] };
    expect(errorsOf(() => synth({ policy: BackupPolicy.of([staggered, BackupPolicy.incrementalTier(), BackupPolicy.configurationTier()]), copyDestinations: [westCopy] }))).toEqual([]);
  });
});

describe('EncryptedBackupVault cluster backup replication and Object Lock', () => {
  const westReplica = EncryptedBackupVault.clusterBackupReplica({ account: '123456789012', region: 'us-west-2', vaultName: 'test-vault-west' });

  test('replicates every object of the Velero bucket to each replica, re-encrypted with the destination region\'s key', () => {
    const template = synth({ clusterBackupStorage: { replicateTo: [westReplica] } });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'test-vault-velero-123456789012',
      ReplicationConfiguration: {
        Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultClusterBackupReplicationRole'), 'Arn'] },
        Rules: [
          {
            Id: 'to-us-west-2',
            Priority: 0,
            Status: 'Enabled',
            Filter: { Prefix: '' },
            DeleteMarkerReplication: { Status: 'Enabled' },
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            Destination: {
              Bucket: 'arn:aws:s3:::test-vault-west-velero-123456789012',
              Account: '123456789012',
              EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:123456789012:alias/test-vault-west' },
              Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
            },
          },
        ],
      },
    });
  });

  test('gives replication a role only S3 for this bucket and account can assume, with the destination key matched by alias', () => {
    const template = synth({ clusterBackupStorage: { replicateTo: [westReplica] } });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 's3.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::test-vault-velero-123456789012' } },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'WriteReplicas', Action: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'], Resource: 'arn:aws:s3:::test-vault-west-velero-123456789012/*' }),
          Match.objectLike({
            Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
            Resource: 'arn:aws:kms:us-west-2:123456789012:key/*',
            Condition: { 'StringEquals': { 'kms:ViaService': 's3.us-west-2.amazonaws.com' }, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/test-vault-west'] } },
          }),
        ]),
      },
    });
  });

  test('does not replicate without replicas', () => {
    const bucket = Object.values(synth().findResources('AWS::S3::Bucket', { Properties: { BucketName: 'test-vault-velero-123456789012' } }))[0];
    expect(bucket.Properties.ReplicationConfiguration).toBeUndefined();
  });

  test.each([
    ['governance', VaultLock.governance({ minRetention: Duration.days(7) }), 'GOVERNANCE'],
    ['compliance', VaultLock.compliance({ minRetention: Duration.days(7) }), 'COMPLIANCE'],
  ])('locks Velero objects in the vault lock\'s mode (%s) for its minimum retention', (_mode, lock, mode) => {
    synth({ lock, acknowledgeIrreversibleComplianceLock: lock.mode === 'compliance' || undefined }).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'test-vault-velero-123456789012',
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: mode, Days: 7 } } },
    });
  });

  test('enables Object Lock without a default retention when the vault is not locked, and never on the access-log bucket', () => {
    const template = synth();
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'test-vault-velero-123456789012', ObjectLockEnabled: true, ObjectLockConfiguration: Match.absent() });
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'test-vault-access-logs-123456789012', ObjectLockEnabled: Match.absent() });
  });

  test('sends object events of every bucket to EventBridge', () => {
    synth().allResourcesProperties('AWS::S3::Bucket', { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } });
  });
});

describe('EncryptedBackupVault least privilege', () => {
  function statements(template: Template, type: string, match: object): { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown>; Principal?: unknown }[] {
    return Object.values(template.findResources(type, match)).flatMap((r) => r.Properties.PolicyDocument?.Statement ?? r.Properties.KeyPolicy.Statement);
  }
  const actions = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  test('lets Velero delete and restore only snapshots carrying velero.io/backup, and tag only while creating', () => {
    const velero = statements(synth(), 'AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('^What Velero needs') } });
    const ec2Writes = velero.filter((s) => actions(s).some((a) => a.startsWith('ec2:') && !a.startsWith('ec2:Describe')));
    expect(ec2Writes.filter((s) => s.Resource === '*')).toEqual([]);
    expect(velero.find((s) => actions(s).includes('ec2:DeleteSnapshot'))).toMatchObject({
      Resource: 'arn:aws:ec2:us-east-1::snapshot/*',
      Condition: { Null: { 'aws:ResourceTag/velero.io/backup': 'false' } },
    });
    expect(velero.find((s) => actions(s).includes('ec2:CreateTags'))).toMatchObject({ Condition: { StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateVolume'] } } });
    expect(velero.filter((s) => s.Resource === '*').flatMap(actions)).toEqual(['ec2:DescribeSnapshots', 'ec2:DescribeVolumes']);
  });

  test('lets EventBridge publish to the failure topic and use the key only for the vault\'s own failure rule', () => {
    const template = synth();
    template.hasResourceProperties('AWS::Events::Rule', { Name: 'test-vault-failures' });
    const ruleArn = 'arn:aws:events:us-east-1:123456789012:rule/test-vault-failures';
    const fromEvents = (s: { Principal?: unknown }) => JSON.stringify(s.Principal ?? {}).includes('events.amazonaws.com');
    const topic = statements(template, 'AWS::SNS::TopicPolicy', {}).filter(fromEvents);
    const key = statements(template, 'AWS::KMS::Key', {}).filter(fromEvents);
    expect(topic).toHaveLength(1);
    expect(key).toHaveLength(1);
    for (const s of [...topic, ...key]) {
      expect(s.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': ruleArn }, StringEquals: { 'aws:SourceAccount': '123456789012' } });
    }
  });

  test('denies KMS grants that are not for AWS resources, and allows them to AWS Backup only for AWS resources', () => {
    const key = statements(synth(), 'AWS::KMS::Key', {});
    expect(key.find((s) => s.Sid === 'DenyGrantsNotForAwsResources')).toMatchObject({
      Effect: 'Deny',
      Action: 'kms:CreateGrant',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    });
    const grants = key.filter((s) => s.Effect === 'Allow' && actions(s).includes('kms:CreateGrant'));
    expect(grants).toEqual([expect.objectContaining({ Condition: expect.objectContaining({ Bool: { 'kms:GrantIsForAWSResource': 'true' } }) })]);
  });
});

describe('EncryptedBackupVault hardened validation', () => {
  const expectErrors = (props: EncryptedBackupVaultProps, ...messages: RegExp[]) =>
    expect(errorsOf(() => synth(props))).toEqual(expect.arrayContaining(messages.map((m) => expect.stringMatching(m))));

  test('throws when there is no break-glass role and no acknowledgement (the default)', () => {
    const stack = testStack();
    expect(() => new EncryptedBackupVault(stack, 'Vault', { vaultName: 'test-vault' })).toThrow(
      /^TestStack\/Vault: breakGlassRoleArns = \[\]: at least one IAM role ARN, or acknowledgeNoBreakGlass: true: without a break-glass role nobody can ever delete a recovery point or change the vault's access policy or lock again$/,
    );
  });

  test('throws when break-glass roles come with the no-break-glass acknowledgement', () => {
    expectErrors({ acknowledgeNoBreakGlass: true }, /^TestStack\/Vault: acknowledgeNoBreakGlass = true: true only when breakGlassRoleArns is empty/);
  });

  test.each([
    ['arn:aws:iam::123456789012:user/break-glass', 'not a role'],
    ['arn:aws-cn:iam::123456789012:role/break-glass', 'another partition'],
    ['arn:aws:iam::12345678901:role/break-glass', 'an 11-digit account'],
    ['arn:aws:iam::123456789012:role/break glass', 'a space in the name'],
    ['arn:aws:iam::123456789012:role/', 'no name'],
  ])('throws when a break-glass ARN is malformed: %s (%s)', (arn) => {
    const escaped = arn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    expectErrors({ breakGlassRoleArns: [arn] }, new RegExp(`^TestStack/Vault: breakGlassRoleArns\\[0\\] = "${escaped}": an IAM role ARN arn:aws:iam::<12-digit account>:role/<optional path/><name>`));
  });

  test('accepts role ARNs with a path, and a token from a role of the stack', () => {
    const stack = testStack();
    const role = new iam.Role(stack, 'Ops', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => vaultIn(stack, { breakGlassRoleArns: ['arn:aws:iam::123456789012:role/ops/break-glass', role.roleArn] })).not.toThrow();
  });

  test('throws when a break-glass ARN is given twice', () => {
    expectErrors({ breakGlassRoleArns: [BREAK_GLASS, BREAK_GLASS] }, /^TestStack\/Vault: breakGlassRoleArns\[\] = "arn:aws:iam::123456789012:role\/break-glass": each value at most once$/);
  });

  test('throws when a copy destination ARN is malformed, in another region or partition, or a token', () => {
    expectErrors(
      { copyDestinations: [{ ...westCopy, vaultArn: 'arn:aws:backup:us-west-2:1234:backup-vault:west' }] },
      /^TestStack\/Vault: copyDestinations\[0\]\.vaultArn = "arn:aws:backup:us-west-2:1234:backup-vault:west": a literal backup vault ARN arn:aws:backup:<region>:<12-digit account>:backup-vault:/,
    );
    expectErrors(
      { copyDestinations: [{ ...westCopy, vaultArn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:west' }] },
      /^TestStack\/Vault: copyDestinations\[0\]\.vaultArn = "arn:aws:backup:eu-west-1:123456789012:backup-vault:west": the ARN of a vault in copyDestinations\[0\]\.region \(us-west-2\), not in eu-west-1$/,
    );
    expectErrors({ copyDestinations: [{ ...westCopy, vaultArn: 'arn:aws-cn:backup:us-west-2:123456789012:backup-vault:west' }] }, /^TestStack\/Vault: copyDestinations\[0\]\.vaultArn = "arn:aws-cn:/);
    const stack = testStack();
    const other = new backup.BackupVault(stack, 'Other');
    expect(errorsOf(() => vaultIn(stack, { copyDestinations: [{ ...westCopy, vaultArn: other.backupVaultArn }] }))).toContainEqual(
      expect.stringMatching(/^TestStack\/Vault: copyDestinations\[0\]\.vaultArn = .*a token would be a cross-region reference/),
    );
  });

  test('derives the partition of copy destinations from their region', () => {
    expect(EncryptedBackupVault.copyDestination({ account: '123456789012', region: 'cn-north-1', vaultName: 'v', retention: Duration.days(1) }).vaultArn).toBe('arn:aws-cn:backup:cn-north-1:123456789012:backup-vault:v');
    expect(errorsOf(() => synth({ breakGlassRoleArns: ['arn:aws-cn:iam::123456789012:role/bg'], copyDestinations: [EncryptedBackupVault.copyDestination({ account: '123456789012', region: 'cn-northwest-1', vaultName: 'west', retention: Duration.days(90) })] }, 'cn-north-1'))).toEqual([]);
  });

  test('throws when replicas are in the vault\'s region, another account, badly named, or given without storage', () => {
    const replica = EncryptedBackupVault.clusterBackupReplica({ account: '123456789012', region: 'us-west-2', vaultName: 'west' });
    expectErrors(
      { clusterBackupStorage: { replicateTo: [{ ...replica, region: 'us-east-1' }, { ...replica, region: 'eu-west-1', account: '210987654321', bucketName: 'Bad_Name', kmsKeyAlias: 'west' }] } },
      /^TestStack\/Vault: clusterBackupStorage\.replicateTo\[0\]\.region = "us-east-1": a region other than the bucket's own \(us-east-1\)/,
      /^TestStack\/Vault: clusterBackupStorage\.replicateTo\[1\]\.account = "210987654321": the vault's own account \(123456789012\)/,
      /^TestStack\/Vault: clusterBackupStorage\.replicateTo\[1\]\.bucketName = "Bad_Name": a literal S3 bucket name/,
      /^TestStack\/Vault: clusterBackupStorage\.replicateTo\[1\]\.kmsKeyAlias = "west": a literal customer-managed key alias "alias\/<name>"/,
    );
    expectErrors({ clusterBackupStorage: { enabled: false, replicateTo: [replica] } }, /^TestStack\/Vault: clusterBackupStorage\.replicateTo = \["us-west-2"\]: empty when clusterBackupStorage\.enabled is false/);
  });

  test('throws when a plan or rule name would exceed AWS Backup\'s 50 characters', () => {
    const rule = { name: 'a'.repeat(20), schedule: BackupSchedule.daily({ hour: 1 }), retention: Duration.days(7) };
    expectErrors(
      { vaultName: 'v'.repeat(20), policy: BackupPolicy.of([{ name: 't'.repeat(35), rules: [rule], awsSelection: { tags: { a: 'b' } } }]) },
      /^TestStack\/Vault: policy\.tiers\[0\]\.name = "t{35}": at most 29 characters with this vault name: the backup plan is named <vaultName>-<tier name>, at most 50 characters$/,
      /^TestStack\/Vault: policy\.tiers\[0\]\.rules\[0\]\.name = "a{20}": at most 14 characters in tier "t{35}": the backup rule is named <tier name>-<rule name>, at most 50 characters$/,
    );
  });

  test('throws when a cluster selection names invalid or contradictory namespaces or labels', () => {
    const redis = BackupPolicy.redisTier();
    expectErrors(
      { policy: BackupPolicy.of([{ ...redis, clusterSelection: { includedNamespaces: ['Apps', 'data'], excludedNamespaces: ['data'], matchLabels: { 'bad key!': 'x', app: 'not valid' } } }]) },
      /^TestStack\/Vault: policy\.tiers\[0\]\.clusterSelection\.includedNamespaces\[0\] = "Apps": lowercase letters/,
    );
    expectErrors({ policy: BackupPolicy.of([{ ...redis, clusterSelection: { includedNamespaces: ['data'], excludedNamespaces: ['data'] } }]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.clusterSelection\.excludedNamespaces = "data": namespaces not also in includedNamespaces/);
    expectErrors({ policy: BackupPolicy.of([{ ...redis, clusterSelection: { matchLabels: { 'bad key!': 'x' } } }]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.clusterSelection\.matchLabels = "bad key!": label keys/);
    expectErrors({ policy: BackupPolicy.of([{ ...redis, clusterSelection: { matchLabels: { app: 'not valid' } } }]) }, /^TestStack\/Vault: policy\.tiers\[0\]\.clusterSelection\.matchLabels\["app"\] = "not valid": a label value/);
  });

  test('throws when the vault name starts with a digit while compliance is on', () => {
    expectErrors({ vaultName: '1vault' }, /^TestStack\/Vault: vaultName = "1vault": a name starting with a letter while compliance or restore testing is on/);
  });

  test('throws, naming env.region and env.account, in an env-agnostic stack instead of leaking tokens', () => {
    const stack = new Stack(unitTestApp(), 'Agnostic');
    expect(errorsOf(() => new EncryptedBackupVault(stack, 'Vault', { vaultName: 'v-x', breakGlassRoleArns: [BREAK_GLASS] }))).toEqual([
      expect.stringMatching(/^Agnostic\/Vault: env\.region = "\$\{Token\[AWS\.Region\.\d+\]\}": a concrete region on the stack \(new Stack\(app, id, \{ env: \{ account, region \} \}\)\)/),
      expect.stringMatching(/^Agnostic\/Vault: env\.account = "\$\{Token\[AWS\.AccountId\.\d+\]\}": a concrete 12-digit account on the stack/),
    ]);
  });

  test('reports every error of the props together, each in the house format', () => {
    const error = (() => {
      try {
        synth({ keyRotationPeriod: Duration.days(30), breakGlassRoleArns: ['nope'], copyDestinations: [{ ...westCopy, region: 'us-east-1' }], lock: VaultLock.governance({ minRetention: Duration.days(36501) }) });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message.split('\n')).toEqual([
      '4 validation errors:',
      expect.stringMatching(/^ {2}- TestStack\/Vault: keyRotationPeriod = 30 days: /),
      expect.stringMatching(/^ {2}- TestStack\/Vault: lock\.minRetention = 36501 days: /),
      expect.stringMatching(/^ {2}- TestStack\/Vault: breakGlassRoleArns\[0\] = "nope": /),
      expect.stringMatching(/^ {2}- TestStack\/Vault: copyDestinations\[0\]\.region = "us-east-1": a region other than the vault's own/),
    ]);
  });

  test('puts the construct path in front of what aws-cdk-lib rejects', () => {
    const tier = { name: 't', rules: [{ name: 'r', schedule: BackupSchedule.daily({ hour: 1 }), retention: Duration.days(7), startWindow: Duration.seconds(3630) }], awsSelection: { tags: { a: 'b' } } };
    expect(() => synth({ policy: BackupPolicy.of([tier]) })).toThrow(/^TestStack\/Vault: .*whole number of minutes/);
  });
});

describe('EncryptedBackupVault collisions and remaining identifiers', () => {
  const expectErrors = (props: EncryptedBackupVaultProps, ...messages: RegExp[]) =>
    expect(errorsOf(() => synth(props))).toEqual(expect.arrayContaining(messages.map((m) => expect.stringMatching(m))));
  const replica = EncryptedBackupVault.clusterBackupReplica({ account: '123456789012', region: 'us-west-2', vaultName: 'west' });

  test('throws when two vaults of one stack share a name', () => {
    const stack = testStack();
    vaultIn(stack);
    expect(() => new EncryptedBackupVault(stack, 'Second', { vaultName: 'test-vault', breakGlassRoleArns: [BREAK_GLASS] })).toThrow(
      /^TestStack\/Second: vaultName = "test-vault": a name no other EncryptedBackupVault of this stack has/,
    );
  });

  test('throws when replicas share a region or name an account that is not 12 digits', () => {
    expectErrors(
      { clusterBackupStorage: { replicateTo: [replica, { ...replica, account: '12345', bucketName: 'other-bucket' }] } },
      /^TestStack\/Vault: clusterBackupStorage\.replicateTo\[\]\.region = "us-west-2": each value at most once$/,
      /^TestStack\/Vault: clusterBackupStorage\.replicateTo\[1\]\.account = "12345": a 12-digit AWS account id$/,
    );
    expectErrors({ clusterBackupStorage: { replicateTo: [replica, { ...replica, region: 'eu-west-1' }] } }, /^TestStack\/Vault: clusterBackupStorage\.replicateTo\[\]\.bucketName = "west-velero-123456789012": each value at most once$/);
  });

  test('throws when a cluster selection asks for both volume snapshots and file-system backup', () => {
    expectErrors(
      { policy: BackupPolicy.of([{ ...BackupPolicy.redisTier(), clusterSelection: { fileSystemBackup: true, snapshotVolumes: true } }]) },
      /^TestStack\/Vault: policy\.tiers\[0\]\.clusterSelection\.snapshotVolumes = true: false or unset when fileSystemBackup is on/,
    );
  });

  test('throws when a report format is listed twice or a cluster selection includes no namespace', () => {
    expectErrors({ compliance: { reportFormats: ['CSV', 'CSV'] } }, /^TestStack\/Vault: compliance\.reportFormats = "CSV": each value at most once$/);
    expectErrors(
      { policy: BackupPolicy.of([{ ...BackupPolicy.redisTier(), clusterSelection: { includedNamespaces: [] } }]) },
      /^TestStack\/Vault: policy\.tiers\[0\]\.clusterSelection\.includedNamespaces = \[\]: at least one namespace, or \["\*"\]/,
    );
  });

  test('throws when resources added to a tier are none', () => {
    const stack = testStack();
    const vault = vaultIn(stack, { policy: BackupPolicy.of([BackupPolicy.complianceArchiveTier()]) });
    expect(() => vault.addResources('compliance-archive')).toThrow(/^TestStack\/Vault: addResources\.resources = \[\]: at least one resource$/);
  });
});
