import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { drNames } from './dr-naming';

/**
 * The customer-managed key of one region's DR data (replica buckets, global table replica, Aurora
 * cluster). KMS keys are regional, so every region has its own; other regions name it by its
 * deterministic alias (S3 replication and DynamoDB replicas accept alias ARNs).
 */
export function createRegionKey(scope: Construct, environment: string, region: string, removalPolicy: RemovalPolicy): kms.Key {
  const key = new kms.Key(scope, 'Key', {
    description: `${environment} DR data in ${region} (replicated stores)`,
    enableKeyRotation: true,
    rotationPeriod: Duration.days(365),
    removalPolicy,
    pendingWindow: Duration.days(30),
  });
  key.addAlias(drNames.keyAlias(environment, region));
  return key;
}
