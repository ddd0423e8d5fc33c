import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { denyGrantsNotForAwsResources, keyAdministrationByAccount } from '../core';
import { drNames } from './dr-naming';

/** Data actions of the services that store DR data. */
const KEY_USE_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'];

/** Options of a DR key. */
export interface DrKeyOptions {
  readonly description: string;
  /** Services (by endpoint prefix, e.g. `s3`) that may use the key in this region for this account. */
  readonly services: readonly string[];
  readonly removalPolicy: RemovalPolicy;
  /** @default - no alias */
  readonly alias?: string;
  /** Further statements (e.g. for CloudWatch Logs' service principal). @default - none */
  readonly statements?: readonly iam.PolicyStatement[];
}

/**
 * A customer-managed key whose policy lets the account administer it, but lets data flow through
 * it only by way of the named AWS services in this region and account; grants only for AWS
 * resources (`kms:GrantIsForAWSResource`), which is how DynamoDB and RDS use a key.
 */
export function createDrKey(scope: Construct, id: string, options: DrKeyOptions): kms.Key {
  const stack = Stack.of(scope);
  const viaService = { 'kms:CallerAccount': stack.account, 'kms:ViaService': options.services.map((s) => `${s}.${stack.region}.amazonaws.com`) };
  const policy = new iam.PolicyDocument({
    statements: [
      keyAdministrationByAccount(),
      new iam.PolicyStatement({ sid: 'UseThroughServices', principals: [new iam.AccountRootPrincipal()], actions: KEY_USE_ACTIONS, resources: ['*'], conditions: { StringEquals: viaService } }),
      new iam.PolicyStatement({
        sid: 'GrantsForServiceResources',
        principals: [new iam.AccountRootPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { StringEquals: viaService, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
      // Control Tower CT.KMS.PR.3: nobody but an AWS service acting for an AWS resource creates grants.
      denyGrantsNotForAwsResources(),
      ...(options.statements ?? []),
    ],
  });
  return new kms.Key(scope, id, {
    description: options.description,
    alias: options.alias,
    enableKeyRotation: true,
    rotationPeriod: Duration.days(365),
    policy,
    removalPolicy: options.removalPolicy,
    pendingWindow: Duration.days(30),
  });
}

/**
 * The customer-managed key of one region's DR data (replica buckets, global table replica, Aurora
 * cluster and its secret). KMS keys are regional, so every region has its own; other regions name
 * it by its deterministic alias (S3 replication and DynamoDB replicas accept alias ARNs).
 */
export function createRegionKey(scope: Construct, environment: string, region: string, removalPolicy: RemovalPolicy): kms.Key {
  return createDrKey(scope, 'Key', {
    description: `${environment} DR data in ${region} (replicated stores)`,
    alias: drNames.keyAlias(environment, region),
    services: ['s3', 'dynamodb', 'rds', 'secretsmanager'],
    removalPolicy,
  });
}
