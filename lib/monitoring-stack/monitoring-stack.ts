import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DashboardRenderingPreference, DefaultDashboardFactory, MonitoringFacade } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { acknowledgeFinding, invalid, validateAll, withConstructPath } from '../core';
import type { DnsHealthCheckPurpose } from '../geo-dns-routing';
import { AlertRouting } from './alert-routing';
import { AlertTopics } from './alert-topics';
import { CostBudgetPlan, CostBudgets } from './cost-budgets';
import { Severity } from './severity';
import { IBackupVaultSignals, IDnsSignals, IFailoverTriggerSource, IReplicationSignalSource, MonitoredService } from './signal-sources';
import { resolveSlo, ResolvedSlo } from './slo';
import { AlertTargets, checkSameRegion, literalAlarmName, localAlarm, SEED_SERVICE_THRESHOLDS, ServiceAlarmThresholds, serviceChecks, ServiceMonitoring, severityRoutedFacadeDefaults, sortAlarms, WatchedAlarm } from './service-monitoring';
import { checkBudgetPlan, checkEverySeverityReceived, checkReceiverSecrets, checkRunbook, checkSloName } from './validation';

/**
 * The named exceptions to "every alarm has an action": alarms that exist only to feed a Route 53
 * health check. The hold-down alarm gates failback and the routing switch is an operator's
 * deliberate choice; both are state, not incidents, and are shown on the dashboard.
 */
export const HEALTH_CHECK_FEEDER_PURPOSES: readonly DnsHealthCheckPurpose[] = ['hold-down', 'routing-switch'];

/** Alarm-name endings of those exceptions (GeoDnsRouting names them `<prefix>-<region>-<purpose>`). */
export const HEALTH_CHECK_FEEDER_ALARM_SUFFIXES: readonly string[] = HEALTH_CHECK_FEEDER_PURPOSES.map((p) => `-${p}`);

/**
 * AWS Backup's job metrics watched per vault (namespace `AWS/Backup`). AWS Backup publishes them by
 * resource type and vault (developer guide, "AWS Backup metrics with Amazon CloudWatch"); an alarm on
 * a dimension set it does not publish never fires, so each is read with a Metrics Insights query that
 * matches every published set carrying the vault's name (see `backupJobsQuery`).
 */
/** @internal (the global view graphs the same metrics per vault) */
export const BACKUP_VAULT_METRICS = [
  { metricName: 'NumberOfBackupJobsFailed', suffix: 'BackupJobsFailed', label: 'backup failed', severity: Severity.CRITICAL },
  { metricName: 'NumberOfBackupJobsExpired', suffix: 'BackupJobsExpired', label: 'backup expired', severity: Severity.WARNING },
  { metricName: 'NumberOfCopyJobsFailed', suffix: 'CopyJobsFailed', label: 'copy failed', severity: Severity.CRITICAL },
] as const;

/** Restore jobs (restore-testing validations included), region-wide: every dimension set, no filter. */
const BACKUP_REGION_METRICS = [{ metricName: 'NumberOfRestoreJobsFailed', suffix: 'RestoreJobsFailed', severity: Severity.CRITICAL }] as const;

/**
 * Sum of an AWS Backup job metric over the last hour, as a Metrics Insights query: without
 * `SCHEMA()` the query reads every dimension set of the metric, filtered to the vault when one is
 * given, so the alarm fires whichever sets AWS Backup publishes. Alarms may evaluate such a query
 * (CloudWatch user guide, "Create a CloudWatch alarm based on a Metrics Insights query"; at most
 * the last 3 hours, 200 such alarms per account and Region by default). A job published under
 * several sets may be counted more than once: the alarms fire above 0, so only the count shown
 * differs. A metric-math SEARCH could not be alarmed on.
 */
function backupJobsQuery(metricName: string, vaultName?: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({ expression: backupJobsSql(metricName, vaultName === undefined ? {} : { vaultName }), usingMetrics: {}, period: Duration.hours(1), label: metricName });
}

/**
 * The Metrics Insights text of `backupJobsQuery`: every dimension set of the metric, of one vault
 * (`vaultName`), one series per vault (`perVault`, the global view), or region-wide.
 * @internal
 */
export function backupJobsSql(metricName: string, scope: { readonly vaultName?: string; readonly perVault?: boolean }): string {
  const where = scope.vaultName === undefined ? '' : ` WHERE BackupVaultName = '${scope.vaultName}'`;
  return `SELECT SUM(${metricName}) FROM "AWS/Backup"${where}${scope.perVault ? ' GROUP BY BackupVaultName' : ''}`;
}

export interface MonitoringStackProps {
  /** Environment name, e.g. `prod`: the prefix of every alarm and topic with the region. */
  readonly environment: string;
  /** Every region of the environment (dashboards may show only these). */
  readonly environmentRegions: readonly string[];
  /** Who receives which severity. */
  readonly routing: AlertRouting;
  /** Runbook for the construct's own alarms (backup, DNS, DR, correlated). */
  readonly runbookUrl: string;
  /** Vaults in this region. @default - none */
  readonly backupVaults?: readonly IBackupVaultSignals[];
  /** DNS routings whose alarms live in this region (us-east-1). @default - none */
  readonly dns?: readonly IDnsSignals[];
  /** DR failover triggers in this region. @default - none */
  readonly failoverTriggers?: readonly IFailoverTriggerSource[];
  /** DR replication metrics in this region. @default - none */
  readonly replication?: readonly IReplicationSignalSource[];
  /** Mesh services running in this region. @default - none */
  readonly services?: readonly MonitoredService[];
  /** @default SEED_SERVICE_THRESHOLDS */
  readonly serviceThresholds?: ServiceAlarmThresholds;
  /**
   * The per-service alarms of `services`, built elsewhere in this region (e.g. one ServiceMonitoring
   * per services stack, to keep this stack within its resource budget). Their alarms are listed in
   * `alarms` and the summary; their correlated composites join the region-degraded composite, so
   * this stack is ordered after theirs.
   * @default - built here, in a ServiceMonitoring at `Services`
   */
  readonly serviceMonitoring?: readonly ServiceMonitoring[];
  /** Budgets and cost anomaly detection (once per account, in its primary region). @default - none */
  readonly budgets?: CostBudgetPlan;
  /** Retain keys and topics on deletion. @default false */
  readonly retain?: boolean;
}

/** What the environment's global view shows of this region. */
export interface RegionalMonitoringSummary {
  readonly region: string;
  readonly account: string;
  /** Names of the alarms for the status widget (critical first). */
  readonly alarmNames: readonly string[];
  readonly services: readonly MonitoredService[];
  readonly replication: readonly IReplicationSignalSource[];
  readonly hasBackup: boolean;
}

/**
 * Monitoring of one region: per-severity encrypted SNS topics with their receivers (PagerDuty,
 * Slack), CloudWatch alarms built with cdk-monitoring-constructs for backup, DNS, DR and the
 * mesh services, SLO burn-rate alarms combined in composite alarms, a correlated "region
 * degraded" composite that pages once, and optionally the account's budgets.
 */
export class MonitoringStack extends Construct {
  public readonly topics: AlertTopics;
  public readonly facade: MonitoringFacade;
  /** The per-service alarms built here (when `serviceMonitoring` is not given). */
  public readonly services?: ServiceMonitoring;
  public readonly alarms: readonly WatchedAlarm[];
  /** The alarms left without an action on purpose (see HEALTH_CHECK_FEEDER_PURPOSES). */
  public readonly healthCheckFeederAlarms: readonly cloudwatch.IAlarm[];
  public readonly budgets?: CostBudgets;
  public readonly slos: readonly ResolvedSlo[];
  public readonly summary: RegionalMonitoringSummary;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const services = props.services ?? [];
    const slos = services.flatMap((s) => (s.slos ?? []).map(resolveSlo));
    this.validate(props, stack, slos);
    this.slos = slos;
    this.prefix = `${props.environment}-${stack.region}`;

    const built = withConstructPath(this, () => {
      const topics = new AlertTopics(this, 'Topics', {
        namePrefix: this.prefix,
        routing: props.routing,
        sources: { budgets: props.budgets !== undefined, costAnomalyDetection: props.budgets !== undefined },
        retain: props.retain ?? false,
        extraSlackTopics: (props.backupVaults ?? []).map((v) => v.notificationTopic),
      });
      // The region's own dashboard, named `<environment>-<region>`: dashboard names are one per
      // account, not per region (the facade's default, its construct id, collided across regions).
      const dashboardFactory = new DefaultDashboardFactory(this, 'Dashboards', {
        dashboardNamePrefix: this.prefix, createDashboard: true, createSummaryDashboard: false, createAlarmDashboard: false, renderingPreference: DashboardRenderingPreference.INTERACTIVE_ONLY,
      });
      const facade = new MonitoringFacade(this, 'Facade', { dashboardFactory, ...severityRoutedFacadeDefaults(this.prefix, AlertTargets.fromTopics(topics.topics), props.runbookUrl) });
      const watched: WatchedAlarm[] = [];
      const feeders: cloudwatch.IAlarm[] = [];
      this.watchBackups(facade, props);
      this.watchReplication(facade, props);

      // Handed-in alarms get their severity's action; health-check feeders are the named exceptions.
      for (const routing of props.dns ?? []) {
        for (const hc of routing.healthCheckAlarms) {
          if (HEALTH_CHECK_FEEDER_PURPOSES.includes(hc.purpose)) {
            feeders.push(hc.alarm);
            acknowledgeFeeder(hc.alarm);
            continue;
          }
          watched.push(this.giveAction(hc.alarm, Severity.WARNING, topics));
        }
        for (const sw of routing.routingSwitchAlarms) {
          if (feeders.includes(sw.alarm)) continue;
          feeders.push(sw.alarm);
          acknowledgeFeeder(sw.alarm);
        }
      }
      for (const source of props.failoverTriggers ?? []) for (const alarm of source.alarms) watched.push(this.giveAction(alarm, Severity.CRITICAL, topics));

      // Correlated failure: this region's endpoint is unhealthy AND an SLO burns its budget fast.
      // It pages once; the SLO page composites are suppressed while it (or, for services built
      // elsewhere, their own part of it) is in ALARM.
      const regionDegraded = `${this.prefix}-region-degraded`;
      let own: ServiceMonitoring | undefined;
      if (props.serviceMonitoring === undefined) {
        own = new ServiceMonitoring(this, 'Services', {
          environment: props.environment,
          services,
          targets: AlertTargets.fromTopics(topics.topics),
          runbookUrl: props.runbookUrl,
          thresholds: props.serviceThresholds,
          correlation: { endpointAlarms: endpointAlarmsOf(props.dns ?? [], stack.region), alarmName: regionDegraded, severity: Severity.CRITICAL, runbookUrl: props.runbookUrl },
        });
      } else {
        const parts = props.serviceMonitoring.flatMap((m) => (m.correlated ? [m.correlated] : []));
        if (parts.length > 0) {
          // A composite rule names alarms that exist ("alarms that you have created", CloudWatch
          // API Reference, PutCompositeAlarm): the services stacks deploy first.
          for (const part of parts) if (Stack.of(part) !== stack) stack.addStackDependency(Stack.of(part), 'the region-degraded composite names the services stacks\' correlated composites');
          const correlated = new cloudwatch.CompositeAlarm(this, 'RegionDegraded', {
            compositeAlarmName: regionDegraded,
            alarmDescription: `${stack.region}: an endpoint health check fails and an SLO burns its budget at the page rate (any services stack). Runbook: ${props.runbookUrl}`,
            alarmRule: cloudwatch.AlarmRule.anyOf(...parts.map((p) => cloudwatch.AlarmRule.fromAlarm(localAlarm(this, p), cloudwatch.AlarmState.ALARM))),
          });
          correlated.addAlarmAction(AlertTargets.fromTopics(topics.topics).actionOf(Severity.CRITICAL));
          watched.push({ name: regionDegraded, severity: Severity.CRITICAL, alarm: correlated, owned: true });
        }
      }
      for (const m of own ? [own] : props.serviceMonitoring ?? []) watched.push(...m.alarms);
      for (const a of facade.createdAlarms()) {
        const severity = Severity.of((a.disambiguator ?? 'info').toLowerCase()) ?? Severity.INFO;
        watched.push({ name: a.alarmName, severity, alarm: a.alarm, owned: true });
      }
      const budgets = props.budgets
        ? new CostBudgets(this, 'Budgets', { plan: props.budgets, namePrefix: props.environment, warningTopic: topics.topics.get(Severity.WARNING)!, criticalTopic: topics.topics.get(Severity.CRITICAL)! })
        : undefined;
      return { topics, facade, watched, feeders, budgets, own };
    });
    this.topics = built.topics;
    this.facade = built.facade;
    this.services = built.own;
    this.alarms = sortAlarms(built.watched);
    this.healthCheckFeederAlarms = built.feeders;
    this.budgets = built.budgets;
    this.summary = {
      region: stack.region,
      account: stack.account,
      alarmNames: this.alarms.filter((a) => a.severity !== Severity.INFO).map((a) => a.name),
      services,
      replication: props.replication ?? [],
      hasBackup: (props.backupVaults ?? []).length > 0,
    };
  }

  /** The SNS topic of a severity. */
  public topicOf(severity: Severity) {
    return this.topics.topics.get(severity)!;
  }

  private validate(props: MonitoringStackProps, stack: Stack, slos: readonly ResolvedSlo[]): void {
    validateAll(this, [
      () => {
        if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) {
          invalid(this, 'stack env', `${stack.account}/${stack.region}`, 'a stack with a literal account and region (alarm ARNs, topic names and dashboards are per region)');
        }
      },
      () => {
        if (!props.environmentRegions.includes(stack.region)) invalid(this, 'environmentRegions', props.environmentRegions, `a list including this stack's region ${stack.region}`);
      },
      () => checkSloName(this, 'environment', props.environment),
      () => checkEverySeverityReceived(this, props.routing),
      () => checkReceiverSecrets(this, props.routing),
      () => checkRunbook(this, 'runbookUrl', props.runbookUrl),
      ...(props.budgets ? [() => checkBudgetPlan(this, props.budgets!)] : []),
      ...serviceChecks(this, props.services ?? [], slos),
      ...(props.serviceMonitoring ?? []).map((m, i) => () => {
        const other = Stack.of(m);
        if (other.region !== stack.region || other.account !== stack.account) invalid(this, `serviceMonitoring[${i}]`, `${other.account}/${other.region}`, `a ServiceMonitoring in this stack's account and region ${stack.account}/${stack.region} (its alarms notify this region's topics)`);
      }),
      ...(props.dns ?? []).flatMap((routing, r) => routing.healthCheckAlarms.map((hc, i) => () => checkSameRegion(this, `dns[${r}].healthCheckAlarms[${i}]`, hc.alarm))),
      ...(props.failoverTriggers ?? []).flatMap((src, s) => src.alarms.map((a, i) => () => checkSameRegion(this, `failoverTriggers[${s}].alarms[${i}]`, a))),
      ...(props.replication ?? []).flatMap((src, s) => src.replicationMetrics.map((m, i) => () => {
        if (m.region !== stack.region) invalid(this, `replication[${s}].replicationMetrics[${i}].region`, m.region, `this stack's region ${stack.region} (an alarm watches metrics of its own region)`);
        checkRunbook(this, `replication[${s}].replicationMetrics[${i}].runbookUrl`, m.runbookUrl);
      })),
    ]);
  }

  private watchBackups(facade: MonitoringFacade, props: MonitoringStackProps): void {
    const vaults = props.backupVaults ?? [];
    const alarmOn = (metricName: string, suffix: string, severity: Severity, vaultName?: string) => ({
      metric: backupJobsQuery(metricName, vaultName),
      alarmFriendlyName: suffix,
      addAlarm: {
        [severity.title]: {
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
          datapointsToAlarm: 1,
          evaluationPeriods: 1,
        },
      },
    });
    for (const v of vaults) {
      const key = Names.uniqueResourceName(v.vault, { maxLength: 48, separator: '-' });
      facade.monitorCustom({
        alarmFriendlyName: `backup-${key}`,
        humanReadableName: `Backup vault ${key}`,
        metricGroups: [{ title: 'Failed and expired jobs', metrics: BACKUP_VAULT_METRICS.map((m) => alarmOn(m.metricName, m.suffix, m.severity, v.vault.backupVaultName)) }],
      });
    }
    if (vaults.length > 0) {
      facade.monitorCustom({
        alarmFriendlyName: 'backup-restores',
        humanReadableName: 'Restore jobs and restore tests',
        metricGroups: [{ title: 'Failed restores', metrics: BACKUP_REGION_METRICS.map((m) => alarmOn(m.metricName, m.suffix, m.severity)) }],
      });
    }
  }

  private watchReplication(facade: MonitoringFacade, props: MonitoringStackProps): void {
    for (const [s, source] of (props.replication ?? []).entries()) {
      facade.monitorCustom({
        alarmFriendlyName: `dr-replication-${s}`,
        humanReadableName: 'DR replication',
        metricGroups: source.replicationMetrics.map((m) => ({
          title: m.name,
          metrics: [{
            metric: m.metric,
            alarmFriendlyName: m.name,
            addAlarm: {
              [(m.severity ?? Severity.WARNING).title]: {
                threshold: m.threshold,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                treatMissingDataOverride: cloudwatch.TreatMissingData.BREACHING,
                runbookLink: m.runbookUrl,
              },
            },
          }],
        })),
      });
    }
  }

  /**
   * Gives a handed-in alarm its severity's action. The topic ARN is written with the alarm's own
   * stack pseudo-parameters (same region and account, checked), so no cross-stack reference and no
   * dependency cycle between the alarm's stack and this one.
   */
  private giveAction(alarm: cloudwatch.IAlarm, severity: Severity, topics: AlertTopics): WatchedAlarm {
    const name = literalAlarmName(this, alarm);
    // Deploy order: the alarm's stack first (composites here name its alarms; its action names a
    // topic by ARN, which CloudWatch does not require to exist yet).
    const owner = Stack.of(alarm);
    if (owner !== Stack.of(this)) Stack.of(this).addStackDependency(owner, 'MonitoringStack composes and notifies alarms of this stack');
    if (alarm instanceof cloudwatch.AlarmBase) {
      alarm.addAlarmAction(AlertTargets.byName(this.prefix).actionOf(severity));
      return { name, severity, alarm, owned: false };
    }
    // An imported alarm cannot be changed: a composite over it carries the action.
    const wrapper = new cloudwatch.CompositeAlarm(this, `Notify-${name}`, {
      compositeAlarmName: `${name}-notify`,
      alarmRule: cloudwatch.AlarmRule.fromAlarm(alarm, cloudwatch.AlarmState.ALARM),
      alarmDescription: `Notifies ${severity.name} when ${name} is in ALARM`,
    });
    wrapper.addAlarmAction(AlertTargets.fromTopics(topics.topics).actionOf(severity));
    return { name: `${name}-notify`, severity, alarm: wrapper, owned: true };
  }

}

/** Control Tower CT.CLOUDWATCH.PR.1 (an action on every alarm) does not apply to the named feeders. */
function acknowledgeFeeder(alarm: cloudwatch.IAlarm): void {
  acknowledgeFinding(alarm, 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    'This alarm only feeds a Route 53 health check (hold-down or operator routing switch): its state is routing state, not an incident; MonitoringStack lists it in HEALTH_CHECK_FEEDER_PURPOSES and shows it on the dashboard.');
}

/** The endpoint health-check alarms of `region` among the DNS routings' alarms: what the region-degraded composite correlates. */
export function endpointAlarmsOf(dns: readonly IDnsSignals[], region: string): cloudwatch.IAlarm[] {
  return dns.flatMap((routing) => routing.healthCheckAlarms.filter((hc) => hc.region === region && hc.purpose === 'endpoint').map((hc) => hc.alarm));
}

export { literalAlarmName, SEED_SERVICE_THRESHOLDS };
export type { ServiceAlarmThresholds, WatchedAlarm };
