/**
 * AWS figures the DR budget uses, each with its source. They are bounds or documented typical
 * values; where AWS publishes only a typical value, that is said and the budget rounds it up to a
 * whole minute.
 */

/**
 * S3 Replication Time Control replicates 99.99 % of objects within 15 minutes (its SLA), and the
 * `OperationsPendingReplication`/`ReplicationLatency` metrics and the 15-minute threshold event
 * are tied to it. An S3 store's RPO bound is therefore 15 minutes.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html
 */
export const S3_RTC_THRESHOLD_MINUTES = 15;

/**
 * DynamoDB global tables with multi-Region eventual consistency replicate "typically within a
 * second"; rounded up to a whole minute for the budget.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html
 */
export const DYNAMODB_MREC_REPLICATION_MINUTES = 1;

/**
 * DynamoDB global tables with multi-Region strong consistency: a write succeeds only once it is
 * durable in a second Region, so a Region loss loses no acknowledged write (RPO zero).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html
 */
export const DYNAMODB_MRSC_REPLICATION_MINUTES = 0;

/**
 * Aurora global database replication lag is typically under one second (no managed RPO set);
 * rounded up to a whole minute for the budget. With `rds.global_db_rpo` set, the managed RPO
 * (seconds, at least 20) is the bound instead.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html#aurora-global-database-manage-recovery
 */
export const AURORA_GLOBAL_TYPICAL_LAG_MINUTES = 1;

/** The smallest managed RPO Aurora PostgreSQL accepts for `rds.global_db_rpo`, in seconds (same source). */
export const AURORA_MIN_MANAGED_RPO_SECONDS = 20;

/**
 * Continuous backups (point-in-time recovery) of RDS/Aurora and DynamoDB: the latest restorable
 * time is typically within the last 5 minutes.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html
 */
export const CONTINUOUS_BACKUP_RPO_MINUTES = 5;

/**
 * CloudWatch evaluates standard-resolution metrics (AWS service metrics) per period of at least
 * 60 seconds; an alarm of N evaluation periods needs N minutes of breaching data.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
export const CLOUDWATCH_STANDARD_PERIOD_SECONDS = 60;

/**
 * An ARC cluster is billed per hour while it exists ($2.50 per cluster-hour, about $1,800 a
 * month, at the time of writing); routing controls and control panels have no extra charge.
 * @see https://aws.amazon.com/application-recovery-controller/pricing/
 */
export const ARC_CLUSTER_USD_PER_HOUR = 2.5;

/**
 * FIS charges per action-minute while an action runs (rounded to the nearest minute), whatever
 * the action or the number of targets: $0.10 in every commercial region at the time of writing.
 * @see https://aws.amazon.com/fis/pricing/
 */
export const FIS_USD_PER_ACTION_MINUTE = 0.1;
