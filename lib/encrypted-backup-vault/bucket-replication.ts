import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeFinding } from '../core';

/**
 * A bucket in another region of the same account that receives replicas of the cluster backups,
 * named deterministically (`EncryptedBackupVault.clusterBackupReplica`), so no cross-region
 * reference is needed.
 */
export interface ClusterBackupReplica {
  /** Region of the destination bucket. */
  readonly region: string;
  /** Account of the destination bucket: the vault's own. */
  readonly account: string;
  /** Name of the destination bucket (the other region's Velero bucket). */
  readonly bucketName: string;
  /** Alias of the destination region's backup key, e.g. `alias/resilience-prod-us-west-2`; replicas are encrypted with it. */
  readonly kmsKeyAlias: string;
}

/**
 * Replicates every object of `bucket` to each replica bucket, re-encrypted with the destination
 * region's own key (KMS keys are regional), delete markers included so that backups Velero expires
 * here become noncurrent there and leave with the destination's noncurrent-version lifecycle;
 * versions themselves are never deleted by replication. Replication metrics are on (lag and
 * failures in CloudWatch); Replication Time Control is not: its 15-minute SLA buys nothing for
 * backups taken every 6 hours at the most, and it is billed per GB.
 *
 * S3 checks at PutBucketReplication that each destination exists with versioning on, so in a new
 * environment the destination regions' buckets must be deployed before (or in a first pass without)
 * replication.
 */
export function replicateClusterBackups(scope: Construct, bucket: s3.Bucket, bucketName: string, sourceKey: kms.IKey, replicas: readonly ClusterBackupReplica[]): iam.Role {
  const stack = Stack.of(scope);
  const partition = stack.partition;
  // Literal ARNs: the bucket refers to the role, so the role and its policy must not refer to the bucket.
  const sourceArn = `arn:${partition}:s3:::${bucketName}`;
  const role = new iam.Role(scope, 'ClusterBackupReplicationRole', {
    assumedBy: new iam.ServicePrincipal('s3.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnEquals: { 'aws:SourceArn': sourceArn },
    }),
    description: `S3 replication of ${bucket.node.path} to ${replicas.map((r) => r.region).join(', ')}`,
  });
  const destinationObjects = replicas.map((r) => `arn:${partition}:s3:::${r.bucketName}/*`);
  const policy = new iam.ManagedPolicy(scope, 'ClusterBackupReplicationPolicy', {
    description: 'What S3 replication of the cluster backups needs: read the source versions, write replicas, the keys of both ends',
    roles: [role],
    statements: [
      new iam.PolicyStatement({ sid: 'ReadReplicationConfiguration', actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [sourceArn] }),
      new iam.PolicyStatement({
        sid: 'ReadSourceVersions',
        actions: ['s3:GetObjectLegalHold', 's3:GetObjectRetention', 's3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'],
        resources: [`${sourceArn}/*`],
      }),
      new iam.PolicyStatement({ sid: 'WriteReplicas', actions: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'], resources: destinationObjects }),
      new iam.PolicyStatement({
        sid: 'DecryptSourceThroughS3',
        actions: ['kms:Decrypt'],
        resources: [sourceKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }),
      ...replicas.map(
        (r) =>
          new iam.PolicyStatement({
            sid: `EncryptReplicasIn${r.region.replace(/[^a-zA-Z0-9]/g, '')}`,
            actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
            // The destination key is known by its alias only (deterministic, no cross-region reference).
            resources: [`arn:${partition}:kms:${r.region}:${r.account}:key/*`],
            conditions: {
              'StringEquals': { 'kms:ViaService': `s3.${r.region}.amazonaws.com` },
              'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [r.kmsKeyAlias] },
            },
          }),
      ),
    ],
  });
  const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
  acknowledgeFinding(policy, `AwsSolutions-IAM5[Resource::${shown(stack, `${sourceArn}/*`)}]`, 'Replication reads every version of every object of the source bucket; the wildcard is limited to that bucket.');
  for (const [i, r] of replicas.entries()) {
    acknowledgeFinding(policy, `AwsSolutions-IAM5[Resource::${shown(stack, destinationObjects[i])}]`, `Replication writes replicas of any object key into ${r.bucketName}; the wildcard is limited to that bucket.`);
    acknowledgeFinding(
      policy,
      `AwsSolutions-IAM5[Resource::${shown(stack, `arn:${partition}:kms:${r.region}:${r.account}:key/*`)}]`,
      `The destination key is named by its alias only (no cross-region reference); the statement is limited by kms:ResourceAliases to ${r.kmsKeyAlias} and by kms:ViaService to S3 in ${r.region}.`,
    );
  }

  cfnBucket.replicationConfiguration = {
    role: role.roleArn,
    rules: replicas.map((r, i) => ({
      id: `to-${r.region}`,
      priority: i,
      status: 'Enabled',
      filter: { prefix: '' },
      deleteMarkerReplication: { status: 'Enabled' },
      sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
      destination: {
        bucket: `arn:${partition}:s3:::${r.bucketName}`,
        account: r.account,
        encryptionConfiguration: { replicaKmsKeyId: `arn:${partition}:kms:${r.region}:${r.account}:${r.kmsKeyAlias}` },
        metrics: { status: 'Enabled', eventThreshold: { minutes: 15 } },
      },
    })),
  };
  cfnBucket.node.addDependency(policy);
  return role;
}

/** How cdk-nag prints an ARN: pseudo-parameter tokens as `<AWS::Partition>`. */
function shown(stack: Stack, arn: string): string {
  const partition = stack.partition;
  return arn.split(partition).join(stack.resolve(partition) === partition ? partition : '<AWS::Partition>');
}
