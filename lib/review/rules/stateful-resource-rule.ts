import { ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { resourceTarget, ReviewInput, ReviewRule, Violation } from './review-rule';

/**
 * Resource types that hold data or identity that a replacement or deletion loses: keys (data
 * encrypted under a deleted key is unrecoverable), vaults and their recovery points, tables,
 * buckets, hosted zones (name servers change on re-creation) and database clusters.
 */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = [
  'AWS::KMS::Key',
  'AWS::Backup::BackupVault',
  'AWS::Backup::LogicallyAirGappedBackupVault',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::S3::Bucket',
  'AWS::Route53::HostedZone',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::RDS::GlobalCluster',
  'AWS::EFS::FileSystem',
];

/** Fails when a change replaces or deletes a stateful resource. */
export function statefulResourceReplacedOrDeleted(input: ReviewInput): Violation[] {
  const violations: Violation[] = [];
  for (const stack of input.stacks) {
    const stateful = stack.resources.filter((r) => STATEFUL_RESOURCE_TYPES.includes(r.type));
    const added = stateful.filter((r) => r.change === 'added');
    for (const r of stateful) {
      const target = resourceTarget(stack, r.logicalId);
      if (r.change === 'removed') {
        // A renamed construct changes the logical ID: CloudFormation creates the new one and deletes the old.
        const successor = added.find((a) => a.type === r.type);
        const fate = r.deletionPolicy === 'Retain' || r.deletionPolicy === 'RetainExceptOnCreate' ? 'orphaned (DeletionPolicy Retain)' : 'deleted';
        const what = stack.status === 'removed' ? `its stack ${stack.stackName} is removed` : successor ? `replaced by ${successor.logicalId} (a changed logical ID)` : 'removed from the template';
        violations.push({ rule: 'stateful-resource', target, message: `${r.type} is ${fate}: ${what}` });
      } else if (r.change === 'updated' && (r.impact === ResourceImpact.WILL_REPLACE || r.impact === ResourceImpact.MAY_REPLACE)) {
        const how = r.impact === ResourceImpact.WILL_REPLACE ? 'will be replaced' : 'may be replaced';
        violations.push({ rule: 'stateful-resource', target, message: `${r.type} ${how}: ${r.replacingProperties.join(', ') || 'resource type'} changed` });
      }
    }
  }
  return violations;
}

export const STATEFUL_RESOURCE_RULE: ReviewRule = {
  id: 'stateful-resource',
  description: 'A key, vault, table, bucket, hosted zone or database cluster is replaced or deleted.',
  check: statefulResourceReplacedOrDeleted,
};
