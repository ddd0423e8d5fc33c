import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Chart, Testing } from 'cdk8s';

/** The feature flags and validation settings of the real app, from cdk.json. */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;

/**
 * An App for unit tests: the real app's context, without the CloudFormation validation engine
 * (it costs 2–3 s to build per test file; the gate tests in test/platform run it on everything).
 */
export function unitTestApp(): App {
  return new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-unit-')) });
}

/** A fresh stack in `region` of a test account, in a unit-test app. */
export function testStack(region = 'us-east-1', id = 'TestStack'): Stack {
  return new Stack(unitTestApp(), id, { env: { account: '123456789012', region } });
}

/** A fresh cdk8s chart for unit tests. */
export function testChart(): Chart {
  return new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
}
