import { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/**
 * The policy gates every platform synth runs, in one place: the cdk-nag packs AwsSolutions, HIPAA
 * Security, NIST 800-53 R5 and PCI DSS 3.2.1, and AWS Control Tower's proactive controls (cfn-guard
 * rules, through `@cdklabs/cdk-validator-cfnguard`). A new gate is added to this list and nowhere else.
 */
export function platformValidationPlugins(scope: IConstruct): IPolicyValidationPlugin[] {
  return [new AwsSolutionsChecks(scope), new HIPAASecurityChecks(scope), new NIST80053R5Checks(scope), new PCIDSS321Checks(scope), new CfnGuardValidator()];
}
