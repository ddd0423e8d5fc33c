import { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { cachedValidationGates } from '../validation-cache';

/**
 * The policy gates every platform synth runs, in one place: aws-cdk-lib's CloudFormation
 * validation engine, the cdk-nag packs AwsSolutions, HIPAA Security, NIST 800-53 R5 and PCI DSS
 * 3.2.1, and AWS Control Tower's proactive controls (cfn-guard rules, through
 * `@cdklabs/cdk-validator-cfnguard`). Each is cached by content (template, versions,
 * acknowledgements), so an unchanged stack costs nothing on the next synth and a cache can only
 * replay a finding, never hide one. A new gate is added to this list and nowhere else.
 */
export function platformValidationPlugins(): IPolicyValidationPlugin[] {
  return cachedValidationGates();
}
