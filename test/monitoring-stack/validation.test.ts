import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Chart, Testing } from 'cdk8s';
import {
  AlertReceiver, AlertRouting, BurnRatePolicy, CostBudgetPlan, MonitoringGlobalView, MonitoringStack, Severity,
} from '../../lib/monitoring-stack';
import { KubernetesMonitoring, TracingSampling } from '../../lib/monitoring-stack/k8s';
import { unitTestApp } from '../support/app';
import { apiService, fixture, RUNBOOK, slack, REGIONS } from './fixtures';

function k8s(overrides: Record<string, unknown>) {
  const chart = new Chart(Testing.app(), 'test');
  return () => new KubernetesMonitoring(chart, 'Monitoring', {
    environment: 'prod', region: 'us-east-1', release: 'kube-prometheus-stack', routing: AlertRouting.slackOnly(slack()), services: [apiService()], runbookUrl: RUNBOOK, ...overrides,
  });
}

function withSlo(change: Record<string, unknown>) {
  const s = apiService();
  return { ...s, slos: [{ ...s.slos![0], ...change }] };
}

describe('MonitoringStack validation', () => {
  test('throws when an SLO objective is outside (0, 100)', () => {
    expect(() => fixture(unitTestApp(), { services: [withSlo({ objective: 100 })] })).toThrow(/Monitoring-us-east-1\/Monitoring: slos\[0\]\.objective = 100: a percentage strictly between 0 and 100/);
    expect(k8s({ services: [withSlo({ objective: 0 })] })).toThrow(/test\/Monitoring: slos\[0\]\.objective = 0: a percentage strictly between 0 and 100/);
  });

  test('throws when burn-rate windows are out of order', () => {
    const sre = BurnRatePolicy.googleSreWorkbook().windows;
    const swapped = BurnRatePolicy.custom({ ...sre, pageSlow: { ...sre.pageSlow, longWindow: Duration.minutes(30), shortWindow: Duration.minutes(5) } });
    expect(() => fixture(unitTestApp(), { services: [withSlo({ burnRates: swapped })] })).toThrow(/slos\[0\]\.burnRates\.pageSlow\.longWindow = "30 minutes": a window longer than pageQuick's 1 hour/);
    const inverted = BurnRatePolicy.custom({ ...sre, pageQuick: { ...sre.pageQuick, shortWindow: Duration.hours(2) } });
    expect(k8s({ services: [withSlo({ burnRates: inverted })] })).toThrow(/slos\[0\]\.burnRates\.pageQuick = "2 hours \/ 1 hour": a short window shorter than its long window/);
  });

  test('throws when a severity is received by nobody', () => {
    const routing = AlertRouting.custom({ critical: [slack()], warning: [slack()], info: [] });
    expect(() => fixture(unitTestApp(), { routing })).toThrow(/Monitoring: routing\.info = \[\]: at least one receiver/);
    expect(k8s({ routing })).toThrow(/test\/Monitoring: routing\.info = \[\]: at least one receiver/);
  });

  test('throws when a receiver has no secret', () => {
    const noSecret = AlertReceiver.slack({ workspaceId: 'T0123456789', channelId: 'C0123456789', channelName: '#a', kubernetesWebhookUrl: { name: '', key: 'url' } });
    expect(k8s({ routing: AlertRouting.slackOnly(noSecret) })).toThrow(/routing\.critical\[0\]\.kubernetesWebhookUrl = \{"name":"","key":"url"\}: a Kubernetes Secret name and key holding the credential/);
    const pd = AlertReceiver.pagerDuty({ integrationKeySecret: { secretValueFromJson: () => null } as never, integrationKeyField: '', kubernetesRoutingKey: { name: 'pd', key: 'k' } });
    expect(k8s({ routing: AlertRouting.paging({ pagerDuty: pd, slack: slack() }) })).toThrow(/routing\.critical\[0\]\.integrationKeyField = "": the JSON field of the secret/);
  });

  test('throws when a budget split exceeds its total (the seeds sum to it exactly)', () => {
    const seeds = CostBudgetPlan.seeds().props;
    expect(seeds.byTag.reduce((a, s) => a + s.limitUsd, 0)).toBe(seeds.monthlyLimitUsd);
    expect(seeds.byAwsService.reduce((a, s) => a + s.limitUsd, 0)).toBe(seeds.monthlyLimitUsd);
    const over = CostBudgetPlan.custom({ ...seeds, byAwsService: [...seeds.byAwsService, { name: 'analytics', limitUsd: 1, match: ['Amazon Athena'] }] });
    expect(() => fixture(unitTestApp(), { budgets: over })).toThrow(/budgets\.byAwsService = "compute 50000 \+ storage 20000 \+ network 15000 \+ database 15000 \+ analytics 1 = 100001": splits that sum to at most the monthly total 100000/);
  });

  test('throws when trace sampling is outside 0–100', () => {
    expect(k8s({ services: [{ ...apiService(), tracingSamplingPercent: 101 }] })).toThrow(/test\/Monitoring: services\[0\]\.tracingSamplingPercent = 101: a percentage from 0 to 100/);
    expect(k8s({ tracing: TracingSampling.custom({ api: -1 }, 20) })).toThrow(/tracing\.api = -1: a percentage from 0 to 100/);
  });

  test('throws when an alert has no summary or no runbook link', () => {
    expect(k8s({ services: [withSlo({ runbookUrl: '' })] })).toThrow(/rules\.sloth-slo-alerts-api-requests-availability\.ApiRequestsAvailabilityErrorBudgetBurn\.annotations\.runbook_url = "": an https runbook link/);
    expect(k8s({ services: [withSlo({ runbookUrl: '' })] })).toThrow(/^2 validation errors:/);
    expect(() => fixture(unitTestApp(), { services: [{ ...apiService(), runbookUrl: 'http://insecure' }] })).toThrow(/services\[0\]\.runbookUrl = "http:\/\/insecure": an https runbook link/);
  });

  test('throws when a dashboard metric is in a region the environment does not have', () => {
    const f = fixture(unitTestApp());
    const stack = new Stack(f.app, 'Global', { env: { account: '123456789012', region: 'us-east-1' } });
    const foreign = { ...apiService('ap-south-1') };
    expect(() => new MonitoringGlobalView(stack, 'View', { environment: 'prod', environmentRegions: REGIONS, regional: [{ ...f.monitoring.summary, services: [foreign] }] }))
      .toThrow(/Global\/View: regional\[0\]\.services\[0\]\.cloudWatch\.requests\.region = "ap-south-1": one of the environment's regions \(us-east-1, us-west-2, eu-west-1\)/);
  });

  test('throws when a handed-in alarm is in another region', () => {
    const app = unitTestApp();
    const other = new Stack(app, 'West', { env: { account: '123456789012', region: 'us-west-2' } });
    const alarm = new cloudwatch.Alarm(other, 'A', { alarmName: 'west-trigger', metric: new cloudwatch.Metric({ namespace: 'X', metricName: 'Y' }), threshold: 1, evaluationPeriods: 1 });
    expect(() => fixture(app, { failoverTriggers: [{ alarms: [alarm] }] })).toThrow(/failoverTriggers\[0\]\.alarms\[0\]\.region = "us-west-2": this stack's region us-east-1/);
  });

  test('reports every error of a construct together', () => {
    expect(() => fixture(unitTestApp(), { runbookUrl: '', routing: AlertRouting.custom({ critical: [], warning: [slack()], info: [slack()] }), services: [withSlo({ objective: 120 })] }))
      .toThrow(/3 validation errors:[\s\S]*routing\.critical[\s\S]*runbookUrl[\s\S]*slos\[0\]\.objective = 120/);
  });

  test('Severity is data with Sloth\'s names', () => {
    expect(Severity.all().map((s) => `${s.name}/${s.slothSeverity}`)).toEqual(['critical/page', 'warning/ticket', 'info/info']);
  });
});

describe('MonitoringStack environment rules', () => {
  test('throws when the stack is environment-agnostic (token region and account)', () => {
    const stack = new Stack(unitTestApp(), 'Agnostic');
    expect(() => new MonitoringStack(stack, 'Monitoring', { environment: 'dev', environmentRegions: ['us-east-1'], routing: AlertRouting.slackOnly(slack()), runbookUrl: RUNBOOK }))
      .toThrow(/Agnostic\/Monitoring: stack env = "\$\{Token\[AWS\.AccountId\.\d+\]\}\/\$\{Token\[AWS\.Region\.\d+\]\}": a stack with a literal account and region/);
  });

  test('throws when the stack\'s region is not one of the environment\'s', () => {
    const stack = new Stack(unitTestApp(), 'Tokyo', { env: { account: '123456789012', region: 'ap-northeast-1' } });
    expect(() => new MonitoringStack(stack, 'Monitoring', { environment: 'dev', environmentRegions: ['us-east-1'], routing: AlertRouting.slackOnly(slack()), runbookUrl: RUNBOOK }))
      .toThrow(/Tokyo\/Monitoring: environmentRegions = \["us-east-1"\]: a list including this stack's region ap-northeast-1/);
  });
});
