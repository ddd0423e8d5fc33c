import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { BackupProtection } from './dr-budget';

/** What S3 does with delete markers on replication: an explicit choice, as the issue asks. */
export type DeleteMarkerReplication = 'replicate' | 'do-not-replicate';

/** Object storage replicated to the standbys with S3 Replication Time Control. */
export interface ReplicatedBucketOptions {
  /** Short name, kebab-case; the buckets are `<env>-<name>-<region>-<account>`. */
  readonly name: string;
  /**
   * Whether a delete in the primary also hides the object in the replicas. `do-not-replicate`
   * protects the replicas from an accidental or malicious delete; `replicate` keeps them identical.
   */
  readonly deleteMarkers: DeleteMarkerReplication;
  /**
   * Standby regions holding a replica.
   * @default - every standby region of the environment
   */
  readonly replicaRegions?: readonly string[];
  /**
   * Backup tier the buckets are tagged with (EncryptedBackupVault selects by `resilience:backup-tier`).
   * @default 'incremental'
   */
  readonly backupTier?: string;
  /**
   * The protection by backups alone, when the strategy does not replicate (backup and restore).
   * @default - required when there is no replica
   */
  readonly backup?: BackupProtection;
  /**
   * How long a noncurrent (overwritten or deleted) object version is kept, at both ends.
   * @default Duration.days(90)
   */
  readonly noncurrentVersionRetention?: Duration;
}

/** Consistency of a DynamoDB global table across regions. */
export type GlobalTableConsistency = 'eventual' | 'strong';

/** A DynamoDB global table (`TableV2`) with a replica in each standby. */
export interface GlobalTableOptions {
  /** Table name, kebab-case; the table is `<env>-<name>` in every region. */
  readonly name: string;
  /** Partition key attribute (type string). */
  readonly partitionKey: string;
  /**
   * Sort key attribute (type string).
   * @default - none
   */
  readonly sortKey?: string;
  /**
   * Multi-Region consistency. `strong` (MRSC) needs exactly three regions (or two and a witness)
   * and gives RPO zero; `eventual` (MREC) replicates within about a second.
   * @default 'eventual'
   */
  readonly consistency?: GlobalTableConsistency;
  /**
   * Standby regions holding a replica.
   * @default - every standby region of the environment
   */
  readonly replicaRegions?: readonly string[];
  /**
   * Backup tier the table is tagged with.
   * @default 'incremental'
   */
  readonly backupTier?: string;
  /**
   * The protection by backups alone, when the strategy does not replicate.
   * @default - required when there is no replica
   */
  readonly backup?: BackupProtection;
}

/** Where an Aurora cluster's instances live in one region: handed in, never invented. */
export interface DatabaseNetwork {
  /** The region's VPC. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the database.
   * @default - the VPC's private (isolated, else with egress) subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/** An Aurora PostgreSQL global database: the writer in the primary, secondaries in the standbys. */
export interface AuroraGlobalDatabaseOptions {
  /** Short name, kebab-case; the global cluster is `<env>-<name>`, regional clusters `<env>-<name>-<region>`. */
  readonly name: string;
  /** The database network of every region that holds a cluster (the primary and each secondary). */
  readonly networks: Readonly<Record<string, DatabaseNetwork>>;
  /**
   * Standby regions holding a secondary cluster.
   * @default - every standby region of the environment
   */
  readonly replicaRegions?: readonly string[];
  /**
   * Managed RPO (`rds.global_db_rpo`), whole seconds from 20: Aurora blocks commits on the
   * primary when no secondary is within it.
   * @default - none: the RPO is the replication lag
   */
  readonly managedRpo?: Duration;
  /**
   * Engine version (must be one Aurora global database supports).
   * @default rds.AuroraPostgresEngineVersion.VER_16_10
   */
  readonly engineVersion?: rds.AuroraPostgresEngineVersion;
  /**
   * Instance class of every instance.
   * @default ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE)
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Backup tier the clusters are tagged with.
   * @default 'postgres'
   */
  readonly backupTier?: string;
  /**
   * The protection by backups alone, when the strategy does not replicate.
   * @default - required when there is no secondary
   */
  readonly backup?: BackupProtection;
}

/** The data stores of an environment, each optional. */
export interface DataStoresOptions {
  /** @default - no replicated object storage */
  readonly objectStorage?: ReplicatedBucketOptions;
  /** @default - no global table */
  readonly keyValue?: GlobalTableOptions;
  /** @default - no Aurora global database */
  readonly postgres?: AuroraGlobalDatabaseOptions;
}

/** Default backup tiers by store (EncryptedBackupVault's seed tiers). */
export const DEFAULT_STORE_BACKUP_TIERS = { objectStorage: 'incremental', keyValue: 'incremental', postgres: 'postgres' } as const;

/** Default Aurora engine version. */
export const DEFAULT_AURORA_ENGINE_VERSION = rds.AuroraPostgresEngineVersion.VER_16_10;
