import { Duration, RemovalPolicy, Stack, TimeZone, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeFinding, acknowledgeInCompliancePacks, arnWildcardFinding, backupVaultArn, invalid, managedPolicyFinding, withConstructPath } from '../core';
import { partitionOfRegion } from './arns';
import { BackupAuditFramework, BackupComplianceOptions } from './backup-audit';
import { BACKUP_TIER_TAG, BackupPolicy, BackupTier } from './backup-policy';
import { BackupSchedule } from './backup-schedule';
import { BackupRestoreTesting, RestoreTestingOptions } from './restore-testing';
import { ClusterBackupReplica, replicateClusterBackups } from './bucket-replication';
import { SourceConditionedTopicTarget } from './failure-topic-target';
import { createAccessLogsBucket, createEncryptedBucket, objectLockRetentionFor } from './secure-bucket';
import { DEFAULT_COMPLETION_WINDOW, DEFAULT_START_WINDOW, RESTORE_PLAN_SUFFIX, validateVaultProps, vaultBucketName } from './validation';
import { ClusterBackupTarget } from './velero-backups';
import { createVaultKey, KEY_USE_ACTIONS } from './vault-key';
import { VaultLock } from './vault-lock';

/** A vault in another region that rules copy to, referred to by its deterministic ARN. */
export interface BackupCopyDestination {
  /** Region of the destination vault. */
  readonly region: string;
  /** ARN of the destination vault: a literal, in the stack's partition and in `region`. */
  readonly vaultArn: string;
  /** How long copies are kept there. */
  readonly retention: Duration;
  /**
   * The destination vault lock's minimum retention, so a copy that the lock would reject fails at synth.
   * @default - the destination is not locked
   */
  readonly lockMinRetention?: Duration;
  /**
   * The destination vault lock's maximum retention.
   * @default - no maximum
   */
  readonly lockMaxRetention?: Duration;
}

/** Options of the S3 storage the cluster half (Velero) writes to. */
export interface ClusterBackupStorageOptions {
  /**
   * Create the bucket and the IAM policy Velero needs.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Delete superseded object versions after this long.
   * @default Duration.days(30)
   */
  readonly noncurrentVersionExpiration?: Duration;
  /**
   * Buckets in the environment's other regions (same account) that every object is replicated to,
   * each encrypted with its own region's key; this is what protects cluster-only tiers (redis,
   * configuration) against the loss of the region. Build each with
   * `EncryptedBackupVault.clusterBackupReplica(...)`.
   * @default - no replication: the cluster backups live only in this region
   */
  readonly replicateTo?: ClusterBackupReplica[];
}

export interface EncryptedBackupVaultProps {
  /**
   * Vault name; also the stem of the key alias and bucket names. Keep it deterministic: other
   * regions copy into this vault by name.
   * @default - `<stack name>-backup`
   */
  readonly vaultName?: string;
  /**
   * Key to encrypt the vault with.
   * @default - a new customer-managed key with automatic rotation, retained on stack deletion
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Rotation period of the created key, 90 to 2560 days. The seeds ask for monthly rotation, which
   * KMS cannot do; the shortest period KMS allows is the default.
   * @default Duration.days(90)
   */
  readonly keyRotationPeriod?: Duration;
  /**
   * ARNs of the break-glass roles: the only principals allowed to delete recovery points, shorten
   * their lifecycle, or change or remove the vault's access policy and lock. Each must be a role ARN
   * of the stack's partition (`arn:<partition>:iam::<account>:role/<path/><name>`); a token (e.g.
   * `role.roleArn`) is accepted as is. Required unless `acknowledgeNoBreakGlass` is true.
   * @default - none; then `acknowledgeNoBreakGlass: true` is required
   */
  readonly breakGlassRoleArns?: string[];
  /**
   * Must be true to create a vault without break-glass roles: its access policy then denies
   * deleting recovery points and changing the policy or lock to everyone, with no exception, and no
   * later deploy can change that (only the account root, through AWS support, can).
   * @default false
   */
  readonly acknowledgeNoBreakGlass?: boolean;
  /**
   * Vault lock.
   * @default - no lock
   */
  readonly lock?: VaultLock;
  /**
   * Must be true for `lock: VaultLock.compliance(...)`: a compliance lock cannot be undone once
   * its grace period ends.
   * @default false
   */
  readonly acknowledgeIrreversibleComplianceLock?: boolean;
  /**
   * Tiers to create backup plans (AWS) and schedules (Velero) for.
   * @default - no plans
   */
  readonly policy?: BackupPolicy;
  /**
   * Vaults in other regions that rules with `copyToOtherRegions` copy to.
   * @default - none
   */
  readonly copyDestinations?: BackupCopyDestination[];
  /**
   * Topic receiving failure events (backup, copy and restore jobs, restore tests).
   * @default - a new topic encrypted with the vault key, TLS-only
   */
  readonly notificationTopic?: sns.ITopic;
  /**
   * Backup Audit Manager framework and report plan.
   * @default - enabled with the seeds' thresholds (24 h frequency, 90 days retention)
   */
  readonly compliance?: BackupComplianceOptions;
  /**
   * Restore testing plan.
   * @default - daily drills at 06:00 UTC of every tier that names a restore-test resource type
   */
  readonly restoreTesting?: RestoreTestingOptions;
  /**
   * S3 storage for the cluster half.
   * @default - enabled
   */
  readonly clusterBackupStorage?: ClusterBackupStorageOptions;
  /**
   * What happens to the key, vault and buckets when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** What other constructs (monitoring, DR) see of a backup vault. */
export interface IEncryptedBackupVault {
  /** The vault. */
  readonly vault: backup.IBackupVault;
  /** The key encrypting the vault, its buckets and its topic. */
  readonly encryptionKey: kms.IKey;
  /** Topic receiving failure events only. */
  readonly notificationTopic: sns.ITopic;
  /**
   * Where the cluster half writes, when cluster backup storage is enabled.
   * @default - undefined when `clusterBackupStorage.enabled` is false
   */
  readonly clusterBackupTarget?: ClusterBackupTarget;
}

/** Actions only break-glass roles may take on the vault. */
const PROTECTED_VAULT_ACTIONS = [
  'backup:DeleteBackupVault',
  'backup:DeleteBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultLockConfiguration',
  'backup:DeleteRecoveryPoint',
  'backup:PutBackupVaultAccessPolicy',
  'backup:PutBackupVaultLockConfiguration',
  'backup:UpdateRecoveryPointLifecycle',
];

/** AWS Backup job states that mean something went wrong. */
const FAILURE_STATES = ['ABORTED', 'EXPIRED', 'FAILED', 'PARTIAL'];

const DEFAULT_ROTATION = Duration.days(90);

/** Tag Velero puts on every EBS snapshot it creates (the backup's name), used to scope its EC2 rights. */
export const VELERO_BACKUP_TAG = 'velero.io/backup';

/** Vault names taken in each stack: two vaults of one name would collide on every physical name. */
const VAULT_NAMES_BY_STACK = new WeakMap<Stack, Set<string>>();

interface Built {
  readonly vault: backup.BackupVault;
  readonly encryptionKey: kms.IKey;
  readonly notificationTopic: sns.ITopic;
  readonly backupRole: iam.Role;
  readonly plans: ReadonlyMap<string, backup.BackupPlan>;
  readonly audit?: BackupAuditFramework;
  readonly restoreTesting?: BackupRestoreTesting;
  readonly clusterBackupBucket?: s3.Bucket;
  readonly clusterBackupPolicy?: iam.ManagedPolicy;
  readonly clusterBackupTarget?: ClusterBackupTarget;
  readonly clusterBackupReplicationRole?: iam.Role;
}

/**
 * An AWS Backup vault for one region that is safe by construction: its own customer-managed key,
 * an access policy that keeps recovery points and the policy itself out of reach of everyone but
 * the break-glass roles, an optional lock, plans from a typed tier policy with cross-region copies,
 * failure notifications, an Audit Manager framework with reports, daily restore drills, and the
 * bucket the cluster's Velero writes to, replicated to the environment's other regions.
 */
export class EncryptedBackupVault extends Construct implements IEncryptedBackupVault {
  /**
   * The copy destination for a vault of this library in another region, by deterministic ARN (in
   * the partition of `region`).
   */
  public static copyDestination(options: {
    account: string;
    region: string;
    vaultName: string;
    retention: Duration;
    lock?: VaultLock;
  }): BackupCopyDestination {
    return {
      region: options.region,
      vaultArn: backupVaultArn(options.region, options.account, options.vaultName, partitionOfRegion(options.region)),
      retention: options.retention,
      lockMinRetention: options.lock?.minRetention,
      lockMaxRetention: options.lock?.maxRetention,
    };
  }

  /** The cluster backup bucket and key of a vault of this library in another region, by deterministic name. */
  public static clusterBackupReplica(options: { account: string; region: string; vaultName: string }): ClusterBackupReplica {
    return {
      region: options.region,
      account: options.account,
      bucketName: vaultBucketName(options.vaultName, 'velero', options.account),
      kmsKeyAlias: `alias/${options.vaultName}`,
    };
  }

  public readonly vault: backup.BackupVault;
  public readonly encryptionKey: kms.IKey;
  public readonly notificationTopic: sns.ITopic;
  public readonly clusterBackupTarget?: ClusterBackupTarget;
  /** Backup plans by tier name. */
  public readonly plans: ReadonlyMap<string, backup.BackupPlan>;
  /** Role AWS Backup assumes to take backups. */
  public readonly backupRole: iam.Role;
  /** Audit Manager framework, when enabled. */
  public readonly audit?: BackupAuditFramework;
  /** Restore testing plan, when enabled and some tier is restore-tested. */
  public readonly restoreTesting?: BackupRestoreTesting;
  /** Bucket the cluster half writes to, when enabled. */
  public readonly clusterBackupBucket?: s3.Bucket;
  /** Customer-managed policy to attach to Velero's role (e.g. through IRSA or EKS Pod Identity). */
  public readonly clusterBackupPolicy?: iam.ManagedPolicy;
  /** Role S3 assumes to replicate the cluster backups, when `clusterBackupStorage.replicateTo` is given. */
  public readonly clusterBackupReplicationRole?: iam.Role;

  private readonly vaultName: string;
  private addedSelections = 0;

  constructor(scope: Construct, id: string, props: EncryptedBackupVaultProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.vaultName = props.vaultName ?? `${stack.stackName}-backup`;
    const namesInStack = VAULT_NAMES_BY_STACK.get(stack) ?? new Set<string>();
    VAULT_NAMES_BY_STACK.set(stack, namesInStack);
    validateVaultProps(this, props, this.vaultName, namesInStack);
    namesInStack.add(this.vaultName);
    const built = withConstructPath(this, () => this.build(props));
    this.vault = built.vault;
    this.encryptionKey = built.encryptionKey;
    this.notificationTopic = built.notificationTopic;
    this.backupRole = built.backupRole;
    this.plans = built.plans;
    this.audit = built.audit;
    this.restoreTesting = built.restoreTesting;
    this.clusterBackupBucket = built.clusterBackupBucket;
    this.clusterBackupPolicy = built.clusterBackupPolicy;
    this.clusterBackupTarget = built.clusterBackupTarget;
    this.clusterBackupReplicationRole = built.clusterBackupReplicationRole;
  }

  /** Adds resources (by construct or ARN) to a tier's plan. */
  public addResources(tierName: string, ...resources: backup.BackupResource[]): void {
    const plan = this.plans.get(tierName);
    if (!plan) {
      invalid(this, 'addResources.tierName', tierName, `the name of a tier with awsSelection: ${[...this.plans.keys()].map((n) => `"${n}"`).join(', ') || 'none'}`);
    }
    if (resources.length === 0) invalid(this, 'addResources.resources', [], 'at least one resource');
    this.addedSelections += 1;
    withConstructPath(this, () =>
      plan.addSelection(`AddedSelection${this.addedSelections}`, { resources, role: this.backupRole, backupSelectionName: `${tierName}-added-${this.addedSelections}` }),
    );
  }

  private build(props: EncryptedBackupVaultProps): Built {
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const aliasName = `alias/${this.vaultName}`;
    const policy = props.policy ?? BackupPolicy.of([]);
    const destinations = props.copyDestinations ?? [];
    const breakGlass = props.breakGlassRoleArns ?? [];
    const failureRuleName = `${this.vaultName}-failures`;
    // Deterministic, so the key policy can name the rule without depending on it (the rule's target
    // is the topic, which depends on the key).
    const failureRuleArn = `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/${failureRuleName}`;

    const encryptionKey = props.encryptionKey ?? createVaultKey(this, 'Key', { aliasName, failureRuleArn, rotationPeriod: props.keyRotationPeriod ?? DEFAULT_ROTATION, removalPolicy });

    const vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: this.vaultName,
      encryptionKey,
      accessPolicy: vaultAccessPolicy(breakGlass),
      lockConfiguration: props.lock && { minRetention: props.lock.minRetention, maxRetention: props.lock.maxRetention, changeableFor: props.lock.changeableFor },
      removalPolicy,
    });

    const notificationTopic = props.notificationTopic ?? new sns.Topic(this, 'FailureTopic', {
      topicName: `${this.vaultName}-failures`,
      displayName: `Backup failures (${this.vaultName})`,
      masterKey: encryptionKey,
      enforceSSL: true,
    });
    new events.Rule(this, 'FailureEvents', {
      ruleName: failureRuleName,
      description: 'AWS Backup job failures: backup, copy and restore (including restore tests)',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        detail: { state: FAILURE_STATES },
      },
      targets: [new SourceConditionedTopicTarget(notificationTopic, failureRuleArn, stack.account)],
    });

    const backupRole = new iam.Role(this, 'BackupRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': stack.account } }),
      description: `AWS Backup service role for ${this.vaultName}`,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
        new iam.ManagedPolicy(this, 'BackupKeyAccess', {
          description: `Use of the ${aliasName} key by AWS Backup jobs`,
          statements: [
            new iam.PolicyStatement({ sid: 'UseKey', actions: KEY_USE_ACTIONS, resources: [encryptionKey.keyArn] }),
            new iam.PolicyStatement({
              sid: 'GrantsForAwsResourcesOnly',
              actions: ['kms:CreateGrant'],
              resources: [encryptionKey.keyArn],
              conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
            }),
          ],
        }),
      ],
    });
    acknowledgeManagedServicePolicy(backupRole, 'AWSBackupServiceRolePolicyForBackup');

    const plans = new Map<string, backup.BackupPlan>();
    for (const tier of policy.awsTiers) {
      plans.set(tier.name, this.createPlan(tier, destinations, vault, backupRole));
    }

    const accessLogs = () => this.accessLogsBucket(removalPolicy);
    const objectLock = objectLockRetentionFor(props.lock);
    const compliance = props.compliance ?? {};
    const audit = (compliance.enabled ?? true)
      ? this.createAudit(compliance, destinations, breakGlass, props.lock, removalPolicy, encryptionKey, accessLogs, objectLock)
      : undefined;

    const restore = props.restoreTesting ?? {};
    const drilled = policy.restoreTestedTiers;
    let restoreTesting: BackupRestoreTesting | undefined;
    if ((restore.enabled ?? true) && drilled.length > 0) {
      restoreTesting = new BackupRestoreTesting(this, 'RestoreTesting', {
        planName: underscored(this.vaultName) + RESTORE_PLAN_SUFFIX,
        vaultArn: vault.backupVaultArn,
        schedule: restore.schedule ?? BackupSchedule.daily({ hour: 6 }),
        selectionWindow: restore.selectionWindow ?? Duration.days(7),
        validationWindowHours: restore.validationWindowHours ?? 1,
        selections: drilled.map((t) => ({
          name: underscored(t.name),
          resourceType: t.awsSelection!.restoreTestResourceType!,
          tags: t.awsSelection!.tags ?? { [BACKUP_TIER_TAG]: t.name },
        })),
        tags: [],
      });
      acknowledgeManagedServicePolicy(restoreTesting.role, 'AWSBackupServiceRolePolicyForRestores');
    }

    const clusterStorage = props.clusterBackupStorage ?? {};
    if (!(clusterStorage.enabled ?? true)) {
      return { vault, encryptionKey, notificationTopic, backupRole, plans, audit, restoreTesting };
    }
    const bucketName = vaultBucketName(this.vaultName, 'velero', stack.account);
    const clusterBackupBucket = createEncryptedBucket(this, 'ClusterBackupBucket', {
      bucketName,
      encryptionKey,
      accessLogs: accessLogs(),
      logPrefix: `${bucketName}/`,
      removalPolicy,
      noncurrentVersionExpiration: clusterStorage.noncurrentVersionExpiration ?? Duration.days(30),
      objectLock,
    });
    const replicas = clusterStorage.replicateTo ?? [];
    const clusterBackupReplicationRole = replicas.length > 0 ? replicateClusterBackups(this, clusterBackupBucket, bucketName, encryptionKey, replicas) : undefined;
    if (replicas.length === 0) {
      acknowledgeNoReplication(
        clusterBackupBucket,
        'Replication was not asked for (clusterBackupStorage.replicateTo is empty), as in a single-region environment that has no other region to replicate to; the cluster backups then stay in this region only.',
      );
    }
    const clusterBackupPolicy = this.createClusterBackupPolicy(clusterBackupBucket, encryptionKey);
    const clusterBackupTarget = { bucketName, region: stack.region, kmsKeyAlias: aliasName, policy };
    return { vault, encryptionKey, notificationTopic, backupRole, plans, audit, restoreTesting, clusterBackupBucket, clusterBackupPolicy, clusterBackupTarget, clusterBackupReplicationRole };
  }

  private createPlan(tier: BackupTier, destinations: BackupCopyDestination[], vault: backup.IBackupVault, role: iam.IRole): backup.BackupPlan {
    const plan = new backup.BackupPlan(this, `Plan-${tier.name}`, {
      backupPlanName: `${this.vaultName}-${tier.name}`,
      backupVault: vault,
    });
    for (const rule of tier.rules) {
      plan.addRule(
        new backup.BackupPlanRule({
          ruleName: `${tier.name}-${rule.name}`,
          scheduleExpression: events.Schedule.expression(rule.schedule.awsCronExpression),
          scheduleExpressionTimezone: TimeZone.ETC_UTC,
          startWindow: rule.startWindow ?? DEFAULT_START_WINDOW,
          completionWindow: rule.completionWindow ?? DEFAULT_COMPLETION_WINDOW,
          deleteAfter: rule.retention,
          moveToColdStorageAfter: rule.moveToColdStorageAfter,
          enableContinuousBackup: rule.continuousBackup,
          recoveryPointTags: { [BACKUP_TIER_TAG]: tier.name, 'resilience:backup-rule': rule.name },
          copyActions: rule.copyToOtherRegions
            ? destinations.map((d) => ({
                destinationBackupVault: backup.BackupVault.fromBackupVaultArn(this, `Destination-${tier.name}-${rule.name}-${d.region}`, d.vaultArn),
                deleteAfter: d.retention,
              }))
            : undefined,
        }),
      );
    }
    const selection = tier.awsSelection!;
    const resources = [
      ...Object.entries(selection.tags ?? {}).map(([key, value]) => backup.BackupResource.fromTag(key, value)),
      ...(selection.resources ?? []),
    ];
    plan.addSelection('Selection', { resources, role, backupSelectionName: tier.name });
    return plan;
  }

  private createAudit(
    options: BackupComplianceOptions,
    destinations: BackupCopyDestination[],
    breakGlass: string[],
    lock: VaultLock | undefined,
    removalPolicy: RemovalPolicy,
    encryptionKey: kms.IKey,
    accessLogs: () => s3.IBucket,
    objectLock: s3.ObjectLockRetention | undefined,
  ): BackupAuditFramework {
    const bucketName = vaultBucketName(this.vaultName, 'audit-reports', Stack.of(this).account);
    const reportBucket = createEncryptedBucket(this, 'AuditReportBucket', {
      bucketName,
      encryptionKey,
      accessLogs: accessLogs(),
      logPrefix: `${bucketName}/`,
      removalPolicy,
      noncurrentVersionExpiration: Duration.days(90),
      objectLock,
    });
    acknowledgeNoReplication(reportBucket, 'Audit reports are regional by nature (each region reports on its own vault) and can be regenerated from Backup Audit Manager.');
    return new BackupAuditFramework(this, 'Audit', {
      frameworkName: underscored(`${this.vaultName}-controls`),
      maxBackupInterval: options.maxBackupInterval ?? Duration.hours(24),
      minRetention: options.minRetention ?? Duration.days(90),
      copyRegions: destinations.map((d) => d.region),
      lock,
      deletionPrincipalArns: breakGlass,
      reportBucket,
      reportFormats: options.reportFormats ?? ['CSV', 'JSON'],
      tags: [],
    });
  }

  /**
   * Velero's rights: its own bucket and key, and EC2 snapshot calls scoped by what Velero tags.
   * Velero passes `velero.io/backup` (the backup's name) among the tags of every snapshot it
   * creates, and the AWS plugin sets them at creation (TagSpecifications), so tagging is allowed
   * only while creating and deleting only what carries that tag.
   */
  private createClusterBackupPolicy(bucket: s3.IBucket, key: kms.IKey): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const snapshots = `arn:${stack.partition}:ec2:${stack.region}::snapshot/*`;
    const volumes = `arn:${stack.partition}:ec2:${stack.region}:${stack.account}:volume/*`;
    const veleroTagged = { Null: { [`aws:ResourceTag/${VELERO_BACKUP_TAG}`]: 'false' } };
    const policy = new iam.ManagedPolicy(this, 'ClusterBackupPolicy', {
      description: `What Velero needs to write cluster backups of ${this.vaultName}`,
      statements: [
        new iam.PolicyStatement({ sid: 'ListBucket', actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
        new iam.PolicyStatement({
          sid: 'ReadWriteBackups',
          actions: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
          resources: [bucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({ sid: 'UseBackupKey', actions: KEY_USE_ACTIONS, resources: [key.keyArn] }),
        // EC2 Describe* calls support no resource-level permissions: `*` is the only resource they take.
        new iam.PolicyStatement({ sid: 'DescribeVolumesAndSnapshots', actions: ['ec2:DescribeSnapshots', 'ec2:DescribeVolumes'], resources: ['*'] }),
        // Velero snapshots whichever persistent volume a backup includes: any volume of the region.
        new iam.PolicyStatement({ sid: 'SnapshotAnyVolume', actions: ['ec2:CreateSnapshot'], resources: [volumes] }),
        new iam.PolicyStatement({
          sid: 'CreateOnlyVeleroTaggedSnapshots',
          actions: ['ec2:CreateSnapshot'],
          resources: [snapshots],
          conditions: { Null: { [`aws:RequestTag/${VELERO_BACKUP_TAG}`]: 'false' } },
        }),
        new iam.PolicyStatement({
          sid: 'TagOnlyWhileCreating',
          actions: ['ec2:CreateTags'],
          resources: [snapshots, volumes],
          conditions: { StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateVolume'] } },
        }),
        // A restore creates a new volume (no tags to match yet) from one of Velero's snapshots.
        new iam.PolicyStatement({ sid: 'RestoreVolumes', actions: ['ec2:CreateVolume'], resources: [volumes] }),
        new iam.PolicyStatement({ sid: 'RestoreFromVeleroSnapshotsOnly', actions: ['ec2:CreateVolume'], resources: [snapshots], conditions: veleroTagged }),
        new iam.PolicyStatement({ sid: 'DeleteVeleroSnapshotsOnly', actions: ['ec2:DeleteSnapshot'], resources: [snapshots], conditions: veleroTagged }),
      ],
    });
    acknowledgeFinding(
      policy,
      arnWildcardFinding('AwsSolutions-IAM5', bucket.node.defaultChild as s3.CfnBucket, '/*'),
      'Velero names its backup objects itself; the wildcard is limited to objects of the region\'s own Velero bucket.',
    );
    acknowledgeFinding(policy, 'AwsSolutions-IAM5[Resource::*]', 'Only ec2:DescribeSnapshots and ec2:DescribeVolumes, which support no resource-level permissions.');
    acknowledgeFinding(
      policy,
      `AwsSolutions-IAM5[Resource::${nagShown(stack, snapshots)}]`,
      `Snapshots Velero has not created yet have no id; creation requires the ${VELERO_BACKUP_TAG} request tag, deletion and restores the ${VELERO_BACKUP_TAG} resource tag, tagging only happens at creation.`,
    );
    acknowledgeFinding(
      policy,
      `AwsSolutions-IAM5[Resource::${nagShown(stack, volumes)}]`,
      'Velero snapshots whichever persistent volume a backup includes, and restores into new volumes that have no id yet; tagging only happens at creation.',
    );
    return policy;
  }

  private accessLogsBucketCache?: s3.Bucket;
  private accessLogsBucket(removalPolicy: RemovalPolicy): s3.Bucket {
    this.accessLogsBucketCache ??= createAccessLogsBucket(this, 'AccessLogsBucket', vaultBucketName(this.vaultName, 'access-logs', Stack.of(this).account), removalPolicy);
    return this.accessLogsBucketCache;
  }
}

/** Denies the destructive vault actions to everyone except the break-glass roles. */
function vaultAccessPolicy(breakGlassRoleArns: string[]): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'OnlyBreakGlassMayDeleteOrLoosen',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: PROTECTED_VAULT_ACTIONS,
        resources: ['*'],
        // Without break-glass roles (acknowledgeNoBreakGlass), the deny has no exception.
        conditions: breakGlassRoleArns.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': breakGlassRoleArns } } : undefined,
      }),
    ],
  });
}

function underscored(name: string): string {
  return name.replace(/[^a-zA-Z0-9]/g, '_');
}

/** How cdk-nag prints an ARN in a finding id: the partition token as `<AWS::Partition>`. */
function nagShown(stack: Stack, arn: string): string {
  return Token.isUnresolved(stack.partition) ? arn.split(stack.partition).join('<AWS::Partition>') : arn;
}

function acknowledgeManagedServicePolicy(role: iam.Role, policyName: string): void {
  acknowledgeFinding(
    role,
    managedPolicyFinding(`service-role/${policyName}`),
    `${policyName} is the AWS-maintained service-role policy for AWS Backup; AWS updates it as Backup adds resource types, which a hand-kept copy would miss. Only backup.amazonaws.com acting for this account can assume the role.`,
  );
}

function acknowledgeNoReplication(bucket: s3.Bucket, why: string): void {
  acknowledgeInCompliancePacks(bucket, 'S3BucketReplicationEnabled', why);
}
