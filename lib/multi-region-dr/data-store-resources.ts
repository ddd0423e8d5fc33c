import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeFinding, acknowledgeInCompliancePacks, kmsAliasArn, managedPolicyFinding } from '../core';
import { BACKUP_TIER_TAG } from '../encrypted-backup-vault';
import { leastPrivilegeRole } from './least-privilege-role';
import { DatabaseNetwork, DEFAULT_AURORA_ENGINE_VERSION, DeleteMarkerReplication, GlobalTableConsistency } from './data-stores';
import { AURORA_GLOBAL_TYPICAL_LAG_MINUTES, DYNAMODB_MREC_REPLICATION_MINUTES, S3_RTC_THRESHOLD_MINUTES } from './dr-constants';
import { drNames } from './dr-naming';
import { ReplicationSignal } from './replication-signals';

const DEFAULT_PORT = 'The default PostgreSQL port is kept: the database is reachable only inside the VPC through its security group, and a non-standard port is no control.';
const IN_BACKUP_PLAN = 'The cluster carries the resilience:backup-tier tag that EncryptedBackupVault\'s tag-based selection in the same region backs up; cdk-nag sees only selections inside this template.';

/** Default retention of noncurrent object versions in the DR buckets. */
export const DEFAULT_NONCURRENT_VERSION_RETENTION = Duration.days(90);

/** What every store of a region needs to know. */
export interface StoreContext {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly key: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

const BUCKET_BASE: s3.BucketProps = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
};

/**
 * The region's server access log bucket. S3 log delivery supports only SSE-S3 on the destination,
 * so this one bucket is not encrypted with the region's key.
 */
export function createAccessLogsBucket(scope: Construct, ctx: StoreContext, name: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    ...BUCKET_BASE,
    bucketName: drNames.bucket(ctx.environment, `${name}-logs`, ctx.region, ctx.account),
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    removalPolicy: ctx.removalPolicy,
    lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
  });
  const loop = 'This bucket is the server access log destination of the DR data buckets of its region; logging it into itself would loop.';
  acknowledgeFinding(bucket, 'AwsSolutions-S1', loop);
  acknowledgeInCompliancePacks(bucket, 'S3BucketLoggingEnabled', loop);
  acknowledgeInCompliancePacks(bucket, 'S3DefaultEncryptionKMS', 'S3 server access log delivery supports only SSE-S3 on the destination bucket, not SSE-KMS.');
  acknowledgeInCompliancePacks(bucket, 'S3BucketReplicationEnabled', 'Access logs describe the buckets of their own region and stay there; the data they describe is what is replicated.');
  acknowledgeFinding(bucket, 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', loop);
  acknowledgeFinding(bucket, 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', 'S3 server access log delivery supports only SSE-S3 on the destination bucket, not SSE-KMS.');
  acknowledgeFinding(bucket, 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', 'Access logs expire after a year by lifecycle; Object Lock would keep them from expiring and S3 log delivery does not need it.');
  acknowledgeFinding(bucket, 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', 'Access logs are read in bulk (Athena), not per object; no consumer of object events exists.');
  return bucket;
}

/** A data bucket of the object store (source in the primary, replica in a standby). */
export function createDataBucket(scope: Construct, id: string, ctx: StoreContext, name: string, accessLogs: s3.IBucket, backupTier: string, noncurrentVersionRetention: Duration): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    ...BUCKET_BASE,
    bucketName: drNames.bucket(ctx.environment, name, ctx.region, ctx.account),
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: ctx.key,
    bucketKeyEnabled: true,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: `${name}/`,
    removalPolicy: ctx.removalPolicy,
    lifecycleRules: [{ id: 'expire-noncurrent-versions', noncurrentVersionExpiration: noncurrentVersionRetention, abortIncompleteMultipartUploadAfter: Duration.days(7) }],
  });
  Tags.of(bucket).add(BACKUP_TIER_TAG, backupTier);
  const noLock = 'Object Lock (WORM) is not used on replicated application data: deletes must stay possible (e.g. erasure requests) and S3 needs Object Lock on both ends to replicate locked objects; immutable copies are the backup vault\'s job (vault lock).';
  acknowledgeFinding(bucket, 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', noLock);
  acknowledgeFinding(bucket, 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', 'No consumer of object events exists for the DR data buckets; replication is observed through its own metrics (ReplicationLatency, OperationsPendingReplication).');
  return bucket;
}

/**
 * Replication of the primary's bucket to each replica bucket, with Replication Time Control and
 * replication metrics (15-minute threshold), KMS-encrypted objects re-encrypted with the replica
 * region's own key (by alias ARN, which S3 accepts as `ReplicaKmsKeyID`). The L2's
 * `replicationRules` grants on the alias ARN, which KMS does not authorize by, so the rules and the
 * role's key permission are written here.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 */
export function replicateBucket(source: s3.Bucket, ctx: StoreContext, name: string, replicaRegions: readonly string[], deleteMarkers: DeleteMarkerReplication): ReplicationSignal[] {
  const stack = Stack.of(source);
  // The bucket's ARN from its deterministic name: the bucket refers to the role, so the role cannot refer back to the bucket.
  const sourceArn = `arn:${stack.partition}:s3:::${drNames.bucket(ctx.environment, name, ctx.region, ctx.account)}`;
  const statements: iam.PolicyStatement[] = [
    new iam.PolicyStatement({ actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [sourceArn] }),
    new iam.PolicyStatement({ actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], resources: [`${sourceArn}/*`] }),
    new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [ctx.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${ctx.region}.amazonaws.com` } },
    }),
  ];
  const signals: ReplicationSignal[] = [];
  const rules: s3.CfnBucket.ReplicationRuleProperty[] = replicaRegions.map((region, i) => {
    const destination = drNames.bucket(ctx.environment, name, region, ctx.account);
    const destinationArn = `arn:${stack.partition}:s3:::${destination}`;
    statements.push(new iam.PolicyStatement({ actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], resources: [`${destinationArn}/*`] }));
    // KMS authorizes by key ARN; the replica key is known by its alias, so scope to keys carrying it.
    statements.push(new iam.PolicyStatement({
      actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [`arn:${stack.partition}:kms:${region}:${ctx.account}:key/*`],
      conditions: {
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': drNames.keyAlias(ctx.environment, region) },
        'StringEquals': { 'kms:ViaService': `s3.${region}.amazonaws.com` },
      },
    }));
    const ruleId = `to-${region}`;
    signals.push({
      store: 's3',
      storeName: drNames.bucket(ctx.environment, name, ctx.region, ctx.account),
      destinationRegion: region,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/S3',
        metricName: 'ReplicationLatency',
        dimensionsMap: { SourceBucket: drNames.bucket(ctx.environment, name, ctx.region, ctx.account), DestinationBucket: destination, RuleId: ruleId },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(1),
      }),
      threshold: S3_RTC_THRESHOLD_MINUTES * 60,
      unit: 'seconds',
    });
    return {
      id: ruleId,
      priority: i + 1,
      status: 'Enabled',
      filter: { prefix: '' },
      deleteMarkerReplication: { status: deleteMarkers === 'replicate' ? 'Enabled' : 'Disabled' },
      sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
      destination: {
        bucket: destinationArn,
        encryptionConfiguration: { replicaKmsKeyId: kmsAliasArn(region, ctx.account, drNames.keyAlias(ctx.environment, region), stack.partition) },
        replicationTime: { status: 'Enabled', time: { minutes: S3_RTC_THRESHOLD_MINUTES } },
        metrics: { status: 'Enabled', eventThreshold: { minutes: S3_RTC_THRESHOLD_MINUTES } },
      },
    };
  });
  const role = leastPrivilegeRole(source, 'ReplicationRole', {
    assumedBy: new iam.ServicePrincipal('s3.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': ctx.account }, ArnLike: { 'aws:SourceArn': sourceArn } },
    }),
    description: `S3 replication of ${sourceArn} to ${replicaRegions.join(', ')}`,
    statements,
    wildcardReason: 'Replication reads and writes every object version of the source and replica buckets (object ARNs under the bucket), and encrypts with the replica region\'s key, which lives in another stack and is matched by its alias (kms:ResourceAliases) instead of its generated key id.',
  });
  (source.node.defaultChild as s3.CfnBucket).replicationConfiguration = { role: role.roleArn, rules };
  return signals;
}

/** The DynamoDB global table, created in the primary region with a replica in each standby. */
export function createGlobalTable(scope: Construct, ctx: StoreContext, options: {
  name: string; partitionKey: string; sortKey?: string; consistency: GlobalTableConsistency; replicaRegions: readonly string[]; backupTier: string;
}): { table: dynamodb.TableV2; signals: ReplicationSignal[] } {
  const stack = Stack.of(scope);
  const tags = [{ key: BACKUP_TIER_TAG, value: options.backupTier }];
  const pitr = { pointInTimeRecoveryEnabled: true };
  const tableName = drNames.table(ctx.environment, options.name);
  const replicaKeys = Object.fromEntries(options.replicaRegions.map((r) => [r, kmsAliasArn(r, ctx.account, drNames.keyAlias(ctx.environment, r), stack.partition)]));
  const table = new dynamodb.TableV2(scope, 'Table', {
    tableName,
    partitionKey: { name: options.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: options.sortKey ? { name: options.sortKey, type: dynamodb.AttributeType.STRING } : undefined,
    billing: dynamodb.Billing.onDemand(),
    encryption: dynamodb.TableEncryptionV2.customerManagedKey(ctx.key, replicaKeys),
    pointInTimeRecoverySpecification: pitr,
    deletionProtection: ctx.deletionProtection,
    removalPolicy: ctx.removalPolicy,
    multiRegionConsistency: options.consistency === 'strong' ? dynamodb.MultiRegionConsistency.STRONG : dynamodb.MultiRegionConsistency.EVENTUAL,
    replicas: options.replicaRegions.map((region) => ({ region, deletionProtection: ctx.deletionProtection, pointInTimeRecoverySpecification: pitr, tags })),
    tags,
  });
  const signals = options.replicaRegions.map((region): ReplicationSignal => ({
    store: 'dynamodb',
    storeName: tableName,
    destinationRegion: region,
    metric: new cloudwatch.Metric({
      namespace: 'AWS/DynamoDB',
      metricName: 'ReplicationLatency',
      dimensionsMap: { TableName: tableName, ReceivingRegion: region },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
    }),
    threshold: DYNAMODB_MREC_REPLICATION_MINUTES * 60_000,
    unit: 'milliseconds',
  }));
  return { table, signals };
}

/** Everything an Aurora cluster of the global database needs. */
export interface AuroraContext {
  readonly name: string;
  readonly network: DatabaseNetwork;
  readonly engineVersion?: rds.AuroraPostgresEngineVersion;
  readonly instanceType: ec2.InstanceType;
  readonly managedRpo?: Duration;
  readonly backupTier: string;
}

/** The network's subnets: as given, else the isolated ones, else the private ones with egress. */
function databaseSubnets(network: DatabaseNetwork): ec2.SubnetSelection {
  return network.vpcSubnets ?? { subnetType: network.vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS };
}

function auroraParameterGroup(scope: Construct, ctx: StoreContext, aurora: AuroraContext): rds.ParameterGroup {
  // TLS only (rds.force_ssl); the managed RPO set in every region's group: the managed RPO applies to whichever cluster is primary, so it
  // must survive a failover. https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html#aurora-global-database-manage-recovery
  return new rds.ParameterGroup(scope, 'ClusterParameters', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: aurora.engineVersion ?? DEFAULT_AURORA_ENGINE_VERSION }),
    description: `${ctx.environment} ${aurora.name}: TLS only${aurora.managedRpo ? ', managed RPO of the global database' : ''}`,
    parameters: { 'rds.force_ssl': '1', ...(aurora.managedRpo ? { 'rds.global_db_rpo': String(aurora.managedRpo.toSeconds()) } : {}) },
  });
}

/** The writer cluster in the primary and the global cluster around it. */
export function createAuroraPrimary(scope: Construct, ctx: StoreContext, aurora: AuroraContext): { cluster: rds.DatabaseCluster; globalCluster: rds.CfnGlobalCluster } {
  const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: aurora.engineVersion ?? DEFAULT_AURORA_ENGINE_VERSION });
  const instance = (id: string): rds.IClusterInstance => rds.ClusterInstance.provisioned(id, {
    instanceType: aurora.instanceType,
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: ctx.key,
  });
  const cluster = new rds.DatabaseCluster(scope, 'Cluster', {
    engine,
    clusterIdentifier: drNames.cluster(ctx.environment, aurora.name, ctx.region),
    writer: instance('Writer'),
    // A reader in another zone, so a zone loss fails over inside the region before it fails over the region.
    readers: [instance('Reader')],
    vpc: aurora.network.vpc,
    vpcSubnets: databaseSubnets(aurora.network),
    storageEncrypted: true,
    storageEncryptionKey: ctx.key,
    credentials: rds.Credentials.fromGeneratedSecret('dbadmin', { encryptionKey: ctx.key }),
    iamAuthentication: true,
    cloudwatchLogsExports: ['postgresql'],
    deletionProtection: ctx.deletionProtection,
    removalPolicy: ctx.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT,
    backup: { retention: Duration.days(7) },
    copyTagsToSnapshot: true,
    monitoringInterval: Duration.seconds(60),
    parameterGroup: auroraParameterGroup(scope, ctx, aurora),
  });
  Tags.of(cluster).add(BACKUP_TIER_TAG, aurora.backupTier);
  const globalCluster = new rds.CfnGlobalCluster(scope, 'GlobalCluster', {
    globalClusterIdentifier: drNames.globalCluster(ctx.environment, aurora.name),
    sourceDbClusterIdentifier: cluster.clusterArn,
    deletionProtection: ctx.deletionProtection,
  });
  globalCluster.applyRemovalPolicy(ctx.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
  // RDS-managed master passwords (ManageMasterUserPassword, rotated by RDS) are not supported for DB clusters of an Aurora global
  // database (Aurora User Guide, "Limitations for Secrets Manager integration"), so the secret is generated and kept by CDK.
  // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations
  const notRotated = 'Not rotated: RDS-managed master passwords (ManageMasterUserPassword, which RDS rotates) are not supported for DB clusters that are part of an Aurora global database (Aurora User Guide, rds-secrets-manager limitations), and a Secrets Manager rotation Lambda would have to reach Secrets Manager and the writer from the isolated database subnets, whose VPC endpoints this construct does not own (open item in the README). Applications sign in with IAM database authentication, not this secret.';
  acknowledgeFinding(cluster, 'AwsSolutions-SMG4', notRotated);
  acknowledgeFinding(cluster, 'AwsSolutions-RDS11', DEFAULT_PORT);
  acknowledgeInCompliancePacks(cluster, 'SecretsManagerRotationEnabled', notRotated);
  acknowledgeInCompliancePacks(cluster, 'RDSInBackupPlan', IN_BACKUP_PLAN);
  acknowledgeFinding(cluster, managedPolicyFinding('service-role/AmazonRDSEnhancedMonitoringRole'), 'AmazonRDSEnhancedMonitoringRole is the service policy RDS enhanced monitoring documents; it allows only writing the RDSOSMetrics log group.');
  return { cluster, globalCluster };
}

/** A secondary cluster of the global database in a standby region (L1: it has no credentials of its own). */
export function createAuroraSecondary(scope: Construct, ctx: StoreContext, aurora: AuroraContext): { cluster: rds.CfnDBCluster; signal: ReplicationSignal } {
  const version = aurora.engineVersion ?? DEFAULT_AURORA_ENGINE_VERSION;
  const subnets = new rds.SubnetGroup(scope, 'SubnetGroup', {
    vpc: aurora.network.vpc,
    vpcSubnets: databaseSubnets(aurora.network),
    description: `${ctx.environment} ${aurora.name} secondary in ${ctx.region}`,
    removalPolicy: ctx.removalPolicy,
  });
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: aurora.network.vpc,
    description: `${ctx.environment} ${aurora.name} secondary in ${ctx.region}: no ingress until applications are granted`,
    allowAllOutbound: false,
  });
  const parameters = auroraParameterGroup(scope, ctx, aurora);
  const clusterIdentifier = drNames.cluster(ctx.environment, aurora.name, ctx.region);
  const cluster = new rds.CfnDBCluster(scope, 'Cluster', {
    engine: 'aurora-postgresql',
    engineVersion: version.auroraPostgresFullVersion,
    globalClusterIdentifier: drNames.globalCluster(ctx.environment, aurora.name),
    dbClusterIdentifier: clusterIdentifier,
    storageEncrypted: true,
    kmsKeyId: ctx.key.keyArn,
    dbSubnetGroupName: subnets.subnetGroupName,
    vpcSecurityGroupIds: [securityGroup.securityGroupId],
    deletionProtection: ctx.deletionProtection,
    enableCloudwatchLogsExports: ['postgresql'],
    enableIamDatabaseAuthentication: true,
    copyTagsToSnapshot: true,
    backupRetentionPeriod: 7,
    dbClusterParameterGroupName: parameters.bindToCluster({}).parameterGroupName,
  });
  cluster.applyRemovalPolicy(ctx.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT);
  Tags.of(cluster).add(BACKUP_TIER_TAG, aurora.backupTier);
  const monitoringRole = new iam.Role(scope, 'MonitoringRole', {
    assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': ctx.account } } }),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    description: `Enhanced monitoring of ${clusterIdentifier}`,
  });
  acknowledgeFinding(monitoringRole, managedPolicyFinding('service-role/AmazonRDSEnhancedMonitoringRole'), 'AmazonRDSEnhancedMonitoringRole is the service policy RDS enhanced monitoring documents; it allows only writing the RDSOSMetrics log group.');
  const instance = new rds.CfnDBInstance(scope, 'Instance', {
    dbClusterIdentifier: cluster.ref,
    monitoringInterval: 60,
    monitoringRoleArn: monitoringRole.roleArn,
    dbInstanceClass: `db.${aurora.instanceType.toString()}`,
    engine: 'aurora-postgresql',
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
  });
  instance.applyRemovalPolicy(RemovalPolicy.DESTROY);
  acknowledgeFinding(cluster, 'AwsSolutions-RDS11', DEFAULT_PORT);
  acknowledgeInCompliancePacks(instance, 'RDSInBackupPlan', IN_BACKUP_PLAN);
  return {
    cluster,
    signal: {
      store: 'aurora',
      storeName: drNames.globalCluster(ctx.environment, aurora.name),
      destinationRegion: ctx.region,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/RDS',
        metricName: 'AuroraGlobalDBReplicationLag',
        dimensionsMap: { DBClusterIdentifier: clusterIdentifier },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(1),
      }),
      threshold: aurora.managedRpo ? aurora.managedRpo.toMilliseconds() : AURORA_GLOBAL_TYPICAL_LAG_MINUTES * 60_000,
      unit: 'milliseconds',
    },
  };
}
