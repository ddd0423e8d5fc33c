import { Aws, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MonitoringFacade, SnsAlarmActionStrategy } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { acknowledgeFinding, invalid, validateAll, withConstructPath } from '../core';
import type { DnsHealthCheckPurpose } from '../geo-dns-routing';
import { AlertRouting } from './alert-routing';
import { AlertTopics } from './alert-topics';
import { CostBudgetPlan, CostBudgets } from './cost-budgets';
import { Severity } from './severity';
import { IBackupVaultSignals, IDnsSignals, IFailoverTriggerSource, IReplicationSignalSource, MonitoredService } from './signal-sources';
import { resolveSlo, ResolvedSlo } from './slo';
import { BurnRateWindow } from './burn-rate';
import { checkBudgetPlan, checkBurnRates, checkEverySeverityReceived, checkReceiverSecrets, checkRunbook, checkSloName, checkSloObjective } from './validation';

/**
 * The named exceptions to "every alarm has an action": alarms that exist only to feed a Route 53
 * health check. The hold-down alarm gates failback and the routing switch is an operator's
 * deliberate choice; both are state, not incidents, and are shown on the dashboard.
 */
export const HEALTH_CHECK_FEEDER_PURPOSES: readonly DnsHealthCheckPurpose[] = ['hold-down', 'routing-switch'];

/** Alarm-name endings of those exceptions (GeoDnsRouting names them `<prefix>-<region>-<purpose>`). */
export const HEALTH_CHECK_FEEDER_ALARM_SUFFIXES: readonly string[] = HEALTH_CHECK_FEEDER_PURPOSES.map((p) => `-${p}`);

/** Thresholds of the mesh services' CloudWatch alarms. */
export interface ServiceAlarmThresholds {
  /** p95 latency above this pages as warning. */
  readonly p95Latency: Duration;
  /** Standard deviations of the anomaly band on request rate and latency. */
  readonly anomalyStandardDeviations: number;
  /** 5xx share of requests, in percent, above which it is critical. */
  readonly serverErrorPercent: number;
}

/** The seeds: p95 latency 1000 ms, anomaly band of 2 standard deviations; 5 % server errors (house choice). */
export const SEED_SERVICE_THRESHOLDS: ServiceAlarmThresholds = {
  p95Latency: Duration.millis(1000),
  anomalyStandardDeviations: 2,
  serverErrorPercent: 5,
};

/** AWS Backup's CloudWatch metrics per vault (namespace `AWS/Backup`, dimension `BackupVaultName`). */
const BACKUP_VAULT_METRICS = [
  { metricName: 'NumberOfBackupJobsFailed', suffix: 'BackupJobsFailed', severity: Severity.CRITICAL },
  { metricName: 'NumberOfBackupJobsExpired', suffix: 'BackupJobsExpired', severity: Severity.WARNING },
  { metricName: 'NumberOfCopyJobsFailed', suffix: 'CopyJobsFailed', severity: Severity.CRITICAL },
] as const;

/** Restore jobs (restore-testing validations included) are published by resource type, not by vault. */
const BACKUP_REGION_METRICS = [{ metricName: 'NumberOfRestoreJobsFailed', suffix: 'RestoreJobsFailed', severity: Severity.CRITICAL }] as const;

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
  /** Budgets and cost anomaly detection (once per account, in its primary region). @default - none */
  readonly budgets?: CostBudgetPlan;
  /** Retain keys and topics on deletion. @default false */
  readonly retain?: boolean;
}

/** An alarm this construct created or gave an action, with its severity. */
export interface WatchedAlarm {
  readonly name: string;
  readonly severity: Severity;
  readonly alarm: cloudwatch.IAlarm;
  /** Created here (true) or handed in and given an action (false). */
  readonly owned: boolean;
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
    const thresholds = props.serviceThresholds ?? SEED_SERVICE_THRESHOLDS;

    const built = withConstructPath(this, () => {
      const topics = new AlertTopics(this, 'Topics', {
        namePrefix: this.prefix,
        routing: props.routing,
        sources: { budgets: props.budgets !== undefined, costAnomalyDetection: props.budgets !== undefined },
        retain: props.retain ?? false,
        extraSlackTopics: (props.backupVaults ?? []).map((v) => v.notificationTopic),
      });
      const strategy = (s: Severity) => new SnsAlarmActionStrategy({ onAlarmTopic: topics.topics.get(s)! });
      const facade = new MonitoringFacade(this, 'Facade', {
        alarmFactoryDefaults: {
          alarmNamePrefix: this.prefix,
          actionsEnabled: true,
          // The disambiguator of every alarm is its severity's title: the library routes it.
          disambiguatorAction: Object.fromEntries(Severity.all().map((s) => [s.title, strategy(s)])),
          action: strategy(Severity.INFO),
          runbookLink: props.runbookUrl,
        },
        metricFactoryDefaults: {},
      });
      const watched: WatchedAlarm[] = [];
      const feeders: cloudwatch.IAlarm[] = [];
      this.watchBackups(facade, props);
      this.watchReplication(facade, props);
      for (const service of services) if (service.cloudWatch) this.watchService(facade, service, thresholds);
      const sloWindows = slos.filter((slo) => slo.indicator.hasCloudWatch).map((slo) => ({ slo, windows: this.sloWindowAlarms(facade, slo) }));

      // Handed-in alarms get their severity's action; health-check feeders are the named exceptions.
      const dnsOfRegion: cloudwatch.IAlarm[] = [];
      for (const routing of props.dns ?? []) {
        for (const hc of routing.healthCheckAlarms) {
          if (HEALTH_CHECK_FEEDER_PURPOSES.includes(hc.purpose)) {
            feeders.push(hc.alarm);
            acknowledgeFeeder(hc.alarm);
            continue;
          }
          watched.push(this.giveAction(hc.alarm, Severity.WARNING, topics));
          if (hc.region === stack.region && hc.purpose === 'endpoint') dnsOfRegion.push(hc.alarm);
        }
        for (const sw of routing.routingSwitchAlarms) {
          if (feeders.includes(sw.alarm)) continue;
          feeders.push(sw.alarm);
          acknowledgeFeeder(sw.alarm);
        }
      }
      for (const source of props.failoverTriggers ?? []) for (const alarm of source.alarms) watched.push(this.giveAction(alarm, Severity.CRITICAL, topics));

      // Correlated failure: this region's endpoint is unhealthy AND an SLO burns its budget fast.
      // It pages once; the SLO page composites are suppressed while it is in ALARM.
      let correlated: cloudwatch.CompositeAlarm | undefined;
      if (dnsOfRegion.length > 0 && sloWindows.length > 0) {
        correlated = new cloudwatch.CompositeAlarm(this, 'RegionDegraded', {
          compositeAlarmName: `${this.prefix}-region-degraded`,
          alarmDescription: `${stack.region}: an endpoint health check fails and an SLO burns its budget at the page rate. Runbook: ${props.runbookUrl}`,
          alarmRule: cloudwatch.AlarmRule.allOf(
            cloudwatch.AlarmRule.anyOf(...dnsOfRegion.map((a) => cloudwatch.AlarmRule.fromAlarm(this.localAlarm(a), cloudwatch.AlarmState.ALARM))),
            cloudwatch.AlarmRule.anyOf(...sloWindows.map(({ windows }) => cloudwatch.AlarmRule.allOf(...windows.slice(0, 2).map((w) => cloudwatch.AlarmRule.fromAlarm(w, cloudwatch.AlarmState.ALARM))))),
          ),
        });
        correlated.addAlarmAction(snsAction(topics, Severity.CRITICAL));
        watched.push({ name: `${this.prefix}-region-degraded`, severity: Severity.CRITICAL, alarm: correlated, owned: true });
      }
      for (const { slo, windows } of sloWindows) watched.push(...this.sloComposites(slo, windows, topics, correlated));

      for (const a of facade.createdAlarms()) {
        const severity = Severity.of((a.disambiguator ?? 'info').toLowerCase()) ?? Severity.INFO;
        watched.push({ name: a.alarmName, severity, alarm: a.alarm, owned: true });
      }
      const budgets = props.budgets
        ? new CostBudgets(this, 'Budgets', { plan: props.budgets, namePrefix: props.environment, warningTopic: topics.topics.get(Severity.WARNING)!, criticalTopic: topics.topics.get(Severity.CRITICAL)! })
        : undefined;
      return { topics, facade, watched, feeders, budgets };
    });
    this.topics = built.topics;
    this.facade = built.facade;
    this.alarms = [...built.watched].sort((a, b) => a.severity.rank - b.severity.rank || a.name.localeCompare(b.name));
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
      ...(props.services ?? []).map((s, i) => () => checkRunbook(this, `services[${i}].runbookUrl`, s.runbookUrl)),
      ...slos.flatMap((slo, i) => [
        () => checkSloObjective(this, `slos[${i}]`, slo),
        () => checkSloName(this, `slos[${i}].name`, slo.name),
        () => checkBurnRates(this, `slos[${i}].burnRates`, slo.burnRates, slo.window),
        () => checkRunbook(this, `slos[${i}].runbookUrl`, slo.runbookUrl),
      ]),
      ...(props.dns ?? []).flatMap((routing, r) => routing.healthCheckAlarms.map((hc, i) => () => this.checkSameRegion(`dns[${r}].healthCheckAlarms[${i}]`, hc.alarm))),
      ...(props.failoverTriggers ?? []).flatMap((src, s) => src.alarms.map((a, i) => () => this.checkSameRegion(`failoverTriggers[${s}].alarms[${i}]`, a))),
      ...(props.replication ?? []).flatMap((src, s) => src.replicationMetrics.map((m, i) => () => {
        if (m.region !== stack.region) invalid(this, `replication[${s}].replicationMetrics[${i}].region`, m.region, `this stack's region ${stack.region} (an alarm watches metrics of its own region)`);
        checkRunbook(this, `replication[${s}].replicationMetrics[${i}].runbookUrl`, m.runbookUrl);
      })),
    ]);
  }

  /** An alarm can only notify a topic, and join a composite, in its own region. */
  private checkSameRegion(prop: string, alarm: cloudwatch.IAlarm): void {
    const region = Stack.of(alarm).region;
    const here = Stack.of(this).region;
    if (region !== here) invalid(this, `${prop}.region`, region, `this stack's region ${here} (alarm actions and composite alarms stay in one region)`);
    const account = Stack.of(alarm).account;
    if (account !== Stack.of(this).account) invalid(this, `${prop}.account`, account, `this stack's account ${Stack.of(this).account}`);
  }

  private watchBackups(facade: MonitoringFacade, props: MonitoringStackProps): void {
    const vaults = props.backupVaults ?? [];
    const alarmOn = (metricName: string, suffix: string, severity: Severity, dimensionsMap: Record<string, string>) => ({
      metric: new cloudwatch.Metric({ namespace: 'AWS/Backup', metricName, dimensionsMap, statistic: 'Sum', period: Duration.hours(1) }),
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
        metricGroups: [{ title: 'Failed and expired jobs', metrics: BACKUP_VAULT_METRICS.map((m) => alarmOn(m.metricName, m.suffix, m.severity, { BackupVaultName: v.vault.backupVaultName })) }],
      });
    }
    if (vaults.length > 0) {
      facade.monitorCustom({
        alarmFriendlyName: 'backup-restores',
        humanReadableName: 'Restore jobs and restore tests',
        metricGroups: [{ title: 'Failed restores', metrics: BACKUP_REGION_METRICS.map((m) => alarmOn(m.metricName, m.suffix, m.severity, {})) }],
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

  private watchService(facade: MonitoringFacade, service: MonitoredService, t: ServiceAlarmThresholds): void {
    const cw = service.cloudWatch!;
    const period = Duration.minutes(5);
    const requests = cw.requests.with({ statistic: 'Sum', period });
    const errorRatio = new cloudwatch.MathExpression({
      expression: '100 * errors / requests',
      usingMetrics: { errors: cw.serverErrors.with({ statistic: 'Sum', period }), requests },
      label: '5xx %',
      period,
    });
    const p95 = cw.latency.with({ statistic: cw.latencyStatistic ?? 'p95', period });
    const anomaly = (s: Severity) => ({
      [s.title]: { standardDeviationForAlarm: t.anomalyStandardDeviations, alarmWhenAboveTheBand: true, alarmWhenBelowTheBand: true, runbookLink: service.runbookUrl, datapointsToAlarm: 3, evaluationPeriods: 3 },
    });
    facade.monitorCustom({
      alarmFriendlyName: `service-${service.name}`,
      humanReadableName: `${service.namespace}/${service.name}`,
      metricGroups: [
        { title: 'Request rate', metrics: [{ metric: requests, alarmFriendlyName: 'RequestRateAnomaly', anomalyDetectionStandardDeviationToRender: t.anomalyStandardDeviations, addAlarmOnAnomaly: anomaly(Severity.WARNING) }] },
        {
          title: '5xx ratio',
          metrics: [{ metric: errorRatio, alarmFriendlyName: 'ServerErrorRatio', addAlarm: { Critical: { threshold: t.serverErrorPercent, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING, runbookLink: service.runbookUrl, datapointsToAlarm: 2, evaluationPeriods: 3 } } }],
        },
        {
          title: 'p95 latency',
          metrics: [{ metric: p95, alarmFriendlyName: 'LatencyP95', addAlarm: { Warning: { threshold: t.p95Latency.toMilliseconds(), comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING, runbookLink: service.runbookUrl, datapointsToAlarm: 2, evaluationPeriods: 3 } } }],
        },
        { title: 'p95 latency band', metrics: [{ metric: p95, alarmFriendlyName: 'LatencyP95Anomaly', anomalyDetectionStandardDeviationToRender: t.anomalyStandardDeviations, addAlarmOnAnomaly: anomaly(Severity.WARNING) }] },
      ],
    });
  }

  /**
   * One metric-math alarm per burn-rate window (period = the window, one evaluation), in the order
   * page-quick short/long, page-slow short/long, ticket-quick…, ticket-slow…. Their action is
   * info: they page only through the composites.
   */
  private sloWindowAlarms(facade: MonitoringFacade, slo: ResolvedSlo): cloudwatch.AlarmBase[] {
    const factory = facade.createAlarmFactory(`slo-${slo.id}`);
    const ratio = (window: Duration): cloudwatch.MathExpression => {
      const ind = slo.indicator;
      if (ind.cloudWatchEvents) {
        return new cloudwatch.MathExpression({
          expression: 'errors / total',
          usingMetrics: { errors: ind.cloudWatchEvents.errors.with({ statistic: 'Sum', period: window }), total: ind.cloudWatchEvents.total.with({ statistic: 'Sum', period: window }) },
          label: `error ratio ${window.toHumanString()}`,
          period: window,
        });
      }
      const o = ind.latencyOptions!;
      if (o.cloudWatchWithinThreshold) {
        const { within, total } = o.cloudWatchWithinThreshold;
        return new cloudwatch.MathExpression({
          expression: '1 - within / total',
          usingMetrics: { within: within.with({ statistic: 'Sum', period: window }), total: total.with({ statistic: 'Sum', period: window }) },
          label: `slow ratio ${window.toHumanString()}`,
          period: window,
        });
      }
      const bound = (o.cloudWatchUnit ?? 'milliseconds') === 'milliseconds' ? o.threshold.toMilliseconds() : o.threshold.toMilliseconds() / 1000;
      // Percentile rank PR(:t) is the percent of data points at or under t.
      return new cloudwatch.MathExpression({
        expression: '1 - fast / 100',
        usingMetrics: { fast: o.cloudWatchLatency!.with({ statistic: `PR(:${bound})`, period: window }) },
        label: `slow ratio ${window.toHumanString()}`,
        period: window,
      });
    };
    const alarms: cloudwatch.AlarmBase[] = [];
    for (const w of slo.burnRates.all()) {
      for (const window of [w.shortWindow, w.longWindow]) {
        const a = factory.addAlarm(ratio(window), {
          alarmNameSuffix: `burn-${String(w.factor).replace('.', '_')}x-${window.toSeconds()}s`,
          alarmDescription: `${slo.service} ${slo.name}: error ratio over ${window.toHumanString()} above ${w.factor}x the ${slo.errorBudget} budget`,
          disambiguator: Severity.INFO.title,
          threshold: Number((w.factor * slo.errorBudget).toPrecision(12)),
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          period: window,
          runbookLink: slo.runbookUrl,
        });
        alarms.push(a.alarm);
      }
    }
    return alarms;
  }

  private sloComposites(slo: ResolvedSlo, windows: cloudwatch.AlarmBase[], topics: AlertTopics, suppressor?: cloudwatch.IAlarm): WatchedAlarm[] {
    const [pqs, pql, pss, psl, tqs, tql, tss, tsl] = windows;
    const both = (a: cloudwatch.IAlarm, b: cloudwatch.IAlarm) => cloudwatch.AlarmRule.allOf(cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM), cloudwatch.AlarmRule.fromAlarm(b, cloudwatch.AlarmState.ALARM));
    const make = (kind: 'page' | 'ticket', pair: readonly BurnRateWindow[], rule: cloudwatch.IAlarmRule, severity: Severity, withSuppressor: boolean): WatchedAlarm => {
      const name = `${this.prefix}-slo-${slo.id}-${kind}`;
      const alarm = new cloudwatch.CompositeAlarm(this, `Slo-${slo.id}-${kind}`, {
        compositeAlarmName: name,
        alarmDescription: `${slo.service} ${slo.name} (${slo.objective} % over ${slo.window.toDays()} days): budget burning at ${pair.map((p) => `${p.factor}x over ${p.longWindow.toHumanString()} and ${p.shortWindow.toHumanString()}`).join(' or ')}. Runbook: ${slo.runbookUrl}`,
        alarmRule: rule,
        ...(withSuppressor && suppressor ? { actionsSuppressor: suppressor, actionsSuppressorWaitPeriod: Duration.minutes(1), actionsSuppressorExtensionPeriod: Duration.minutes(5) } : {}),
      });
      alarm.addAlarmAction(snsAction(topics, severity));
      return { name, severity, alarm, owned: true };
    };
    return [
      make('page', slo.burnRates.page, cloudwatch.AlarmRule.anyOf(both(pqs, pql), both(pss, psl)), slo.burnRates.page[0].severity, true),
      make('ticket', slo.burnRates.ticket, cloudwatch.AlarmRule.anyOf(both(tqs, tql), both(tss, tsl)), slo.burnRates.ticket[0].severity, false),
    ];
  }

  /**
   * Gives a handed-in alarm its severity's action. The topic ARN is written with the alarm's own
   * stack pseudo-parameters (same region and account, checked), so no cross-stack reference and no
   * dependency cycle between the alarm's stack and this one.
   */
  private giveAction(alarm: cloudwatch.IAlarm, severity: Severity, topics: AlertTopics): WatchedAlarm {
    const topicName = `${this.prefix}-${severity.name}`;
    const name = literalAlarmName(this, alarm);
    // Deploy order: the alarm's stack first (composites here name its alarms; its action names a
    // topic by ARN, which CloudWatch does not require to exist yet).
    const owner = Stack.of(alarm);
    if (owner !== Stack.of(this)) Stack.of(this).addStackDependency(owner, 'MonitoringStack composes and notifies alarms of this stack');
    if (alarm instanceof cloudwatch.AlarmBase) {
      alarm.addAlarmAction({ bind: () => ({ alarmActionArn: `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:${topicName}` }) });
      return { name, severity, alarm, owned: false };
    }
    // An imported alarm cannot be changed: a composite over it carries the action.
    const wrapper = new cloudwatch.CompositeAlarm(this, `Notify-${name}`, {
      compositeAlarmName: `${name}-notify`,
      alarmRule: cloudwatch.AlarmRule.fromAlarm(alarm, cloudwatch.AlarmState.ALARM),
      alarmDescription: `Notifies ${severity.name} when ${name} is in ALARM`,
    });
    wrapper.addAlarmAction(snsAction(topics, severity));
    return { name: `${name}-notify`, severity, alarm: wrapper, owned: true };
  }

  /** A reference to a handed-in alarm by its literal name, in this stack (no cross-stack token). */
  private localAlarm(alarm: cloudwatch.IAlarm): cloudwatch.IAlarm {
    const name = literalAlarmName(this, alarm);
    const id = `Ref-${name}`;
    return (this.node.tryFindChild(id) as cloudwatch.IAlarm | undefined) ?? cloudwatch.Alarm.fromAlarmName(this, id, name);
  }
}

/** Control Tower CT.CLOUDWATCH.PR.1 (an action on every alarm) does not apply to the named feeders. */
function acknowledgeFeeder(alarm: cloudwatch.IAlarm): void {
  acknowledgeFinding(alarm, 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    'This alarm only feeds a Route 53 health check (hold-down or operator routing switch): its state is routing state, not an incident; MonitoringStack lists it in HEALTH_CHECK_FEEDER_PURPOSES and shows it on the dashboard.');
}

function snsAction(topics: AlertTopics, severity: Severity): cloudwatch.IAlarmAction {
  const topic = topics.topics.get(severity)!;
  return { bind: () => ({ alarmActionArn: topic.topicArn }) };
}

/** The literal name of an alarm (from its L1 when the L2 returns a token), or a clear error. */
export function literalAlarmName(scope: Construct, alarm: cloudwatch.IAlarm): string {
  if (!Token.isUnresolved(alarm.alarmName)) return alarm.alarmName;
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm | undefined;
  const name = cfn && ('alarmName' in cfn ? cfn.alarmName : undefined);
  if (typeof name === 'string' && !Token.isUnresolved(name)) return name;
  return invalid(scope, 'alarm', alarm.node.path, 'an alarm with a literal alarmName (monitoring refers to it by name across stacks)');
}
