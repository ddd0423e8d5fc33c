import { Template } from 'aws-cdk-lib/assertions';
import { unitTestApp } from '../support/app';
import { fixture } from './fixtures';

describe('MonitoringStack (AWS)', () => {
  test('smoke', () => {
    const f = fixture(unitTestApp());
    const t = Template.fromStack(f.stack);
    console.log(Object.keys(t.findResources('AWS::CloudWatch::Alarm')).length, Object.keys(t.findResources('AWS::CloudWatch::CompositeAlarm')).length);
    console.log(JSON.stringify(t.findResources('AWS::SNS::Subscription'), null, 1).slice(0, 1500));
  });
});
