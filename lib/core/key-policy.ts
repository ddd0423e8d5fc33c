import * as iam from 'aws-cdk-lib/aws-iam';

/** Administrative KMS actions: everything but using the key for data (no CreateGrant, no Decrypt). */
export const KEY_ADMIN_ACTIONS: readonly string[] = [
  'kms:CancelKeyDeletion', 'kms:CreateAlias', 'kms:DeleteAlias', 'kms:DescribeKey', 'kms:DisableKey',
  'kms:DisableKeyRotation', 'kms:EnableKey', 'kms:EnableKeyRotation', 'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus', 'kms:ListAliases', 'kms:ListGrants', 'kms:ListKeyPolicies',
  'kms:ListResourceTags', 'kms:PutKeyPolicy', 'kms:RevokeGrant', 'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * The account administers the key (KEY_ADMIN_ACTIONS through IAM policies), without using it for
 * data: the statement every customer-managed key of the library starts with.
 */
export function keyAdministrationByAccount(sid = 'KeyAdministrationByAccount'): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, principals: [new iam.AccountRootPrincipal()], actions: [...KEY_ADMIN_ACTIONS], resources: ['*'] });
}

/**
 * The key-policy statement AWS Control Tower's proactive control CT.KMS.PR.3 asks for: nobody
 * creates a grant on the key unless the grant is for an AWS resource or an AWS service asks,
 * whatever an IAM policy allows. Every customer-managed key of the library carries it.
 */
export function denyGrantsNotForAwsResources(sid = 'DenyGrantsNotForAwsResources'): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  });
}
