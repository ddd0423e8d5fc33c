import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlertTargets, MonitoredService, ServiceMonitoring, Severity } from '../../lib/monitoring-stack';
import { unitTestApp } from '../support/app';
import { ACCOUNT, apiService, fixture, RUNBOOK } from './fixtures';

const byName = (severity: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:prod-us-east-1-${severity}`]] });

/** A us-east-1 MonitoringStack whose service alarms live in a second stack of the same region (a services shard). */
function sharded() {
  const app = unitTestApp();
  const shard = new Stack(app, 'Shard', { env: { account: ACCOUNT, region: 'us-east-1' } });
  // The DNS stack of the fixture is built first, so the shard can correlate its endpoint alarms.
  const probe = fixture(unitTestApp());
  const services = new ServiceMonitoring(shard, 'Monitoring', {
    environment: 'prod',
    services: [apiService()],
    targets: AlertTargets.byName('prod-us-east-1'),
    runbookUrl: RUNBOOK,
    correlation: { endpointAlarms: [], alarmName: 'unused', severity: Severity.INFO, runbookUrl: RUNBOOK },
  });
  return { app, shard, services, probe };
}

describe('ServiceMonitoring (the per-service alarms, in any stack of the region)', () => {
  test('alarms keep the names MonitoringStack gives them, and notify the region\'s topics by name', () => {
    // GIVEN the api's alarms built in a stack without the topics
    const { shard, probe } = sharded();
    const t = Template.fromStack(shard);
    // THEN the same alarm names as in the MonitoringStack's own stack
    const names = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.AlarmName as string).filter((n) => n.includes('-service-') || n.includes('-slo-'));
    expect(names(shard).sort()).toEqual(names(probe.stack).sort());
    expect(names(shard)).toHaveLength(4 + 2 * 8);
    // AND actions are topic ARNs by name in the stack's own account and region (no cross-stack reference)
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-us-east-1-service-api-ServerErrorRatio-Critical', AlarmActions: [byName('critical')] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-us-east-1-service-api-LatencyP95-Warning', AlarmActions: [byName('warning')] });
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'prod-us-east-1-slo-api-requests-availability-page', AlarmActions: [byName('critical')] });
    // AND no dashboard (the global view graphs the services) and no topic
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    // AND no correlated composite without endpoint alarms
    t.resourcePropertiesCountIs('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'unused' }, 0);
  });

  test('MonitoringStack handed the ServiceMonitoring lists its alarms, builds none itself, and composes the region-degraded composite over the part', () => {
    // GIVEN a shard correlating its SLOs with an endpoint alarm of another stack
    const app = unitTestApp();
    const env = { account: ACCOUNT, region: 'us-east-1' };
    const checks = new Stack(app, 'Checks', { env });
    const endpoint = new cloudwatch.Alarm(checks, 'Endpoint', { alarmName: 'api.example.com-us-east-1-endpoint-unhealthy', metric: new cloudwatch.Metric({ namespace: 'AWS/Route53', metricName: 'HealthCheckStatus' }), threshold: 1, evaluationPeriods: 1, actionsEnabled: true });
    const shard = new Stack(app, 'Shard', { env });
    const part = new ServiceMonitoring(shard, 'Monitoring', {
      environment: 'prod',
      services: [apiService()],
      targets: AlertTargets.byName('prod-us-east-1'),
      runbookUrl: RUNBOOK,
      correlation: { endpointAlarms: [endpoint], alarmName: 'prod-us-east-1-region-degraded-shard', severity: Severity.INFO, runbookUrl: RUNBOOK },
    });
    // WHEN the region's MonitoringStack is handed it
    const f = fixture(app, { serviceMonitoring: [part] });
    const t = Template.fromStack(f.stack);
    // THEN no service or SLO alarm in the regional stack
    expect(Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.AlarmName as string).filter((n) => n.includes('-service-') || n.includes('-slo-'))).toEqual([]);
    // AND the region-degraded composite keeps its name, names the part by ARN and pages critical
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'prod-us-east-1-region-degraded',
      AlarmRule: '(ALARM("arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-us-east-1-region-degraded-shard"))',
      AlarmActions: [{ Ref: f.stack.getLogicalId(f.monitoring.topicOf(Severity.CRITICAL).node.defaultChild as never) }],
    });
    // AND the part (info) correlates the endpoint alarm by ARN and suppresses the shard's SLO pages
    const s = Template.fromStack(shard);
    s.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'prod-us-east-1-region-degraded-shard',
      AlarmActions: [byName('info')],
      AlarmRule: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('ALARM\\("arn:aws:cloudwatch:us-east-1:123456789012:alarm:api.example.com-us-east-1-endpoint-unhealthy"\\)')])] },
    });
    s.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'prod-us-east-1-slo-api-requests-availability-page', ActionsSuppressor: { 'Fn::GetAtt': [Match.stringLikeRegexp('Correlated'), 'Arn'] } });
    // AND the summary lists the shard's alarms by name
    expect(f.monitoring.summary.alarmNames).toEqual(expect.arrayContaining(['prod-us-east-1-region-degraded', 'prod-us-east-1-service-api-ServerErrorRatio-Critical', 'prod-us-east-1-slo-api-requests-latency-page']));
    // AND the order: the endpoint alarm's stack, then the shard, then the regional stack (no cycle)
    expect(shard.dependencies).toContain(checks);
    expect(f.stack.dependencies).toContain(shard);
    expect(shard.dependencies).not.toContain(f.stack);
  });

  test('throws when the correlated composite would name more than 100 alarms', () => {
    const app = unitTestApp();
    const stack = new Stack(app, 'Shard', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const endpoint = new cloudwatch.Alarm(stack, 'Endpoint', { alarmName: 'endpoint', metric: new cloudwatch.Metric({ namespace: 'AWS/Route53', metricName: 'HealthCheckStatus' }), threshold: 1, evaluationPeriods: 1 });
    const many: MonitoredService[] = Array.from({ length: 26 }, (_, i) => ({ ...apiService(), name: `api${i}`, slos: apiService().slos!.map((s) => ({ ...s, service: `api${i}` })) }));
    expect(() => new ServiceMonitoring(stack, 'Monitoring', {
      environment: 'prod', services: many, targets: AlertTargets.byName('prod-us-east-1'), runbookUrl: RUNBOOK,
      correlation: { endpointAlarms: [endpoint], alarmName: 'x', severity: Severity.INFO, runbookUrl: RUNBOOK },
    })).toThrow(/Shard\/Monitoring: correlation = "1 endpoint alarms \+ 2 x 52 SLOs = 105 alarms": at most 100 alarms in one composite rule \(CloudWatch PutCompositeAlarm\); raise serviceStacks\.shards/);
  });

  test('throws when MonitoringStack is handed a ServiceMonitoring of another region', () => {
    const app = unitTestApp();
    const west = new Stack(app, 'West', { env: { account: ACCOUNT, region: 'us-west-2' } });
    const part = new ServiceMonitoring(west, 'Monitoring', { environment: 'prod', services: [apiService('us-west-2')], targets: AlertTargets.byName('prod-us-west-2'), runbookUrl: RUNBOOK });
    expect(() => fixture(app, { serviceMonitoring: [part] }, 'eu-west-1')).toThrow(/serviceMonitoring\[0\] = "123456789012\/us-west-2": a ServiceMonitoring in this stack's account and region 123456789012\/eu-west-1/);
  });
});

