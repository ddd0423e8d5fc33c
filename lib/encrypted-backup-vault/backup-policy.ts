import { Duration } from 'aws-cdk-lib';
import { BackupResource } from 'aws-cdk-lib/aws-backup';
import { BackupSchedule, WeekDay } from './backup-schedule';

/** Tag key that tag-based selections of the preset tiers match on. */
export const BACKUP_TIER_TAG = 'resilience:backup-tier';

/** One rule of a tier: when it runs and how long its recovery points live. */
export interface BackupRuleSpec {
  /** Rule name, unique within its tier, e.g. `daily`. */
  readonly name: string;
  /** When the rule runs (UTC). */
  readonly schedule: BackupSchedule;
  /** How long a recovery point is kept. */
  readonly retention: Duration;
  /**
   * Move recovery points to cold storage after this long. AWS Backup requires at least 90 days
   * in cold storage, so `retention` must be at least this plus 90 days.
   * @default - recovery points stay in warm storage
   */
  readonly moveToColdStorageAfter?: Duration;
  /**
   * Enable continuous backup (point-in-time recovery) for supported resources. Retention is then
   * at most 35 days.
   * @default false
   */
  readonly continuousBackup?: boolean;
  /**
   * Copy each recovery point to every copy destination of the vault, with the destination's retention.
   * @default false
   */
  readonly copyToOtherRegions?: boolean;
  /**
   * How long after the scheduled time a job may start before it is cancelled.
   * @default Duration.hours(1)
   */
  readonly startWindow?: Duration;
  /**
   * How long a started job may run before it is cancelled.
   * @default Duration.hours(8)
   */
  readonly completionWindow?: Duration;
}

/** AWS resources a tier protects. */
export interface AwsBackupSelection {
  /**
   * Resources carrying any of these tags (key = value) are selected.
   * @default - none; `resources` must then be given
   */
  readonly tags?: Record<string, string>;
  /**
   * Resources selected by construct or ARN (`BackupResource.fromConstruct(table)`,
   * `BackupResource.fromArn(arn)`).
   * @default - none; `tags` must then be given
   */
  readonly resources?: BackupResource[];
  /**
   * The AWS Backup resource type a daily restore test restores for this tier (e.g. `RDS`, `EBS`,
   * `DynamoDB`, `EFS`, `S3`, `Aurora`).
   * @default - the tier is not restore-tested
   */
  readonly restoreTestResourceType?: string;
}

/** Kubernetes objects a tier protects through Velero. */
export interface ClusterBackupSelection {
  /**
   * Namespaces to include.
   * @default ['*'] every namespace
   */
  readonly includedNamespaces?: string[];
  /**
   * Namespaces to leave out.
   * @default - none
   */
  readonly excludedNamespaces?: string[];
  /**
   * Only objects carrying all of these labels.
   * @default - every object
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Take snapshots of persistent volumes.
   * @default - true, unless fileSystemBackup is on
   */
  readonly snapshotVolumes?: boolean;
  /**
   * Back persistent volumes up file by file into the Velero bucket (Velero's node agent, with
   * kopia) instead of taking EBS snapshots. EBS snapshots stay in their region; file-system backups
   * live in the bucket and so reach the other regions with its replication. Needs Velero installed
   * with its node agent.
   * @default false
   */
  readonly fileSystemBackup?: boolean;
  /**
   * Include cluster-scoped resources (CRDs, cluster roles, storage classes…).
   * @default true
   */
  readonly includeClusterResources?: boolean;
}

/** A named tier: one backup plan on the AWS side and/or one set of Velero schedules in the cluster. */
export interface BackupTier {
  /** Tier name, kebab-case; also the plan's and the schedules' name stem. */
  readonly name: string;
  /** Rules of the tier. */
  readonly rules: BackupRuleSpec[];
  /**
   * The recovery point objective this tier must meet: its most frequent rule must run at least this
   * often, unless a rule enables continuous backup.
   * @default - not checked
   */
  readonly rpo?: Duration;
  /**
   * What the AWS half protects.
   * @default - the tier has no AWS Backup plan
   */
  readonly awsSelection?: AwsBackupSelection;
  /**
   * What the Kubernetes half protects.
   * @default - the tier has no Velero schedules
   */
  readonly clusterSelection?: ClusterBackupSelection;
}

const at3 = { hour: 3 };
const tagged = (tier: string): Record<string, string> => ({ [BACKUP_TIER_TAG]: tier });

/**
 * A set of backup tiers. The seeds' tiers ship as static presets, so an environment can take them
 * all (`BackupPolicy.seedTiers()`) or pick the ones it needs.
 *
 * Daily rules start at 03:00 UTC with a one-hour start window, so copies to other regions run
 * between 03:00 and 04:00 UTC as the seeds ask. The weekly, monthly and yearly rules of a tier
 * start in the same window; AWS Backup then runs only the rule with the longest retention, so each
 * of them copies too: otherwise no copy would reach the DR regions on those days. Hourly rules do
 * not copy: where they overlap a daily or weekly rule, that longer-kept rule wins and copies.
 */
export class BackupPolicy {
  /** Whole-cluster backups kept 7 days (daily), 30 days (weekly), 90 days (monthly), 365 days (yearly). */
  public static fullClusterTier(): BackupTier {
    return {
      name: 'full-cluster',
      rpo: Duration.days(1),
      rules: [
        { name: 'daily', schedule: BackupSchedule.daily(at3), retention: Duration.days(7), copyToOtherRegions: true },
        { name: 'weekly', schedule: BackupSchedule.weekly(WeekDay.SUNDAY, at3), retention: Duration.days(30), copyToOtherRegions: true },
        { name: 'monthly', schedule: BackupSchedule.monthly(1, at3), retention: Duration.days(90), copyToOtherRegions: true },
        { name: 'yearly', schedule: BackupSchedule.yearly(1, 1, at3), retention: Duration.days(365), copyToOtherRegions: true },
      ],
      awsSelection: { tags: tagged('full-cluster'), restoreTestResourceType: 'EBS' },
      clusterSelection: { excludedNamespaces: ['kube-system', 'kube-node-lease', 'kube-public'] },
    };
  }

  /** Incremental volume snapshots kept 1 day (hourly) and 7 days (daily). */
  public static incrementalTier(): BackupTier {
    return {
      name: 'incremental',
      rpo: Duration.hours(1),
      rules: [
        { name: 'hourly', schedule: BackupSchedule.everyHours(1), retention: Duration.days(1), completionWindow: Duration.hours(2) },
        { name: 'daily', schedule: BackupSchedule.daily(at3), retention: Duration.days(7), copyToOtherRegions: true },
      ],
      awsSelection: { tags: tagged('incremental') },
    };
  }

  /**
   * PostgreSQL: hourly kept 24 hours, daily kept 30 days with continuous backup (point-in-time
   * recovery inside those 30 days), weekly kept 90 days.
   */
  public static postgresTier(): BackupTier {
    return {
      name: 'postgres',
      rpo: Duration.minutes(15),
      rules: [
        { name: 'hourly', schedule: BackupSchedule.everyHours(1), retention: Duration.days(1), completionWindow: Duration.hours(2) },
        { name: 'daily', schedule: BackupSchedule.daily(at3), retention: Duration.days(30), continuousBackup: true, copyToOtherRegions: true },
        { name: 'weekly', schedule: BackupSchedule.weekly(WeekDay.SUNDAY, at3), retention: Duration.days(90), copyToOtherRegions: true },
      ],
      awsSelection: { tags: tagged('postgres'), restoreTestResourceType: 'RDS' },
    };
  }

  /**
   * Redis running in the cluster: every 6 hours, kept 7 days. Its volumes are backed up file by
   * file into the Velero bucket, so its data is replicated with the bucket to the other regions
   * (EBS snapshots would stay in the region).
   */
  public static redisTier(): BackupTier {
    return {
      name: 'redis',
      rpo: Duration.hours(6),
      rules: [{ name: 'every-6h', schedule: BackupSchedule.everyHours(6), retention: Duration.days(7) }],
      clusterSelection: { matchLabels: { 'app.kubernetes.io/name': 'redis' }, includeClusterResources: false, fileSystemBackup: true },
    };
  }

  /** Cluster configuration (objects, no volumes): daily kept 30 days, weekly kept 90 days. */
  public static configurationTier(): BackupTier {
    return {
      name: 'configuration',
      rpo: Duration.days(1),
      rules: [
        { name: 'daily', schedule: BackupSchedule.daily(at3), retention: Duration.days(30) },
        { name: 'weekly', schedule: BackupSchedule.weekly(WeekDay.SUNDAY, at3), retention: Duration.days(90) },
      ],
      clusterSelection: { snapshotVolumes: false },
    };
  }

  /** Compliance archive: monthly, moved to cold storage after 90 days, kept 7 years. */
  public static complianceArchiveTier(): BackupTier {
    return {
      name: 'compliance-archive',
      rules: [
        {
          name: 'monthly',
          schedule: BackupSchedule.monthly(1, { hour: 5 }),
          retention: Duration.days(7 * 365),
          moveToColdStorageAfter: Duration.days(90),
          completionWindow: Duration.days(1),
        },
      ],
      awsSelection: { tags: tagged('compliance-archive') },
    };
  }

  /** Every tier from the seed documents. */
  public static seedTiers(): BackupPolicy {
    return new BackupPolicy([
      BackupPolicy.fullClusterTier(),
      BackupPolicy.incrementalTier(),
      BackupPolicy.postgresTier(),
      BackupPolicy.redisTier(),
      BackupPolicy.configurationTier(),
      BackupPolicy.complianceArchiveTier(),
    ]);
  }

  /** A policy of your own tiers. */
  public static of(tiers: BackupTier[]): BackupPolicy {
    return new BackupPolicy(tiers);
  }

  private constructor(public readonly tiers: readonly BackupTier[]) {}

  /**
   * The same tiers with every cross-region copy turned off, for single-region environments. An
   * explicit call, because a vault rejects copy rules it has no destination for.
   */
  public withoutCopies(): BackupPolicy {
    return new BackupPolicy(this.tiers.map((tier) => ({ ...tier, rules: tier.rules.map((rule) => ({ ...rule, copyToOtherRegions: false })) })));
  }

  /** Tiers with an AWS Backup plan. */
  public get awsTiers(): readonly BackupTier[] {
    return this.tiers.filter((t) => t.awsSelection !== undefined);
  }

  /** AWS tiers that name a resource type for daily restore drills. */
  public get restoreTestedTiers(): readonly BackupTier[] {
    return this.awsTiers.filter((t) => t.awsSelection!.restoreTestResourceType !== undefined);
  }

  /** Tiers with Velero schedules. */
  public get clusterTiers(): readonly BackupTier[] {
    return this.tiers.filter((t) => t.clusterSelection !== undefined);
  }
}
