import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GlobalStack, readValidationFindings } from '../../lib/platform';
import { CDK_CONTEXT } from '../support/app';
import { DNS_SETTINGS, environment, PROD_WEIGHTED } from './dns-settings';

// One synth with the CloudFormation validation engine in strict mode and the four cdk-nag packs.
test('every environment\'s global stack (and prod\'s weighted option) passes CloudFormation validation and cdk-nag with no unacknowledged finding', () => {
  // GIVEN the real app context (validation engine on, strict)
  const app = new App({ context: CDK_CONTEXT, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-gate-')) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app));
  for (const name of ['dev', 'staging', 'prod']) {
    new GlobalStack(app, `${name}-global`, { environment: environment(name), dns: DNS_SETTINGS[name] });
  }
  new GlobalStack(app, 'prod-weighted-global', { environment: environment('prod'), dns: PROD_WEIGHTED, stackName: 'resilience-prod-weighted-global' });
  // WHEN synthesized
  const assembly = app.synth();
  // THEN nothing is left unacknowledged
  expect(readValidationFindings(assembly)).toEqual([]);
});
