import { Aws, Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CustomMetric, DashboardRenderingPreference, DefaultDashboardFactory, MetricStatistic, MonitoringFacade } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { invalid, validateAll, withConstructPath } from '../core';
import { BACKUP_VAULT_METRICS, backupJobsSql, RegionalMonitoringSummary } from './monitoring-stack';
import { MonitoredService, ServiceCloudWatchMetrics } from './signal-sources';
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

/**
 * Most alarms one alarm status widget shows: its `alarms` array takes 1 to 100 ARNs (CloudWatch
 * API Reference, "Dashboard Body Structure and Syntax", alarm status widget).
 */
export const ALARM_STATUS_WIDGET_MAX_ALARMS = 100;

/**
 * Most alarm status widgets per region: past `ALARM_STATUS_WIDGETS_PER_REGION x 100` alarms, the
 * least severe are left out of the view (and counted), so its size does not grow with services.
 */
export const ALARM_STATUS_WIDGETS_PER_REGION = 2;

/**
 * Most services of a region graphed one by one (three graphs each). Past it, the region's fleet is
 * graphed with Metrics Insights queries (top services per signal), so the dashboard and the global
 * stack's template stay the same size whatever the number of services.
 */
export const SERVICE_WIDGETS_MAX_SERVICES = 10;

/**
 * Series each fleet graph shows (`ORDER BY ... LIMIT`). A Metrics Insights query returns at most 500
 * series, processes at most 10,000 metrics, and graphs up to two weeks of data (three hours for an
 * alarm) (CloudWatch User Guide, "Metrics Insights quotas").
 */
export const FLEET_TOP_SERVICES = 10;

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
      ...props.regional.flatMap((r, i) => r.services.filter((s) => s.cloudWatch).length > SERVICE_WIDGETS_MAX_SERVICES
        ? r.services.flatMap((s, j) => s.cloudWatch ? Object.entries(s.cloudWatch).filter(([k]) => k !== 'latencyStatistic').map(([k, m]) => () => this.checkQueryable(`regional[${i}].services[${j}].cloudWatch.${k}`, m as WatchedMetric)) : [])
        : []),
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
        // At most ALARM_STATUS_WIDGETS_PER_REGION widgets of 100 alarms (the widget's own limit),
        // taken in the summary's order, critical first: the dashboard stays the same size however
        // many services a region runs; a text widget counts the alarms left out.
        const chunks = chunk(alarms, ALARM_STATUS_WIDGET_MAX_ALARMS).slice(0, ALARM_STATUS_WIDGETS_PER_REGION);
        const shown = chunks.reduce((n, c) => n + c.length, 0);
        chunks.forEach((part, i) => facade.addWidget(new cloudwatch.AlarmStatusWidget({
          title: shown === alarms.length && chunks.length === 1
            ? `${r.region} alarms`
            : `${r.region} alarms ${i * ALARM_STATUS_WIDGET_MAX_ALARMS + 1}–${i * ALARM_STATUS_WIDGET_MAX_ALARMS + part.length} of ${alarms.length}, most severe first`,
          alarms: part,
          width: 24,
          height: Math.min(2 + Math.ceil(part.length / 4), 10),
          sortBy: chunks.length === 1 && shown === alarms.length ? undefined : cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
        })));
        if (shown < alarms.length) {
          facade.addWidget(new cloudwatch.TextWidget({
            markdown: `**${r.region}**: ${alarms.length - shown} more alarms, the least severe (from ${r.alarmNames[shown]} on, in severity then name order), are not listed here: an alarm status widget shows at most ${ALARM_STATUS_WIDGET_MAX_ALARMS} alarms. They are in the CloudWatch alarms of ${r.region} and notify as usual.`,
            width: 24,
            height: 2,
          }));
        }
      }

      facade.addLargeHeader('Services');
      for (const r of props.regional) {
        const watched = r.services.filter((s) => s.cloudWatch);
        if (watched.length > SERVICE_WIDGETS_MAX_SERVICES) {
          this.addFleet(facade, r.region, watched);
          continue;
        }
        for (const s of watched) {
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
          expression: backupJobsSql(metricName, { perVault: true }), usingMetrics: {}, period: Duration.hours(1), searchRegion: r.region, label,
        });
        facade.monitorCustom({
          alarmFriendlyName: `${r.region}-backup`,
          humanReadableName: `AWS Backup in ${r.region}`,
          metricGroups: [{ title: 'Failed and expired jobs per vault', metrics: BACKUP_VAULT_METRICS.map((m) => perVault(m.metricName, m.label)) }],
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

  /**
   * The region's services as a fleet: one Metrics Insights query per signal, grouped by the
   * services' dimensions, top `FLEET_TOP_SERVICES` first, plus the fleet's 5xx ratio. Metrics
   * Insights aggregates with AVG, COUNT, MAX, MIN or SUM only (no percentiles, no ratio in ORDER
   * BY): the p95 gauge is read with AVG, as the alarms read it with Average; top 5xx is by count.
   */
  private addFleet(facade: MonitoringFacade, region: string, services: readonly MonitoredService[]): void {
    const groups = new Map<string, { metrics: ServiceCloudWatchMetrics; count: number }>();
    for (const s of services) {
      const m = s.cloudWatch!;
      const key = JSON.stringify([m.requests, m.serverErrors, m.latency].map((x) => queryShape(x as cloudwatch.Metric)).concat([m.latencyStatistic ?? 'p95']));
      const g = groups.get(key);
      if (g) g.count++;
      else groups.set(key, { metrics: m, count: 1 });
    }
    facade.addWidget(new cloudwatch.TextWidget({
      markdown: `**${region}**: ${services.length} services with CloudWatch metrics, more than ${SERVICE_WIDGETS_MAX_SERVICES}: graphed as a fleet with Metrics Insights queries (the top ${FLEET_TOP_SERVICES} per signal), not one graph per service. Each service keeps its own alarms.`,
      width: 24,
      height: 2,
    }));
    for (const { metrics, count } of groups.values()) {
      const [requests, errors, latency] = [metrics.requests, metrics.serverErrors, metrics.latency].map((x) => x as cloudwatch.Metric);
      const query = (expression: string, label?: string) => new cloudwatch.MathExpression({ expression, usingMetrics: {}, period: Duration.minutes(5), searchRegion: region, label });
      // An empty label leaves each series CloudWatch's own label, its GROUP BY values (the CDK
      // would otherwise label every series with the query text).
      const top = (fn: string, m: cloudwatch.Metric) => query(`${select(fn, m)} ${groupBy(m)} ORDER BY ${fn}() DESC LIMIT ${FLEET_TOP_SERVICES}`, '');
      const latencyFn = metrics.latencyStatistic === 'Average' ? 'AVG' : 'MAX';
      const title = groups.size === 1 ? region : `${region}, ${requests.namespace} (${count} services)`;
      const graph = (name: string, metric: cloudwatch.IMetric) => new cloudwatch.GraphWidget({ title: `${title}: ${name}`, left: [metric], width: 6, height: 6, region });
      facade.addWidget(new cloudwatch.Row(
        graph(`top ${FLEET_TOP_SERVICES} by requests`, top('SUM', requests)),
        graph(`top ${FLEET_TOP_SERVICES} by 5xx`, top('SUM', errors)),
        graph('fleet 5xx (%)', new cloudwatch.MathExpression({
          expression: '100 * errors / requests',
          usingMetrics: {
            errors: query(select('SUM', errors)),
            requests: query(select('SUM', requests)),
          },
          period: Duration.minutes(5),
          searchRegion: region,
          label: '5xx of all requests (%)',
        })),
        graph(latencyFn === 'AVG' ? `top ${FLEET_TOP_SERVICES} by p95 latency (ms)` : `top ${FLEET_TOP_SERVICES} by max latency (ms)`, top(latencyFn, latency)),
      ));
    }
  }

  /** A fleet query names the metric by literal namespace, name and dimension keys. */
  private checkQueryable(prop: string, metric: WatchedMetric): void {
    if (!(metric instanceof cloudwatch.Metric)) {
      invalid(this, prop, metric.toString(), `a cloudwatch.Metric (past ${SERVICE_WIDGETS_MAX_SERVICES} services a region's fleet is graphed with Metrics Insights queries, which select a metric by namespace and name)`);
    } else if (Token.isUnresolved(metric.namespace) || Token.isUnresolved(metric.metricName)) {
      invalid(this, `${prop}.namespace`, `${metric.namespace}/${metric.metricName}`, 'a literal namespace and metric name (a Metrics Insights query names them)');
    } else if (dimensionKeys(metric).length === 0) {
      invalid(this, `${prop}.dimensions`, metric.dimensions ?? {}, 'at least one dimension (the fleet graphs group services by the metric\'s dimensions)');
    }
  }

  private checkMetric(prop: string, metric: WatchedMetric, region: string, regions: readonly string[]): void {
    const own = metric instanceof cloudwatch.Metric ? metric.region ?? region : region;
    checkMetricRegion(this, `${prop}.region`, own, regions);
    if (metric instanceof cloudwatch.Metric && Token.isUnresolved(JSON.stringify(metric.dimensions ?? {}))) {
      invalid(this, `${prop}.dimensions`, metric.dimensions, 'literal dimension values (a token would be a cross-region reference from the global dashboard)');
    }
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `SELECT fn(metric) FROM SCHEMA(namespace, its dimension keys)`: only the metric's own dimension set. */
function select(fn: string, metric: cloudwatch.Metric): string {
  return `SELECT ${fn}(${quoteIdentifier(metric.metricName)}) FROM SCHEMA(${quoteIdentifier(metric.namespace)}, ${dimensionKeys(metric).map(quoteIdentifier).join(', ')})`;
}

function groupBy(metric: cloudwatch.Metric): string {
  return `GROUP BY ${dimensionKeys(metric).map(quoteIdentifier).join(', ')}`;
}

function dimensionKeys(metric: cloudwatch.Metric): string[] {
  return Object.keys(metric.dimensions ?? {}).sort();
}

/** What a fleet query selects of a service's metric: namespace, name and dimension keys. */
function queryShape(metric: cloudwatch.Metric): string[] {
  return [metric.namespace, metric.metricName, ...dimensionKeys(metric)];
}

/**
 * A Metrics Insights identifier: double quotes when it has a character other than a letter, digit
 * or underscore, or starts with a digit (CloudWatch User Guide, "Metrics Insights query components
 * and syntax").
 */
function quoteIdentifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
