import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { readValidationFindings } from '../../lib/platform/validation-gate';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { acknowledgeFinding } from '../../lib/core';
import { DrDrill } from '../../lib/multi-region-dr';
import { CDK_CONTEXT } from '../support/app';
import { ACCOUNT, prodDr, PROD_REGIONS } from './fixtures';

// One synth with the CloudFormation validation engine in strict mode, the four cdk-nag packs and
// the Control Tower proactive controls (cfn-guard).
test('prod\'s MultiRegionDr (every store, plans, every drill kind, routing controls) and a staging-shaped one pass CloudFormation validation, cdk-nag and cfn-guard with no unacknowledged finding', () => {
  // GIVEN the real app context (validation engine on, strict) and every policy pack
  const app = new App({ context: CDK_CONTEXT, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-dr-gate-')) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app), new CfnGuardValidator());
  const arc = new Stack(app, 'Arc', { env: { account: ACCOUNT, region: 'us-west-2' } });
  // with every drill kind in the hot standby
  const drills = [
    DrDrill.zoneNetworkDisruption({ region: 'us-west-2', zone: 'us-west-2a', subnetTags: { 'resilience:tier': 'app' }, schedule: scheduler.ScheduleExpression.cron({ weekDay: 'TUE', hour: '10', minute: '0' }) }),
    DrDrill.zonalShift({ region: 'us-west-2', zone: 'us-west-2b', resourceArns: [`arn:aws:elasticloadbalancing:us-west-2:${ACCOUNT}:loadbalancer/app/api/0123456789abcdef`], schedule: scheduler.ScheduleExpression.cron({ weekDay: 'WED', hour: '10', minute: '0' }) }),
    DrDrill.podDelete({ region: 'us-west-2', namespace: 'api', labelSelector: { 'app.kubernetes.io/name': 'api' }, schedule: scheduler.ScheduleExpression.cron({ weekDay: 'THU', hour: '10', minute: '0' }) }),
  ];
  const { dr } = prodDr({ routingControls: { stack: arc }, drills }, app);
  // and staging's shape: two regions, no Aurora, scheduled drill, routing controls off
  const staging = prodDr({ stores: { objectStorage: { name: 'objects', deleteMarkers: 'replicate' }, keyValue: { name: 'sessions', partitionKey: 'pk' } }, environment: 'staging' }, app, PROD_REGIONS.slice(0, 2), 'Staging');
  // GeoDnsRouting (the fixture's, not this construct's) leaves alarm actions to the monitoring construct, as it says for the compliance packs.
  for (const { global } of [{ global: dr.node.scope! }, staging]) {
    acknowledgeFinding(global.node.findChild('Routing'), 'cdk-validator-cfnguard::cloudwatch_alarm_action_check', 'No alarmActions were given: the health-check alarms are exposed through IGeoDnsRouting.healthCheckAlarms and the monitoring construct attaches the notification actions.');
  }
  // WHEN synthesized
  const assembly = app.synth();
  // THEN nothing is left unacknowledged
  expect(readValidationFindings(assembly)).toEqual([]);
});
