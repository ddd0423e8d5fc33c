import { App, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readValidationFindings } from '../../lib/platform/validation-gate';
import { CDK_CONTEXT } from '../support/app';
import { environmentFixture } from './fixtures';

// One synth of prod's monitoring in us-east-1 (every kind of resource: DNS actions, budgets, the
// correlated composite) plus the global view, with the CloudFormation
// validation engine in strict mode, the four cdk-nag packs and the Control Tower proactive controls.
test('the environment\'s monitoring passes CloudFormation validation, cdk-nag and cfn-guard with no unacknowledged finding', () => {
  // GIVEN the real app context (validation engine on, strict) and every policy pack
  const app = new App({ context: CDK_CONTEXT, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-gate-')) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app), new CfnGuardValidator());
  // The other regions are the same construct with a subset of its resources (no DNS, no budgets);
  // each costs about 15 s of cdk-nag and cfn-guard on this machine, so the gate synthesizes one.
  environmentFixture(app, ['us-east-1']);
  // WHEN synthesized
  const assembly = app.synth();
  // THEN nothing is left unacknowledged
  expect(readValidationFindings(assembly)).toEqual([]);
});
