import { Template } from 'aws-cdk-lib/assertions';
import { HEALTH_CHECK_FEEDER_ALARM_SUFFIXES } from '../../lib/monitoring-stack';
import { unitTestApp } from '../support/app';
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
