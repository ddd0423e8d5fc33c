import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalid, isAwsRegion, requireDaysInRange, requireIntegerInRange, requireKebabName, requireUnique } from '../core';
import { BackupRuleSpec, BackupTier } from './backup-policy';
import type { EncryptedBackupVaultProps } from './encrypted-backup-vault';
import { VaultLock } from './vault-lock';

/** KMS automatic rotation bounds. */
export const KEY_ROTATION_MIN_DAYS = 90;
export const KEY_ROTATION_MAX_DAYS = 2560;
/** AWS Backup keeps a recovery point at least this long in cold storage. */
export const COLD_STORAGE_MIN_DAYS = 90;
/** Continuous backup (point-in-time recovery) retention bound. */
export const CONTINUOUS_BACKUP_MAX_DAYS = 35;
/** Compliance-mode vault lock grace period lower bound. */
export const COMPLIANCE_LOCK_MIN_CHANGEABLE_HOURS = 72;
/** Vault lock retention bounds (AWS Backup API). */
export const LOCK_RETENTION_MAX_DAYS = 36500;

/** Resource types AWS Backup restore testing can restore. */
export const RESTORE_TESTABLE_RESOURCE_TYPES: readonly string[] = [
  'Aurora', 'DocumentDB', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'FSx', 'Neptune', 'RDS', 'S3',
];

/** Rule window defaults, decided here once and used by the plan builder. */
export const DEFAULT_START_WINDOW = Duration.hours(1);
export const DEFAULT_COMPLETION_WINDOW = Duration.hours(8);

/** Restore testing plan names: `<vaultName>_drills`, at most 50 characters (AWS Backup API). */
export const RESTORE_PLAN_SUFFIX = '_drills';
const RESTORE_PLAN_NAME_MAX = 50;

const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;

/**
 * Every rule of `EncryptedBackupVault`, in one place. Runs in the constructor, before any resource
 * exists, so a bad policy fails `cdk synth` with one clear message rather than a CloudFormation
 * rollback at deploy time.
 */
export function validateVaultProps(scope: IConstruct, props: EncryptedBackupVaultProps, vaultName: string, region: string): void {
  if (!Token.isUnresolved(vaultName) && !VAULT_NAME.test(vaultName)) {
    invalid(scope, 'vaultName', vaultName, '2 to 50 letters, digits, hyphens or underscores');
  }
  const drilled = (props.restoreTesting?.enabled ?? true) && (props.policy?.restoreTestedTiers.length ?? 0) > 0;
  if (drilled && !Token.isUnresolved(vaultName) && vaultName.length + RESTORE_PLAN_SUFFIX.length > RESTORE_PLAN_NAME_MAX) {
    invalid(scope, 'vaultName', vaultName, `at most ${RESTORE_PLAN_NAME_MAX - RESTORE_PLAN_SUFFIX.length} characters while restore testing is on: the restore testing plan is named <vaultName>${RESTORE_PLAN_SUFFIX}, at most ${RESTORE_PLAN_NAME_MAX} characters`);
  }

  if (props.encryptionKey && props.keyRotationPeriod) {
    invalid(scope, 'keyRotationPeriod', props.keyRotationPeriod, 'unset when encryptionKey is given (rotation is configured on the key you bring)');
  }
  if (props.keyRotationPeriod) {
    requireDaysInRange(scope, 'keyRotationPeriod', props.keyRotationPeriod, KEY_ROTATION_MIN_DAYS, KEY_ROTATION_MAX_DAYS);
  }

  validateLock(scope, props.lock, props.acknowledgeIrreversibleComplianceLock ?? false);

  const destinations = props.copyDestinations ?? [];
  requireUnique(scope, 'copyDestinations[].region', destinations.map((d) => d.region));
  destinations.forEach((destination, i) => {
    const prop = `copyDestinations[${i}]`;
    if (!isAwsRegion(destination.region)) {
      invalid(scope, `${prop}.region`, destination.region, 'an AWS region code such as "us-west-2"');
    }
    if (!Token.isUnresolved(region) && destination.region === region) {
      invalid(scope, `${prop}.region`, destination.region, `a region other than the vault's own (${region}); a copy in the same region does not survive a regional outage`);
    }
    if (destination.lockMinRetention && !destination.retention.isUnresolved() && destination.retention.toDays() < destination.lockMinRetention.toDays()) {
      invalid(scope, `${prop}.retention`, destination.retention, `at least the destination vault lock's minimum retention (${destination.lockMinRetention.toDays()} days)`);
    }
    if (destination.lockMaxRetention && !destination.retention.isUnresolved() && destination.retention.toDays() > destination.lockMaxRetention.toDays()) {
      invalid(scope, `${prop}.retention`, destination.retention, `at most the destination vault lock's maximum retention (${destination.lockMaxRetention.toDays()} days)`);
    }
  });

  validateCompliance(scope, props);
  validateRestoreTesting(scope, props);
  if (props.clusterBackupStorage?.noncurrentVersionExpiration) {
    requireDaysInRange(scope, 'clusterBackupStorage.noncurrentVersionExpiration', props.clusterBackupStorage.noncurrentVersionExpiration, 1, 3650);
  }

  const tiers = props.policy?.tiers ?? [];
  requireUnique(scope, 'policy.tiers[].name', tiers.map((t) => t.name));
  tiers.forEach((tier, i) => validateTier(scope, `policy.tiers[${i}]`, tier, props.lock, destinations.length > 0));
}

/** Hour counts Backup Audit Manager accepts for the frequency control. */
export const AUDIT_FREQUENCY_HOURS = [1, 2, 3, 4, 6, 8, 12];

function validateCompliance(scope: IConstruct, props: EncryptedBackupVaultProps): void {
  const interval = props.compliance?.maxBackupInterval;
  if (interval && !interval.isUnresolved()) {
    const hours = interval.toHours({ integral: false });
    const days = interval.toDays({ integral: false });
    if (!AUDIT_FREQUENCY_HOURS.includes(hours) && !(Number.isInteger(days) && days >= 1 && days <= 31)) {
      invalid(scope, 'compliance.maxBackupInterval', interval, `${AUDIT_FREQUENCY_HOURS.join(', ')} hours, or a whole number of days from 1 to 31`);
    }
  }
  if (props.compliance?.minRetention) {
    requireDaysInRange(scope, 'compliance.minRetention', props.compliance.minRetention, 1, LOCK_RETENTION_MAX_DAYS);
  }
  for (const format of props.compliance?.reportFormats ?? []) {
    if (format !== 'CSV' && format !== 'JSON') invalid(scope, 'compliance.reportFormats', format, '"CSV" or "JSON"');
  }
}

function validateRestoreTesting(scope: IConstruct, props: EncryptedBackupVaultProps): void {
  const restore = props.restoreTesting;
  if (!restore) return;
  restore.schedule?.validate(scope, 'restoreTesting.schedule');
  if (restore.selectionWindow) requireDaysInRange(scope, 'restoreTesting.selectionWindow', restore.selectionWindow, 1, 365);
  if (restore.validationWindowHours !== undefined) requireIntegerInRange(scope, 'restoreTesting.validationWindowHours', restore.validationWindowHours, 1, 168, 'hours');
}

function validateLock(scope: IConstruct, lock: VaultLock | undefined, acknowledged: boolean): void {
  if (!lock) {
    if (acknowledged) {
      invalid(scope, 'acknowledgeIrreversibleComplianceLock', acknowledged, 'true only together with lock: VaultLock.compliance(...)');
    }
    return;
  }
  requireDaysInRange(scope, 'lock.minRetention', lock.minRetention, 1, LOCK_RETENTION_MAX_DAYS);
  if (lock.maxRetention) {
    requireDaysInRange(scope, 'lock.maxRetention', lock.maxRetention, 1, LOCK_RETENTION_MAX_DAYS);
    if (lock.maxRetention.toDays() < lock.minRetention.toDays()) {
      invalid(scope, 'lock.maxRetention', lock.maxRetention, `at least lock.minRetention (${lock.minRetention.toDays()} days)`);
    }
  }
  if (lock.mode === 'compliance') {
    if (!acknowledged) {
      invalid(scope, 'lock', 'VaultLock.compliance', 'set acknowledgeIrreversibleComplianceLock: true to opt in: a compliance-mode lock cannot be removed once its grace period ends');
    }
    const hours = lock.changeableFor!.toHours({ integral: false });
    if (hours < COMPLIANCE_LOCK_MIN_CHANGEABLE_HOURS) {
      invalid(scope, 'lock.changeableFor', lock.changeableFor, `at least ${COMPLIANCE_LOCK_MIN_CHANGEABLE_HOURS} hours`);
    }
  } else if (acknowledged) {
    invalid(scope, 'acknowledgeIrreversibleComplianceLock', acknowledged, 'true only together with lock: VaultLock.compliance(...); a governance lock is reversible');
  }
}

function validateTier(scope: IConstruct, prop: string, tier: BackupTier, lock: VaultLock | undefined, hasCopyDestinations: boolean): void {
  requireKebabName(scope, `${prop}.name`, tier.name, 40);
  if (tier.rules.length === 0) {
    invalid(scope, `${prop}.rules`, [], 'at least one rule');
  }
  requireUnique(scope, `${prop}.rules[].name`, tier.rules.map((r) => r.name));

  const aws = tier.awsSelection;
  const awsSelects = aws !== undefined && (Object.keys(aws.tags ?? {}).length > 0 || (aws.resources ?? []).length > 0);
  if (!awsSelects && tier.clusterSelection === undefined) {
    invalid(scope, `${prop}.awsSelection`, aws, `a selection for tier "${tier.name}": tags or resources in awsSelection, or a clusterSelection; a plan that selects nothing backs nothing up`);
  }
  if (aws?.restoreTestResourceType !== undefined && !RESTORE_TESTABLE_RESOURCE_TYPES.includes(aws.restoreTestResourceType)) {
    invalid(scope, `${prop}.awsSelection.restoreTestResourceType`, aws.restoreTestResourceType, `one of ${RESTORE_TESTABLE_RESOURCE_TYPES.join(', ')}`);
  }

  tier.rules.forEach((rule, j) => validateRule(scope, `${prop}.rules[${j}]`, tier, rule, lock, hasCopyDestinations));

  if (tier.rpo && !tier.rpo.isUnresolved()) {
    const continuous = tier.rules.some((r) => r.continuousBackup === true && aws !== undefined);
    const shortest = Math.min(...tier.rules.map((r) => r.schedule.interval.toMinutes()));
    if (!continuous && shortest > tier.rpo.toMinutes()) {
      invalid(
        scope,
        `${prop}.rpo`,
        tier.rpo,
        `an RPO the schedule can meet: the most frequent rule of tier "${tier.name}" runs every ${Duration.minutes(shortest).toHumanString()}; schedule a rule at least every ${tier.rpo.toHumanString()} or enable continuousBackup on an AWS rule`,
      );
    }
  }
}

function validateRule(scope: IConstruct, prop: string, tier: BackupTier, rule: BackupRuleSpec, lock: VaultLock | undefined, hasCopyDestinations: boolean): void {
  requireKebabName(scope, `${prop}.name`, rule.name, 20);
  rule.schedule.validate(scope, `${prop}.schedule`);
  requireDaysInRange(scope, `${prop}.retention`, rule.retention, 1, LOCK_RETENTION_MAX_DAYS);
  const retentionDays = rule.retention.toDays();

  if (lock && retentionDays < lock.minRetention.toDays()) {
    invalid(scope, `${prop}.retention`, rule.retention, `at least the vault lock's minimum retention (${lock.minRetention.toDays()} days)`);
  }
  if (lock?.maxRetention && retentionDays > lock.maxRetention.toDays()) {
    invalid(scope, `${prop}.retention`, rule.retention, `at most the vault lock's maximum retention (${lock.maxRetention.toDays()} days)`);
  }

  const clusterOnly = tier.awsSelection === undefined;
  if (rule.moveToColdStorageAfter) {
    if (clusterOnly) {
      invalid(scope, `${prop}.moveToColdStorageAfter`, rule.moveToColdStorageAfter, 'unset for a tier without awsSelection: Velero has no cold storage');
    }
    const coldDays = rule.moveToColdStorageAfter.toDays();
    if (retentionDays < coldDays + COLD_STORAGE_MIN_DAYS) {
      invalid(scope, `${prop}.retention`, rule.retention, `at least moveToColdStorageAfter + ${COLD_STORAGE_MIN_DAYS} days (${coldDays + COLD_STORAGE_MIN_DAYS} days): AWS Backup keeps recovery points in cold storage for at least ${COLD_STORAGE_MIN_DAYS} days`);
    }
  }
  if (rule.continuousBackup) {
    if (clusterOnly) {
      invalid(scope, `${prop}.continuousBackup`, true, 'false for a tier without awsSelection: Velero has no continuous backup');
    }
    if (retentionDays > CONTINUOUS_BACKUP_MAX_DAYS) {
      invalid(scope, `${prop}.retention`, rule.retention, `at most ${CONTINUOUS_BACKUP_MAX_DAYS} days when continuousBackup is on`);
    }
  }
  if (rule.copyToOtherRegions) {
    if (clusterOnly) {
      invalid(scope, `${prop}.copyToOtherRegions`, true, 'false for a tier without awsSelection: cross-region copies are made by AWS Backup');
    }
    if (!hasCopyDestinations) {
      invalid(scope, `${prop}.copyToOtherRegions`, true, 'false, or give the vault copyDestinations to copy to');
    }
  }

  const start = rule.startWindow ?? DEFAULT_START_WINDOW;
  const completion = rule.completionWindow ?? DEFAULT_COMPLETION_WINDOW;
  if (start.toMinutes() < 60) {
    invalid(scope, `${prop}.startWindow`, start, 'at least 1 hour');
  }
  if (completion.toMinutes() < start.toMinutes() + 60) {
    invalid(scope, `${prop}.completionWindow`, completion, `at least startWindow + 1 hour (${Duration.minutes(start.toMinutes() + 60).toHumanString()})`);
  }
}
