import { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/**
 * The policy gates every platform synth runs, in one place: the cdk-nag packs AwsSolutions, HIPAA
 * Security, NIST 800-53 R5 and PCI DSS 3.2.1. A new gate (e.g. Control Tower proactive controls
 * through `@cdklabs/cdk-validator-cfnguard`) is added to this list and nowhere else.
 */
export function platformValidationPlugins(scope: IConstruct): IPolicyValidationPlugin[] {
  return [new AwsSolutionsChecks(scope), new HIPAASecurityChecks(scope), new NIST80053R5Checks(scope), new PCIDSS321Checks(scope)];
}
