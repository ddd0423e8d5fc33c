import { Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  ALARM_STATUS_WIDGET_MAX_ALARMS, ALARM_STATUS_WIDGETS_PER_REGION, FLEET_TOP_SERVICES, HEALTH_CHECK_FEEDER_ALARM_SUFFIXES, MonitoredService, MonitoringGlobalView,
  RegionalMonitoringSummary, SERVICE_WIDGETS_MAX_SERVICES,
} from '../../lib/monitoring-stack';
import { testStack, unitTestApp } from '../support/app';
import { environmentFixture } from './fixtures';

describe('MonitoringGlobalView and the environment as a whole', () => {
  const app = unitTestApp();
  const env = environmentFixture(app);
  const assembly = app.synth();

  test('one dashboard per environment: alarm status of every region on top, then services, DR, backup, DNS and cost; metrics carry their region', () => {
    const t = Template.fromStack(env.global);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const join = Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody['Fn::Join'][1] as unknown[];
    const body = JSON.parse(join.map((p) => (typeof p === 'string' ? p : 'aws')).join('')) as { widgets: { type: string; properties: Record<string, unknown> }[] };
    const headers = body.widgets.filter((w) => w.type === 'text' && String(w.properties.markdown).startsWith('# ')).map((w) => String(w.properties.markdown).slice(2));
    expect(headers).toEqual(['prod: alarms of every region', 'Services', 'DR replication', 'Backup', 'DNS (Route 53 health checks)', 'Cost']);
    const statuses = body.widgets.filter((w) => w.type === 'alarm').map((w) => w.properties.title);
    expect(statuses).toEqual(['us-east-1 alarms', 'us-west-2 alarms', 'eu-west-1 alarms']);
    expect(body.widgets.findIndex((w) => w.type === 'alarm')).toBeLessThan(body.widgets.findIndex((w) => w.type === 'metric'));
    // Each metric line carries its own region in its options; CloudWatch (and CDK) leave it out
    // when it is the dashboard's own region, us-east-1.
    const metricRegions = body.widgets.filter((w) => w.type === 'metric').flatMap((w) => (w.properties.metrics as unknown[][]).map((m) => (m[m.length - 1] as { region?: string }).region ?? 'us-east-1'));
    expect([...new Set(metricRegions)].sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
    expect(metricRegions.filter((r) => r === 'eu-west-1')).toHaveLength(7);
    // Backup lines are Metrics Insights queries grouped by vault (any dimension set AWS Backup
    // publishes), one per job kind and region, each carrying its region.
    const backupQueries = body.widgets.filter((w) => w.type === 'metric').flatMap((w) => (w.properties.metrics as unknown[][]))
      .map((m) => m[m.length - 1] as { expression?: string; region?: string }).filter((o) => o.expression?.includes('FROM "AWS/Backup"'));
    expect(backupQueries.map((o) => o.expression).every((e) => /^SELECT SUM\(Number\w+JobsFailed|^SELECT SUM\(NumberOfBackupJobsExpired/.test(e!) && e!.endsWith('GROUP BY BackupVaultName'))).toBe(true);
    expect(backupQueries.map((o) => o.region ?? 'us-east-1').sort()).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-1', 'us-east-1', 'us-east-1', 'us-east-1', 'us-west-2', 'us-west-2', 'us-west-2']);
    const alarmArns = body.widgets.filter((w) => w.type === 'alarm').flatMap((w) => w.properties.alarms as string[]);
    expect(alarmArns).toContain('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:prod-eu-west-1-slo-api-requests-availability-page');
  });

  test('dashboard names are unique per account (CloudWatch dashboards are not regional): the environment\'s view and one per region', () => {
    const names = assembly.stacks.flatMap((stack) => Object.values(stack.template.Resources ?? {} as Record<string, { Type: string; Properties: { DashboardName?: string } }>)
      .filter((r) => (r as { Type: string }).Type === 'AWS::CloudWatch::Dashboard')
      .map((r) => `${stack.environment.account}/${(r as { Properties: { DashboardName: string } }).Properties.DashboardName}`));
    expect(names.sort()).toEqual(['123456789012/prod-eu-west-1', '123456789012/prod-platform', '123456789012/prod-us-east-1', '123456789012/prod-us-west-2']);
  });

  test('no alarm in any template is without an action, except the named health-check feeders', () => {
    const missing: string[] = [];
    let alarms = 0;
    for (const stack of assembly.stacks) {
      for (const [id, r] of Object.entries(stack.template.Resources ?? {}) as [string, { Type: string; Properties: { AlarmName?: string; AlarmActions?: unknown[] } }][]) {
        if (r.Type !== 'AWS::CloudWatch::Alarm' && r.Type !== 'AWS::CloudWatch::CompositeAlarm') continue;
        alarms++;
        const name = r.Properties.AlarmName ?? id;
        if (HEALTH_CHECK_FEEDER_ALARM_SUFFIXES.some((s) => name.endsWith(s))) continue;
        if (!r.Properties.AlarmActions || r.Properties.AlarmActions.length === 0) missing.push(`${stack.stackName}/${name}`);
      }
    }
    expect(alarms).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });
});

/** The dashboard body of a global view's stack, tokens rendered as `aws`. */
function dashboardBody(stack: Stack): { widgets: { type: string; properties: Record<string, unknown> }[] } {
  const t = Template.fromStack(stack);
  const join = Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody['Fn::Join'][1] as unknown[];
  return JSON.parse(join.map((p) => (typeof p === 'string' ? p : 'aws')).join(''));
}

/** `n` mesh services of a region, each with the collector's metrics (p95 gauge read with Average). */
function fleet(region: string, n: number, namespace = 'Resilience/Mesh'): MonitoredService[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `service-${String(i).padStart(3, '0')}`;
    const m = (metricName: string) => new cloudwatch.Metric({ namespace, metricName, dimensionsMap: { Service: name, Namespace: 'shop' }, region });
    return {
      name, namespace: 'shop', host: `${name}.shop.svc.cluster.local`, runbookUrl: 'https://runbooks.example.com/shop',
      cloudWatch: { requests: m('RequestCount'), serverErrors: m('Http5xxCount'), latency: m('RequestLatencyP95'), latencyStatistic: 'Average' },
    };
  });
}

function summary(region: string, services: MonitoredService[], alarms = 0): RegionalMonitoringSummary {
  return { region, account: '123456789012', alarmNames: Array.from({ length: alarms }, (_, i) => `prod-${region}-alarm-${String(i).padStart(4, '0')}`), services, replication: [], hasBackup: false };
}

function globalView(regional: RegionalMonitoringSummary[]): Stack {
  const stack = testStack('us-east-1', 'Global');
  new MonitoringGlobalView(stack, 'Monitoring', { environment: 'prod', environmentRegions: ['us-east-1', 'us-west-2'], regional });
  return stack;
}

describe('MonitoringGlobalView at scale', () => {
  test(`GIVEN ${SERVICE_WIDGETS_MAX_SERVICES} services in a region THEN each is graphed on its own (three graphs each)`, () => {
    const body = dashboardBody(globalView([summary('us-west-2', fleet('us-west-2', SERVICE_WIDGETS_MAX_SERVICES))]));
    const expressions = body.widgets.filter((w) => w.type === 'metric').flatMap((w) => (w.properties.metrics as unknown[][]).map((m) => (m[m.length - 1] as { expression?: string }).expression));
    expect(expressions.filter((e) => e?.includes('RequestCount'))).toEqual([]);
    const perService = body.widgets.filter((w) => w.type === 'metric' && (w.properties.metrics as unknown[][]).some((m) => m.includes('RequestCount')));
    expect(perService).toHaveLength(SERVICE_WIDGETS_MAX_SERVICES);
  });

  test(`GIVEN more than ${SERVICE_WIDGETS_MAX_SERVICES} services in a region THEN its fleet is graphed with Metrics Insights top-${FLEET_TOP_SERVICES} queries, said in a text widget, and the p95 gauge is read with AVG`, () => {
    const body = dashboardBody(globalView([summary('us-west-2', fleet('us-west-2', 200))]));
    // No per-service graph: no metric line names a service.
    expect(JSON.stringify(body)).not.toContain('service-000');
    const texts = body.widgets.filter((w) => w.type === 'text').map((w) => String(w.properties.markdown));
    expect(texts).toContainEqual(expect.stringMatching(/^\*\*us-west-2\*\*: 200 services with CloudWatch metrics, more than 10: graphed as a fleet with Metrics Insights queries/));
    const lines = body.widgets.filter((w) => w.type === 'metric').flatMap((w) => (w.properties.metrics as unknown[][]).map((m) => m[m.length - 1] as { expression?: string; region?: string; visible?: boolean }));
    const schema = 'FROM SCHEMA("Resilience/Mesh", Namespace, Service)';
    expect(lines.filter((l) => l.visible !== false && !l.expression?.includes('AWS/Route53')).map((l) => l.expression)).toEqual([
      `SELECT SUM(RequestCount) ${schema} GROUP BY Namespace, Service ORDER BY SUM() DESC LIMIT 10`,
      `SELECT SUM(Http5xxCount) ${schema} GROUP BY Namespace, Service ORDER BY SUM() DESC LIMIT 10`,
      '100 * errors / requests',
      `SELECT AVG(RequestLatencyP95) ${schema} GROUP BY Namespace, Service ORDER BY AVG() DESC LIMIT 10`,
    ]);
    // The ratio's inputs are single-series queries (no GROUP BY), hidden.
    expect(lines.filter((l) => l.visible === false).map((l) => l.expression).sort()).toEqual([`SELECT SUM(Http5xxCount) ${schema}`, `SELECT SUM(RequestCount) ${schema}`]);
    expect(new Set(lines.filter((l) => !l.expression?.includes('AWS/Route53')).map((l) => l.region))).toEqual(new Set(['us-west-2']));
    expect(lines.every((l) => !/PERCENTILE|p95\(/i.test(l.expression ?? ''))).toBe(true);
    // Top-N series keep CloudWatch's labels, their GROUP BY values (the service), not the query text.
    expect(lines.filter((l) => l.expression?.includes('LIMIT')).every((l) => !('label' in l))).toBe(true);
  });

  test('GIVEN 200 or 2,000 services THEN the dashboard body is the same size but for the count in the text (it depends on regions, not services)', () => {
    const size = (n: number) => JSON.stringify(dashboardBody(globalView([summary('us-east-1', fleet('us-east-1', n), 50), summary('us-west-2', fleet('us-west-2', n), 50)])))
      .replace(/\*\*: \d+ services/g, '**: N services').length;
    expect(size(2_000)).toBe(size(200));
  });

  test(`GIVEN at most ${ALARM_STATUS_WIDGET_MAX_ALARMS} alarms in a region THEN one status widget lists them all, as before`, () => {
    const body = dashboardBody(globalView([summary('us-east-1', [], ALARM_STATUS_WIDGET_MAX_ALARMS)]));
    const status = body.widgets.filter((w) => w.type === 'alarm');
    expect(status.map((w) => [w.properties.title, (w.properties.alarms as string[]).length, w.properties.sortBy])).toEqual([['us-east-1 alarms', 100, undefined]]);
  });

  test(`GIVEN more alarms than ${ALARM_STATUS_WIDGETS_PER_REGION} widgets of ${ALARM_STATUS_WIDGET_MAX_ALARMS} THEN the most severe (the summary's first) are listed, firing first, and the rest counted in a text widget`, () => {
    const s = summary('us-west-2', [], 812);
    const body = dashboardBody(globalView([s]));
    const status = body.widgets.filter((w) => w.type === 'alarm');
    expect(status.map((w) => [w.properties.title, (w.properties.alarms as string[]).length, w.properties.sortBy])).toEqual([
      ['us-west-2 alarms 1–100 of 812, most severe first', 100, 'stateUpdatedTimestamp'],
      ['us-west-2 alarms 101–200 of 812, most severe first', 100, 'stateUpdatedTimestamp'],
    ]);
    const listed = status.flatMap((w) => w.properties.alarms as string[]);
    expect(listed).toEqual(s.alarmNames.slice(0, 200).map((n) => `arn:aws:cloudwatch:us-west-2:123456789012:alarm:${n}`));
    expect(status.every((w) => (w.properties.alarms as string[]).length <= ALARM_STATUS_WIDGET_MAX_ALARMS)).toBe(true);
    const texts = body.widgets.filter((w) => w.type === 'text').map((w) => String(w.properties.markdown));
    expect(texts).toContainEqual(expect.stringMatching(/^\*\*us-west-2\*\*: 612 more alarms, the least severe \(from prod-us-west-2-alarm-0200 on, in severity then name order\), are not listed here/));
  });

  test('throws when, past the threshold, a service\'s metric is a math expression (a fleet query selects a metric by namespace and name)', () => {
    const services = fleet('us-west-2', 11);
    const odd = { ...services[3], cloudWatch: { ...services[3].cloudWatch!, requests: new cloudwatch.MathExpression({ expression: 'm1', usingMetrics: { m1: services[3].cloudWatch!.requests as cloudwatch.Metric } }) } };
    expect(() => globalView([summary('us-west-2', [...services.slice(0, 3), odd, ...services.slice(4)])])).toThrow(
      /Global\/Monitoring: regional\[0\]\.services\[3\]\.cloudWatch\.requests = .*: a cloudwatch\.Metric \(past 10 services a region's fleet is graphed with Metrics Insights queries/,
    );
  });

  test('throws when, past the threshold, a service\'s metric has a token namespace or no dimension', () => {
    const services = fleet('us-west-2', 11);
    const withMetric = (i: number, requests: cloudwatch.Metric) => services.map((s, j) => (j === i ? { ...s, cloudWatch: { ...s.cloudWatch!, requests } } : s));
    const stack = testStack('us-east-1', 'Tokens');
    const token = new cloudwatch.Metric({ namespace: Lazy.string({ produce: () => 'Mesh' }), metricName: 'RequestCount', dimensionsMap: { Service: 'a' } });
    expect(() => new MonitoringGlobalView(stack, 'Monitoring', { environment: 'prod', environmentRegions: ['us-east-1', 'us-west-2'], regional: [summary('us-west-2', withMetric(0, token))] })).toThrow(
      /Tokens\/Monitoring: regional\[0\]\.services\[0\]\.cloudWatch\.requests\.namespace = .*: a literal namespace and metric name/,
    );
    expect(() => globalView([summary('us-west-2', withMetric(2, new cloudwatch.Metric({ namespace: 'Mesh', metricName: 'RequestCount', region: 'us-west-2' })))])).toThrow(
      /Global\/Monitoring: regional\[0\]\.services\[2\]\.cloudWatch\.requests\.dimensions = \{\}: at least one dimension/,
    );
  });
});
