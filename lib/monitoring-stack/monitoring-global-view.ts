import { Aws, Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CustomMetric, DashboardRenderingPreference, DefaultDashboardFactory, MetricStatistic, MonitoringFacade } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { invalid, validateAll, withConstructPath } from '../core';
import { RegionalMonitoringSummary } from './monitoring-stack';
import { WatchedMetric } from './slo';
import { checkMetricRegion } from './validation';

/** Route 53 health-check and billing metrics exist only in us-east-1. */
const GLOBAL_METRICS_REGION = 'us-east-1';

export interface MonitoringGlobalViewProps {
  readonly environment: string;
  /** Every region of the environment; every widget's metric must be in one of them. */
  readonly environmentRegions: readonly string[];
  /** What each region's MonitoringStack watches. */
  readonly regional: readonly RegionalMonitoringSummary[];
  /** Show the account's estimated charges (billing metrics, us-east-1). @default false */
  readonly cost?: boolean;
}

/** A search schema key with no value: any value of the dimension matches. */
const ANY = undefined as unknown as string;

/**
 * The environment's one CloudWatch dashboard, cross-region (every metric carries its region):
 * alarm status of every region on top, then services, DR, backup, DNS and cost sections. Built
 * with cdk-monitoring-constructs' facade and dashboard factory.
 */
export class MonitoringGlobalView extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringGlobalViewProps) {
    super(scope, id);
    validateAll(this, [
      ...props.regional.map((r, i) => () => checkMetricRegion(this, `regional[${i}].region`, r.region, props.environmentRegions)),
      ...props.regional.flatMap((r, i) => r.services.flatMap((s, j) => s.cloudWatch
        ? Object.entries(s.cloudWatch).map(([k, m]) => () => this.checkMetric(`regional[${i}].services[${j}].cloudWatch.${k}`, m, r.region, props.environmentRegions))
        : [])),
      ...props.regional.flatMap((r, i) => r.replication.flatMap((src, j) => src.replicationMetrics.map((m, k) => () => this.checkMetric(`regional[${i}].replication[${j}].replicationMetrics[${k}].metric`, m.metric, m.region, props.environmentRegions)))),
    ]);
    this.dashboard = withConstructPath(this, () => {
      const factory = new DefaultDashboardFactory(this, 'Dashboards', {
        dashboardNamePrefix: `${props.environment}-platform`,
        createDashboard: true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
        renderingPreference: DashboardRenderingPreference.INTERACTIVE_ONLY,
      });
      const facade = new MonitoringFacade(this, 'Facade', { dashboardFactory: factory, alarmFactoryDefaults: { alarmNamePrefix: `${props.environment}-global`, actionsEnabled: true }, metricFactoryDefaults: {} });

      facade.addLargeHeader(`${props.environment}: alarms of every region`);
      for (const r of props.regional) {
        const alarms = r.alarmNames.map((name) => cloudwatch.Alarm.fromAlarmArn(this, `Alarm-${r.region}-${name}`, `arn:${Aws.PARTITION}:cloudwatch:${r.region}:${r.account}:alarm:${name}`));
        if (alarms.length > 0) facade.addWidget(new cloudwatch.AlarmStatusWidget({ title: `${r.region} alarms`, alarms, width: 24, height: Math.min(2 + Math.ceil(alarms.length / 4), 10) }));
      }

      facade.addLargeHeader('Services');
      for (const r of props.regional) {
        for (const s of r.services) {
          if (!s.cloudWatch) continue;
          const inRegion = (m: WatchedMetric) => (m.with({ region: r.region }) as cloudwatch.Metric);
          facade.monitorCustom({
            alarmFriendlyName: `${r.region}-service-${s.name}`,
            humanReadableName: `${s.namespace}/${s.name} in ${r.region}`,
            metricGroups: [
              { title: 'Requests', metrics: [inRegion(s.cloudWatch.requests).with({ statistic: 'Sum' })] },
              { title: '5xx', metrics: [inRegion(s.cloudWatch.serverErrors).with({ statistic: 'Sum' })] },
              { title: 'p95 latency (ms)', metrics: [inRegion(s.cloudWatch.latency).with({ statistic: s.cloudWatch.latencyStatistic ?? 'p95' })] },
            ],
          });
        }
      }

      facade.addLargeHeader('DR replication');
      for (const r of props.regional) {
        const metrics = r.replication.flatMap((src) => src.replicationMetrics.map((m) => m.metric.with({ region: m.region, label: m.name })));
        if (metrics.length > 0) facade.monitorCustom({ alarmFriendlyName: `${r.region}-dr`, humanReadableName: `Replication into and out of ${r.region}`, metricGroups: [{ title: 'Replication', metrics }] });
      }

      facade.addLargeHeader('Backup');
      for (const r of props.regional.filter((x) => x.hasBackup)) {
        // A Metrics Insights query without SCHEMA() matches whichever dimension sets AWS Backup
        // publishes the metric under, as the regional alarms do (backupJobsQuery); one line per vault.
        const perVault = (metricName: string, label: string): CustomMetric => new cloudwatch.MathExpression({
          expression: `SELECT SUM(${metricName}) FROM "AWS/Backup" GROUP BY BackupVaultName`, usingMetrics: {}, period: Duration.hours(1), searchRegion: r.region, label,
        });
        facade.monitorCustom({
          alarmFriendlyName: `${r.region}-backup`,
          humanReadableName: `AWS Backup in ${r.region}`,
          metricGroups: [{ title: 'Failed and expired jobs per vault', metrics: [perVault('NumberOfBackupJobsFailed', 'backup failed'), perVault('NumberOfBackupJobsExpired', 'backup expired'), perVault('NumberOfCopyJobsFailed', 'copy failed')] }],
        });
      }

      facade.addLargeHeader('DNS (Route 53 health checks)');
      facade.monitorCustom({
        alarmFriendlyName: 'dns',
        humanReadableName: 'Route 53 health checks',
        metricGroups: [{
          title: 'Health check status (1 healthy, 0 unhealthy)',
          metrics: [{ namespace: 'AWS/Route53', searchQuery: 'MetricName="HealthCheckStatus"', dimensionsMap: { HealthCheckId: ANY }, statistic: MetricStatistic.MIN, period: Duration.minutes(1), region: GLOBAL_METRICS_REGION }],
        }],
      });

      if (props.cost) {
        facade.addLargeHeader('Cost');
        facade.monitorCustom({
          alarmFriendlyName: 'cost',
          humanReadableName: 'Estimated charges this month (USD)',
          metricGroups: [{ title: 'Estimated charges', metrics: [new cloudwatch.Metric({ namespace: 'AWS/Billing', metricName: 'EstimatedCharges', dimensionsMap: { Currency: 'USD' }, statistic: 'Maximum', period: Duration.hours(6), region: GLOBAL_METRICS_REGION })] }],
        });
      }
      return factory.dashboard!;
    });
  }

  private checkMetric(prop: string, metric: WatchedMetric, region: string, regions: readonly string[]): void {
    const own = metric instanceof cloudwatch.Metric ? metric.region ?? region : region;
    checkMetricRegion(this, `${prop}.region`, own, regions);
    if (metric instanceof cloudwatch.Metric && Token.isUnresolved(JSON.stringify(metric.dimensions ?? {}))) {
      invalid(this, `${prop}.dimensions`, metric.dimensions, 'literal dimension values (a token would be a cross-region reference from the global dashboard)');
    }
  }
}
