import { Stack, Validations } from 'aws-cdk-lib';
import { CfnElement, CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Rule-id prefixes of the compliance packs that share rule names (HIPAA, NIST 800-53 R5, PCI DSS 3.2.1). */
export const COMPLIANCE_PACK_PREFIXES = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;

/**
 * Acknowledges one finding of cdk-nag (or the CloudFormation validator) on `scope` and everything
 * below it. The reason is mandatory and should say why the finding does not apply here.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** Acknowledges the same rule in each compliance pack that has it, e.g. `S3BucketReplicationEnabled`. */
export function acknowledgeInCompliancePacks(scope: IConstruct, rule: string, reason: string): void {
  for (const prefix of COMPLIANCE_PACK_PREFIXES) acknowledgeFinding(scope, `${prefix}-${rule}`, reason);
}

/**
 * The id cdk-nag gives a wildcard finding on `<resource>.Arn/<suffix>` in an IAM policy
 * (e.g. `AwsSolutions-IAM5[Resource::<BucketLogicalId.Arn>/*]`).
 */
export function arnWildcardFinding(rule: string, resource: CfnResource | CfnElement, suffix: string): string {
  return `${rule}[Resource::<${Stack.of(resource).getLogicalId(resource)}.Arn>${suffix}]`;
}

/** The id cdk-nag gives the use of an AWS managed policy (`AwsSolutions-IAM4[Policy::…]`). */
export function managedPolicyFinding(policyName: string): string {
  return `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyName}]`;
}
