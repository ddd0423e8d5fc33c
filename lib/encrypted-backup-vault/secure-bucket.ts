import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { VaultLock } from './vault-lock';
import { acknowledgeFinding, acknowledgeInCompliancePacks } from '../core/acknowledge';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isValidBucketName(name: string): boolean {
  return S3_BUCKET_NAME.test(name) && !name.includes('..');
}

/** Properties shared by every bucket this construct creates. */
const BASE: s3.BucketProps = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
};

/**
 * The bucket that receives S3 server access logs of the other buckets. S3 log delivery only
 * supports SSE-S3 on its destination, so this one bucket is not encrypted with the customer key.
 */
export function createAccessLogsBucket(scope: Construct, id: string, bucketName: string, removalPolicy: RemovalPolicy): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    ...BASE,
    bucketName,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    removalPolicy,
    lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
  });
  const notLoggedIntoItself = 'This bucket is the server access log destination of the backup buckets; logging it into itself would loop.';
  acknowledgeFinding(bucket, 'AwsSolutions-S1', notLoggedIntoItself);
  acknowledgeInCompliancePacks(bucket, 'S3BucketLoggingEnabled', notLoggedIntoItself);
  acknowledgeInCompliancePacks(bucket, 'S3DefaultEncryptionKMS', 'S3 server access log delivery supports only SSE-S3 on the destination bucket, not SSE-KMS.');
  acknowledgeInCompliancePacks(bucket, 'S3BucketReplicationEnabled', 'Access logs are evidence of who touched this region\'s backup buckets; they are kept for a year in the same region as the buckets they describe.');
  acknowledgeFinding(bucket, 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', notLoggedIntoItself);
  acknowledgeFinding(bucket, 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', 'S3 server access log delivery supports only SSE-S3 on the destination bucket, not SSE-KMS.');
  acknowledgeFinding(bucket, 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', 'S3 server access logs cannot be delivered to a bucket with Object Lock enabled (Amazon S3 user guide, "Configuring S3 Object Lock").');
  publishEventsToEventBridge(bucket);
  return bucket;
}

/**
 * Object events go to EventBridge (the native `NotificationConfiguration`, no custom resource), so
 * deletions and overwrites of backups can be watched.
 */
function publishEventsToEventBridge(bucket: s3.Bucket): void {
  (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}

/**
 * The default Object Lock retention that mirrors a vault lock: the same mode (governance ↔
 * governance, compliance ↔ compliance) and its minimum retention, so backups in the bucket are as
 * immutable as the vault's recovery points. Undefined for an unlocked vault.
 */
export function objectLockRetentionFor(lock: VaultLock | undefined): s3.ObjectLockRetention | undefined {
  if (!lock) return undefined;
  const days = Duration.days(lock.minRetention.toDays());
  return lock.mode === 'compliance' ? s3.ObjectLockRetention.compliance(days) : s3.ObjectLockRetention.governance(days);
}

/**
 * A versioned, KMS-encrypted, access-logged bucket with public access blocked, TLS enforced, object
 * events sent to EventBridge and Object Lock enabled (Object Lock can only be turned on reliably at
 * creation, so it is on for every such bucket; a default retention applies only when `objectLock` is given).
 */
export function createEncryptedBucket(
  scope: Construct,
  id: string,
  options: {
    bucketName: string;
    encryptionKey: kms.IKey;
    accessLogs: s3.IBucket;
    logPrefix: string;
    removalPolicy: RemovalPolicy;
    noncurrentVersionExpiration: Duration;
    objectLock?: s3.ObjectLockRetention;
  },
): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    ...BASE,
    bucketName: options.bucketName,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: options.encryptionKey,
    bucketKeyEnabled: true,
    serverAccessLogsBucket: options.accessLogs,
    serverAccessLogsPrefix: options.logPrefix,
    removalPolicy: options.removalPolicy,
    lifecycleRules: [{ id: 'expire-noncurrent-versions', noncurrentVersionExpiration: options.noncurrentVersionExpiration }],
    objectLockEnabled: true,
    objectLockDefaultRetention: options.objectLock,
  });
  publishEventsToEventBridge(bucket);
  return bucket;
}
