import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { denyGrantsNotForAwsResources, keyAdministrationByAccount } from '../core';

/** Role AWS Backup Audit Manager uses to write report files. */
export function backupReportsRoleArn(stack: Stack): string {
  return `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports`;
}

/** Data actions the services that store backups need. */
export const KEY_USE_ACTIONS = [
  'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
];

export interface VaultKeyProps {
  readonly aliasName: string;
  /** ARN of the EventBridge rule that publishes failures to the topic encrypted with this key. */
  readonly failureRuleArn: string;
  readonly rotationPeriod: Duration;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The region's backup key. Its policy lets the account administer the key, but lets data flow
 * through it only by way of the services that hold backups here (AWS Backup and S3 in this region,
 * for this account), EventBridge publishing to the encrypted failure topic, and Backup Audit
 * Manager writing its reports.
 */
export function createVaultKey(scope: Construct, id: string, props: VaultKeyProps): kms.Key {
  const stack = Stack.of(scope);
  const account = stack.account;
  const region = stack.region;
  const policy = new iam.PolicyDocument({
    statements: [
      keyAdministrationByAccount(),
      new iam.PolicyStatement({
        sid: 'UseThroughBackupAndS3InThisAccount',
        principals: [new iam.AccountRootPrincipal()],
        actions: KEY_USE_ACTIONS,
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:CallerAccount': account,
            'kms:ViaService': [`backup.${region}.amazonaws.com`, `s3.${region}.amazonaws.com`],
          },
        },
      }),
      new iam.PolicyStatement({
        sid: 'GrantsThroughBackupForAwsResourcesInThisAccount',
        principals: [new iam.AccountRootPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `backup.${region}.amazonaws.com` },
          Bool: { 'kms:GrantIsForAWSResource': 'true' },
        },
      }),
      // Control Tower CT.KMS.PR.3: grants only for AWS resources or by AWS services, whatever an
      // IAM policy allows.
      denyGrantsNotForAwsResources(),
      new iam.PolicyStatement({
        sid: 'PublishFailureEventsToEncryptedTopic',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:SourceArn': props.failureRuleArn }, StringEquals: { 'aws:SourceAccount': account } },
      }),
      new iam.PolicyStatement({
        sid: 'WriteAuditReports',
        // A condition instead of a named principal: the service-linked role may not exist yet when
        // the key is created, and KMS rejects policies naming principals that do not exist.
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:CallerAccount': account },
          ArnEquals: { 'aws:PrincipalArn': backupReportsRoleArn(stack) },
        },
      }),
    ],
  });
  return new kms.Key(scope, id, {
    alias: props.aliasName,
    description: `AWS Backup vault key (${props.aliasName})`,
    enableKeyRotation: true,
    rotationPeriod: props.rotationPeriod,
    policy,
    removalPolicy: props.removalPolicy,
    pendingWindow: Duration.days(30),
  });
}
