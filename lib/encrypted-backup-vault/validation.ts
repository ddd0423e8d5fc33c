import { Duration, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalid, isAwsRegion, requireDaysInRange, requireIntegerInRange, requireKebabName, requireUnique, ValidationCollector } from '../core';
import { ACCOUNT_ID, requireRoleArn, requireVaultArn, stackPartition, VAULT_NAME } from './arns';
import { BackupRuleSpec, BackupTier, ClusterBackupSelection } from './backup-policy';
import type { EncryptedBackupVaultProps } from './encrypted-backup-vault';
import { firstOverlap } from './schedule-overlap';
import { isValidBucketName } from './secure-bucket';
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
/** Backup plan and rule names: at most 50 characters (AWS Backup API). */
export const BACKUP_NAME_MAX = 50;

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

/** The S3 bucket a vault names for `purpose`: `<vaultName lowercased>-<purpose>-<account>`. */
export function vaultBucketName(vaultName: string, purpose: string, account: string): string {
  return `${vaultName.toLowerCase()}-${purpose}-${account}`;
}

/** Kubernetes label keys (optional DNS-subdomain prefix, then a name of at most 63 characters) and values. */
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Every rule of `EncryptedBackupVault`, in one place. Runs in the constructor, before any resource
 * exists; independent rules are all checked and their errors reported together, so a user fixes
 * every mistake in one run.
 */
export function validateVaultProps(scope: IConstruct, props: EncryptedBackupVaultProps, vaultName: string, namesInStack: ReadonlySet<string>): void {
  const stack = Stack.of(scope);
  const c = new ValidationCollector(scope);
  // Region and account name the key policy, the buckets, copy and replication targets and the
  // Velero manifests; an env-agnostic stack would leak tokens into all of them.
  const regionKnown = !Token.isUnresolved(stack.region);
  const accountKnown = !Token.isUnresolved(stack.account);
  c.check(() => {
    if (!regionKnown) invalid(scope, 'env.region', stack.region, 'a concrete region on the stack (new Stack(app, id, { env: { account, region } })): bucket names, copy and replication targets and the Velero manifests are derived from it');
  });
  c.check(() => {
    if (!accountKnown) invalid(scope, 'env.account', stack.account, 'a concrete 12-digit account on the stack (new Stack(app, id, { env: { account, region } })): bucket names and the key policy are derived from it');
  });
  const partition = regionKnown ? stackPartition(stack) : 'aws';
  const region = regionKnown ? stack.region : undefined;
  const account = accountKnown ? stack.account : undefined;

  c.check(() => {
    if (Token.isUnresolved(vaultName)) invalid(scope, 'vaultName', vaultName, 'a literal name: other regions copy into this vault by name');
    if (!VAULT_NAME.test(vaultName)) invalid(scope, 'vaultName', vaultName, '2 to 50 letters, digits, hyphens or underscores');
  });
  c.check(() => {
    if (namesInStack.has(vaultName)) {
      invalid(scope, 'vaultName', vaultName, 'a name no other EncryptedBackupVault of this stack has: the key alias, buckets, plans, topic and rule are all named after it');
    }
  });
  const audited = props.compliance?.enabled ?? true;
  const drilled = (props.restoreTesting?.enabled ?? true) && (props.policy?.restoreTestedTiers.length ?? 0) > 0;
  c.check(() => {
    if (drilled && vaultName.length + RESTORE_PLAN_SUFFIX.length > RESTORE_PLAN_NAME_MAX) {
      invalid(scope, 'vaultName', vaultName, `at most ${RESTORE_PLAN_NAME_MAX - RESTORE_PLAN_SUFFIX.length} characters while restore testing is on: the restore testing plan is named <vaultName>${RESTORE_PLAN_SUFFIX}, at most ${RESTORE_PLAN_NAME_MAX} characters`);
    }
  });
  c.check(() => {
    if ((audited || drilled) && !/^[a-zA-Z]/.test(vaultName)) {
      invalid(scope, 'vaultName', vaultName, 'a name starting with a letter while compliance or restore testing is on: Audit Manager frameworks, report plans and restore testing plans are named after the vault and must start with a letter');
    }
  });
  const storage = props.clusterBackupStorage?.enabled ?? true;
  const purposes = [...(storage ? ['velero'] : []), ...(audited ? ['audit-reports'] : []), ...(storage || audited ? ['access-logs'] : [])];
  c.check(() => {
    if (account === undefined) return; // reported above, as env.account
    // The longest derived name fails first; one message for all of them.
    const name = purposes.map((purpose) => vaultBucketName(vaultName, purpose, account)).find((n) => !isValidBucketName(n));
    if (name !== undefined) {
      const longest = Math.max(...purposes.map((p) => p.length));
      invalid(scope, 'vaultName', vaultName, `a name from which valid S3 bucket names derive ("${name}" is not): letters, digits and hyphens (lowercased), at most ${63 - longest - 14} characters`);
    }
  });

  c.check(() => {
    if (props.encryptionKey && props.keyRotationPeriod) {
      invalid(scope, 'keyRotationPeriod', props.keyRotationPeriod, 'unset when encryptionKey is given (rotation is configured on the key you bring)');
    }
  });
  c.check(() => {
    if (props.keyRotationPeriod) requireDaysInRange(scope, 'keyRotationPeriod', props.keyRotationPeriod, KEY_ROTATION_MIN_DAYS, KEY_ROTATION_MAX_DAYS);
  });

  c.check(() => validateLock(scope, props.lock, props.acknowledgeIrreversibleComplianceLock ?? false));
  validateBreakGlass(c, scope, props, partition);

  const destinations = props.copyDestinations ?? [];
  c.check(() => requireUnique(scope, 'copyDestinations[].region', destinations.map((d) => d.region)));
  c.checkEach(destinations, (destination, i) => {
    const prop = `copyDestinations[${i}]`;
    if (!isAwsRegion(destination.region)) {
      invalid(scope, `${prop}.region`, destination.region, 'an AWS region code such as "us-west-2"');
    }
    if (region !== undefined && destination.region === region) {
      invalid(scope, `${prop}.region`, destination.region, `a region other than the vault's own (${region}); a copy in the same region does not survive a regional outage`);
    }
    const arn = requireVaultArn(scope, `${prop}.vaultArn`, destination.vaultArn, partition);
    if (arn.region !== destination.region) {
      invalid(scope, `${prop}.vaultArn`, destination.vaultArn, `the ARN of a vault in copyDestinations[${i}].region (${destination.region}), not in ${arn.region}`);
    }
  });
  c.checkEach(destinations, (destination, i) => {
    const prop = `copyDestinations[${i}]`;
    requireDaysInRange(scope, `${prop}.retention`, destination.retention, 1, LOCK_RETENTION_MAX_DAYS);
    if (destination.lockMinRetention && destination.retention.toDays() < destination.lockMinRetention.toDays()) {
      invalid(scope, `${prop}.retention`, destination.retention, `at least the destination vault lock's minimum retention (${destination.lockMinRetention.toDays()} days)`);
    }
    if (destination.lockMaxRetention && destination.retention.toDays() > destination.lockMaxRetention.toDays()) {
      invalid(scope, `${prop}.retention`, destination.retention, `at most the destination vault lock's maximum retention (${destination.lockMaxRetention.toDays()} days)`);
    }
  });

  c.check(() => validateCompliance(scope, props));
  c.check(() => validateRestoreTesting(scope, props));
  c.check(() => {
    if (props.clusterBackupStorage?.noncurrentVersionExpiration) {
      requireDaysInRange(scope, 'clusterBackupStorage.noncurrentVersionExpiration', props.clusterBackupStorage.noncurrentVersionExpiration, 1, 3650);
    }
  });
  validateReplicas(c, scope, props, region, account);

  const tiers = props.policy?.tiers ?? [];
  c.check(() => requireUnique(scope, 'policy.tiers[].name', tiers.map((t) => t.name)));
  tiers.forEach((tier, i) => validateTier(c, scope, `policy.tiers[${i}]`, tier, props.lock, destinations.length > 0, vaultName));
  c.throwIfAny();
}

function validateBreakGlass(c: ValidationCollector, scope: IConstruct, props: EncryptedBackupVaultProps, partition: string): void {
  const arns = props.breakGlassRoleArns;
  const acknowledged = props.acknowledgeNoBreakGlass ?? false;
  c.check(() => {
    if (arns !== undefined && arns.length > 0 && acknowledged) {
      invalid(scope, 'acknowledgeNoBreakGlass', true, 'true only when breakGlassRoleArns is empty: either name the break-glass roles or acknowledge that there are none');
    }
    if ((arns === undefined || arns.length === 0) && !acknowledged) {
      invalid(scope, 'breakGlassRoleArns', arns ?? [], 'at least one IAM role ARN, or acknowledgeNoBreakGlass: true: without a break-glass role nobody can ever delete a recovery point or change the vault\'s access policy or lock again');
    }
  });
  c.check(() => requireUnique(scope, 'breakGlassRoleArns[]', (arns ?? []).filter((a) => !Token.isUnresolved(a))));
  c.checkEach(arns ?? [], (arn, i) => requireRoleArn(scope, `breakGlassRoleArns[${i}]`, arn, partition));
}

function validateReplicas(c: ValidationCollector, scope: IConstruct, props: EncryptedBackupVaultProps, region: string | undefined, account: string | undefined): void {
  const replicas = props.clusterBackupStorage?.replicateTo ?? [];
  c.check(() => {
    if (replicas.length > 0 && props.clusterBackupStorage?.enabled === false) {
      invalid(scope, 'clusterBackupStorage.replicateTo', replicas.map((r) => r.region), 'empty when clusterBackupStorage.enabled is false: there is no bucket to replicate');
    }
  });
  c.check(() => requireUnique(scope, 'clusterBackupStorage.replicateTo[].region', replicas.map((r) => r.region)));
  c.check(() => requireUnique(scope, 'clusterBackupStorage.replicateTo[].bucketName', replicas.map((r) => r.bucketName)));
  c.checkEach(replicas, (replica, i) => {
    const prop = `clusterBackupStorage.replicateTo[${i}]`;
    if (!isAwsRegion(replica.region)) invalid(scope, `${prop}.region`, replica.region, 'an AWS region code such as "us-west-2"');
    if (region !== undefined && replica.region === region) {
      invalid(scope, `${prop}.region`, replica.region, `a region other than the bucket's own (${region}); a replica in the same region does not survive a regional outage`);
    }
  });
  c.checkEach(replicas, (replica, i) => {
    const prop = `clusterBackupStorage.replicateTo[${i}]`;
    if (!ACCOUNT_ID.test(replica.account)) invalid(scope, `${prop}.account`, replica.account, 'a 12-digit AWS account id');
    if (account !== undefined && replica.account !== account) {
      invalid(scope, `${prop}.account`, replica.account, `the vault's own account (${account}): replicas are written by this account's replication role and encrypted with the destination region's key of the same account`);
    }
  });
  c.checkEach(replicas, (replica, i) => {
    if (Token.isUnresolved(replica.bucketName) || !isValidBucketName(replica.bucketName)) {
      invalid(scope, `clusterBackupStorage.replicateTo[${i}].bucketName`, replica.bucketName, 'a literal S3 bucket name (3–63 lowercase letters, digits, dots or hyphens), e.g. from EncryptedBackupVault.clusterBackupReplica(...)');
    }
  });
  c.checkEach(replicas, (replica, i) => {
    const alias = replica.kmsKeyAlias;
    if (Token.isUnresolved(alias) || !/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(alias) || alias.startsWith('alias/aws/')) {
      invalid(scope, `clusterBackupStorage.replicateTo[${i}].kmsKeyAlias`, alias, 'a literal customer-managed key alias "alias/<name>" in the destination region (letters, digits, /, _ and -; not alias/aws/...)');
    }
  });
}

/** Hour counts Backup Audit Manager accepts for the frequency control. */
export const AUDIT_FREQUENCY_HOURS = [1, 2, 3, 4, 6, 8, 12];

function validateCompliance(scope: IConstruct, props: EncryptedBackupVaultProps): void {
  const interval = props.compliance?.maxBackupInterval;
  if (interval) {
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
  requireUnique(scope, 'compliance.reportFormats', props.compliance?.reportFormats ?? []);
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

function validateTier(c: ValidationCollector, scope: IConstruct, prop: string, tier: BackupTier, lock: VaultLock | undefined, hasCopyDestinations: boolean, vaultName: string): void {
  c.check(() => requireKebabName(scope, `${prop}.name`, tier.name, 40));
  c.check(() => {
    if (tier.awsSelection !== undefined && vaultName.length + 1 + tier.name.length > BACKUP_NAME_MAX) {
      invalid(scope, `${prop}.name`, tier.name, `at most ${BACKUP_NAME_MAX - 1 - vaultName.length} characters with this vault name: the backup plan is named <vaultName>-<tier name>, at most ${BACKUP_NAME_MAX} characters`);
    }
  });
  c.check(() => {
    if (tier.rules.length === 0) invalid(scope, `${prop}.rules`, [], 'at least one rule');
  });
  c.check(() => requireUnique(scope, `${prop}.rules[].name`, tier.rules.map((r) => r.name)));

  const aws = tier.awsSelection;
  c.check(() => {
    const awsSelects = aws !== undefined && (Object.keys(aws.tags ?? {}).length > 0 || (aws.resources ?? []).length > 0);
    if (!awsSelects && tier.clusterSelection === undefined) {
      invalid(scope, `${prop}.awsSelection`, aws, `a selection for tier "${tier.name}": tags or resources in awsSelection, or a clusterSelection; a plan that selects nothing backs nothing up`);
    }
    if (aws?.restoreTestResourceType !== undefined && !RESTORE_TESTABLE_RESOURCE_TYPES.includes(aws.restoreTestResourceType)) {
      invalid(scope, `${prop}.awsSelection.restoreTestResourceType`, aws.restoreTestResourceType, `one of ${RESTORE_TESTABLE_RESOURCE_TYPES.join(', ')}`);
    }
  });
  if (tier.clusterSelection) {
    const selection = tier.clusterSelection;
    c.check(() => validateClusterSelection(scope, `${prop}.clusterSelection`, selection));
  }

  tier.rules.forEach((rule, j) => c.check(() => validateRule(scope, `${prop}.rules[${j}]`, tier, rule, lock, hasCopyDestinations)));
  if (aws !== undefined) c.check(() => validateOverlaps(scope, prop, tier));

  c.check(() => {
    if (!tier.rpo || tier.rules.length === 0) return;
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
  });
}

/**
 * Overlapping rules of one plan: AWS Backup takes one backup for the rule with the longer retention
 * (AWS Backup developer guide, "Backup plan options and configuration"; the whole start window
 * counts). A copy asked for by the other rule is then silently lost on those days, so the rule that
 * wins must copy whenever the one it overrides does. With equal retention AWS does not say which
 * rule wins, so both must agree.
 */
function validateOverlaps(scope: IConstruct, prop: string, tier: BackupTier): void {
  const window = (rule: BackupRuleSpec) => ({ schedule: rule.schedule, startWindowMinutes: (rule.startWindow ?? DEFAULT_START_WINDOW).toMinutes() });
  tier.rules.forEach((a, i) => {
    tier.rules.forEach((b, j) => {
      if (j <= i || (a.copyToOtherRegions ?? false) === (b.copyToOtherRegions ?? false)) return;
      const [copier, other, otherIndex] = a.copyToOtherRegions ? [a, b, j] : [b, a, i];
      const kept = other.retention.toDays() - copier.retention.toDays();
      if (kept < 0) return; // the copying rule keeps longer: it wins and copies
      const at = firstOverlap(window(a), window(b));
      if (at === undefined) return;
      const why = kept > 0 ? `it keeps recovery points longer (${other.retention.toDays()} against ${copier.retention.toDays()} days), so AWS Backup runs it instead of "${copier.name}"` : `it keeps recovery points as long as "${copier.name}", so AWS Backup may run either`;
      invalid(
        scope,
        `${prop}.rules[${otherIndex}].copyToOtherRegions`,
        other.copyToOtherRegions ?? false,
        `true, or a start window that does not overlap rule "${copier.name}" (they overlap e.g. in the window starting ${at.toISOString().slice(0, 16)}Z): ${why} and the copy to the other regions is lost on those days`,
      );
    });
  });
}

function validateClusterSelection(scope: IConstruct, prop: string, selection: ClusterBackupSelection): void {
  (selection.includedNamespaces ?? []).forEach((ns, k) => {
    if (ns !== '*') requireKebabName(scope, `${prop}.includedNamespaces[${k}]`, ns);
  });
  (selection.excludedNamespaces ?? []).forEach((ns, k) => requireKebabName(scope, `${prop}.excludedNamespaces[${k}]`, ns));
  requireUnique(scope, `${prop}.includedNamespaces`, selection.includedNamespaces ?? []);
  requireUnique(scope, `${prop}.excludedNamespaces`, selection.excludedNamespaces ?? []);
  const both = (selection.excludedNamespaces ?? []).find((ns) => (selection.includedNamespaces ?? []).includes(ns));
  if (both !== undefined) invalid(scope, `${prop}.excludedNamespaces`, both, 'namespaces not also in includedNamespaces (Velero would exclude it anyway)');
  if (selection.fileSystemBackup === true && selection.snapshotVolumes === true) {
    invalid(scope, `${prop}.snapshotVolumes`, true, 'false or unset when fileSystemBackup is on: a volume is backed up either by snapshot or file by file');
  }
  if (selection.includedNamespaces !== undefined && selection.includedNamespaces.length === 0) {
    invalid(scope, `${prop}.includedNamespaces`, [], 'at least one namespace, or ["*"] (the default) for all');
  }
  for (const [key, value] of Object.entries(selection.matchLabels ?? {})) {
    const slash = key.lastIndexOf('/');
    const name = key.slice(slash + 1);
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    if (!LABEL_NAME.test(name) || (prefix !== undefined && !LABEL_PREFIX.test(prefix))) {
      invalid(scope, `${prop}.matchLabels`, key, 'label keys of an optional DNS-subdomain prefix and "/", then 1–63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
    }
    if (value !== '' && !LABEL_NAME.test(value)) {
      invalid(scope, `${prop}.matchLabels["${key}"]`, value, 'a label value: empty, or 1–63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
    }
  }
}

function validateRule(scope: IConstruct, prop: string, tier: BackupTier, rule: BackupRuleSpec, lock: VaultLock | undefined, hasCopyDestinations: boolean): void {
  requireKebabName(scope, `${prop}.name`, rule.name, 20);
  if (tier.awsSelection !== undefined && tier.name.length + 1 + rule.name.length > BACKUP_NAME_MAX) {
    invalid(scope, `${prop}.name`, rule.name, `at most ${BACKUP_NAME_MAX - 1 - tier.name.length} characters in tier "${tier.name}": the backup rule is named <tier name>-<rule name>, at most ${BACKUP_NAME_MAX} characters`);
  }
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
      invalid(scope, `${prop}.copyToOtherRegions`, true, 'false for a tier without awsSelection: AWS Backup copies are for AWS tiers; a cluster-only tier reaches other regions through clusterBackupStorage.replicateTo');
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
