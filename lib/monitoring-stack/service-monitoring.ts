import { Aws, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlarmActionStrategyProps, DefaultDashboardFactory, IAlarmActionStrategy, MonitoringFacade, MonitoringFacadeProps } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { invalid, validateAll, withConstructPath } from '../core';
import { BurnRateWindow } from './burn-rate';
import { Severity } from './severity';
import { MonitoredService } from './signal-sources';
import { resolveSlo, ResolvedSlo } from './slo';
import { checkBurnRates, checkRunbook, checkSloName, checkSloObjective } from './validation';

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

/**
 * CloudWatch: a composite alarm's rule may name at most 100 underlying alarms
 * (CloudWatch API Reference, PutCompositeAlarm).
 */
export const COMPOSITE_RULE_MAX_ALARMS = 100;

/** The one SNS topic name of a severity: `<environment>-<region>-<severity>` (AlertTopics names its topics so). */
export function severityTopicName(namePrefix: string, severity: Severity): string {
  return `${namePrefix}-${severity.name}`;
}

/** Where alarms of each severity send their notifications. */
export interface IAlertTargets {
  /** The action of an alarm of `severity`, valid in `scope`'s stack. */
  actionOf(severity: Severity): cloudwatch.IAlarmAction;
}

/** The region's severity topics as alarm actions. */
export class AlertTargets {
  /** Topics of this stack (a `Ref`). */
  public static fromTopics(topics: ReadonlyMap<Severity, sns.ITopic>): IAlertTargets {
    return { actionOf: (severity) => ({ bind: () => ({ alarmActionArn: topics.get(severity)!.topicArn }) }) };
  }

  /**
   * The region's topics by their deterministic names, as ARNs in the alarm's own stack's account
   * and region (pseudo-parameters): no cross-stack reference, so no export and no dependency. The
   * topics' policies admit CloudWatch alarms of any stack of that account and region.
   */
  public static byName(namePrefix: string): IAlertTargets {
    return { actionOf: (severity) => ({ bind: () => ({ alarmActionArn: `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:${severityTopicName(namePrefix, severity)}` }) }) };
  }

  private constructor() {}
}

/**
 * A correlated composite over the services' SLOs: ALARM when any of `endpointAlarms` is in ALARM
 * and an SLO burns its budget at the quick page rate (both windows). The SLO page composites of
 * the same construct are suppressed while it is in ALARM, so a correlated failure pages once.
 */
export interface ServiceCorrelationOptions {
  /** The region's endpoint health-check alarms (same account and region, with literal names). */
  readonly endpointAlarms: readonly cloudwatch.IAlarm[];
  /** Name of the composite. */
  readonly alarmName: string;
  /** Severity of its action. */
  readonly severity: Severity;
  /** Runbook linked from its description. */
  readonly runbookUrl: string;
}

export interface ServiceMonitoringProps {
  /** Environment name: with the stack's region, the prefix of every alarm name. */
  readonly environment: string;
  /** The services watched here. */
  readonly services: readonly MonitoredService[];
  /** Where each severity goes. */
  readonly targets: IAlertTargets;
  /** Runbook of alarms without one of their own. */
  readonly runbookUrl: string;
  /** @default SEED_SERVICE_THRESHOLDS */
  readonly thresholds?: ServiceAlarmThresholds;
  /** A correlated composite over these services' SLOs. @default - none */
  readonly correlation?: ServiceCorrelationOptions;
}

/** An alarm this construct created or gave an action, with its severity. */
export interface WatchedAlarm {
  readonly name: string;
  readonly severity: Severity;
  readonly alarm: cloudwatch.IAlarm;
  /** Created by monitoring (true) or handed in and given an action (false). */
  readonly owned: boolean;
}

/**
 * The per-service CloudWatch alarms of a set of mesh services, built with cdk-monitoring-constructs:
 * request-rate and p95 anomaly bands, 5xx ratio, p95 latency, and each SLO's burn-rate window
 * alarms combined in page and ticket composites. Alarm names depend only on environment, region,
 * service and SLO, so the construct can sit in any stack of the region (MonitoringStack builds one
 * itself; the platform puts one in each services stack to stay within the per-stack resource budget).
 */
export class ServiceMonitoring extends Construct {
  public readonly facade: MonitoringFacade;
  /** Every alarm created, severity-sorted (critical first). */
  public readonly alarms: readonly WatchedAlarm[];
  public readonly slos: readonly ResolvedSlo[];
  /** The correlated composite, when asked for. */
  public readonly correlated?: cloudwatch.CompositeAlarm;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const slos = props.services.flatMap((s) => (s.slos ?? []).map(resolveSlo));
    this.slos = slos;
    this.prefix = `${props.environment}-${stack.region}`;
    const sloWithWindows = slos.filter((slo) => slo.indicator.hasCloudWatch);
    validateAll(this, [
      () => {
        if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) {
          invalid(this, 'stack env', `${stack.account}/${stack.region}`, 'a stack with a literal account and region (alarm names and topic ARNs are per region)');
        }
      },
      () => checkSloName(this, 'environment', props.environment),
      () => checkRunbook(this, 'runbookUrl', props.runbookUrl),
      ...serviceChecks(this, props.services, slos),
      ...(props.correlation ? [
        ...props.correlation.endpointAlarms.map((a, i) => () => checkSameRegion(this, `correlation.endpointAlarms[${i}]`, a)),
        () => checkRunbook(this, 'correlation.runbookUrl', props.correlation!.runbookUrl),
        () => {
          const n = props.correlation!.endpointAlarms.length + 2 * sloWithWindows.length;
          if (sloWithWindows.length > 0 && n > COMPOSITE_RULE_MAX_ALARMS) {
            invalid(this, 'correlation', `${props.correlation!.endpointAlarms.length} endpoint alarms + 2 x ${sloWithWindows.length} SLOs = ${n} alarms`, `at most ${COMPOSITE_RULE_MAX_ALARMS} alarms in one composite rule (CloudWatch PutCompositeAlarm); raise serviceStacks.shards`);
          }
        },
      ] : []),
    ]);
    const thresholds = props.thresholds ?? SEED_SERVICE_THRESHOLDS;

    const built = withConstructPath(this, () => {
      // No dashboard here: the environment's global view graphs every service (and a dashboard
      // name is one per account, which one per services stack could not keep).
      const dashboardFactory = new DefaultDashboardFactory(this, 'Dashboards', { dashboardNamePrefix: this.prefix, createDashboard: false, createSummaryDashboard: false, createAlarmDashboard: false });
      const facade = new MonitoringFacade(this, 'Facade', { dashboardFactory, ...severityRoutedFacadeDefaults(this.prefix, props.targets, props.runbookUrl) });
      for (const service of props.services) if (service.cloudWatch) this.watchService(facade, service, thresholds);
      const sloWindows = sloWithWindows.map((slo) => ({ slo, windows: this.sloWindowAlarms(facade, slo) }));
      const watched: WatchedAlarm[] = [];
      let correlated: cloudwatch.CompositeAlarm | undefined;
      const c = props.correlation;
      if (c && c.endpointAlarms.length > 0 && sloWindows.length > 0) {
        correlated = new cloudwatch.CompositeAlarm(this, 'Correlated', {
          compositeAlarmName: c.alarmName,
          alarmDescription: `${stack.region}: an endpoint health check fails and an SLO burns its budget at the page rate. Runbook: ${c.runbookUrl}`,
          alarmRule: cloudwatch.AlarmRule.allOf(
            cloudwatch.AlarmRule.anyOf(...c.endpointAlarms.map((a) => cloudwatch.AlarmRule.fromAlarm(localAlarm(this, a), cloudwatch.AlarmState.ALARM))),
            cloudwatch.AlarmRule.anyOf(...sloWindows.map(({ windows }) => cloudwatch.AlarmRule.allOf(...windows.slice(0, 2).map((w) => cloudwatch.AlarmRule.fromAlarm(w, cloudwatch.AlarmState.ALARM))))),
          ),
        });
        // A composite rule names alarms that exist (PutCompositeAlarm): their stacks deploy first.
        for (const a of c.endpointAlarms) if (Stack.of(a) !== stack) stack.addStackDependency(Stack.of(a), 'the correlated composite names its endpoint alarms');
        correlated.addAlarmAction(props.targets.actionOf(c.severity));
        watched.push({ name: c.alarmName, severity: c.severity, alarm: correlated, owned: true });
      }
      for (const { slo, windows } of sloWindows) watched.push(...this.sloComposites(slo, windows, props.targets, correlated));
      for (const a of facade.createdAlarms()) {
        const severity = Severity.of((a.disambiguator ?? 'info').toLowerCase()) ?? Severity.INFO;
        watched.push({ name: a.alarmName, severity, alarm: a.alarm, owned: true });
      }
      return { facade, watched, correlated };
    });
    this.facade = built.facade;
    this.correlated = built.correlated;
    this.alarms = sortAlarms(built.watched);
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

  private sloComposites(slo: ResolvedSlo, windows: cloudwatch.AlarmBase[], targets: IAlertTargets, suppressor?: cloudwatch.IAlarm): WatchedAlarm[] {
    const [pqs, pql, pss, psl, tqs, tql, tss, tsl] = windows;
    const both = (a: cloudwatch.IAlarm, b: cloudwatch.IAlarm) => cloudwatch.AlarmRule.allOf(cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM), cloudwatch.AlarmRule.fromAlarm(b, cloudwatch.AlarmState.ALARM));
    const make = (kind: 'page' | 'ticket', pair: readonly BurnRateWindow[], rule: cloudwatch.IAlarmRule, severity: Severity, withSuppressor: boolean): WatchedAlarm => {
      const name = `${this.prefix}-slo-${slo.id}-${kind}`;
      // Construct ids as they were under MonitoringStack (alarms are stateless; the names are the contract).
      const alarm = new cloudwatch.CompositeAlarm(this, `Slo-${slo.id}-${kind}`, {
        compositeAlarmName: name,
        alarmDescription: `${slo.service} ${slo.name} (${slo.objective} % over ${slo.window.toDays()} days): budget burning at ${pair.map((p) => `${p.factor}x over ${p.longWindow.toHumanString()} and ${p.shortWindow.toHumanString()}`).join(' or ')}. Runbook: ${slo.runbookUrl}`,
        alarmRule: rule,
        ...(withSuppressor && suppressor ? { actionsSuppressor: suppressor, actionsSuppressorWaitPeriod: Duration.minutes(1), actionsSuppressorExtensionPeriod: Duration.minutes(5) } : {}),
      });
      alarm.addAlarmAction(targets.actionOf(severity));
      return { name, severity, alarm, owned: true };
    };
    return [
      make('page', slo.burnRates.page, cloudwatch.AlarmRule.anyOf(both(pqs, pql), both(pss, psl)), slo.burnRates.page[0].severity, true),
      make('ticket', slo.burnRates.ticket, cloudwatch.AlarmRule.anyOf(both(tqs, tql), both(tss, tsl)), slo.burnRates.ticket[0].severity, false),
    ];
  }
}

/**
 * The facade defaults every monitoring construct shares: alarm names prefixed `<env>-<region>`, and
 * the disambiguator of every alarm is its severity's title, so the library routes it to `targets`.
 */
export function severityRoutedFacadeDefaults(prefix: string, targets: IAlertTargets, runbookUrl: string): Pick<MonitoringFacadeProps, 'alarmFactoryDefaults' | 'metricFactoryDefaults'> {
  const strategy = (s: Severity): IAlarmActionStrategy => ({ addAlarmActions: ({ alarm }: AlarmActionStrategyProps) => alarm.addAlarmAction(targets.actionOf(s)) });
  return {
    alarmFactoryDefaults: {
      alarmNamePrefix: prefix,
      actionsEnabled: true,
      disambiguatorAction: Object.fromEntries(Severity.all().map((s) => [s.title, strategy(s)])),
      action: strategy(Severity.INFO),
      runbookLink: runbookUrl,
    },
    metricFactoryDefaults: {},
  };
}

/** Critical first, then by name: the order of the status widgets. */
export function sortAlarms(alarms: readonly WatchedAlarm[]): WatchedAlarm[] {
  return [...alarms].sort((a, b) => a.severity.rank - b.severity.rank || a.name.localeCompare(b.name));
}

/** The validation rules of mesh services and their SLOs (one place, for every construct that takes services). */
export function serviceChecks(scope: Construct, services: readonly MonitoredService[], slos: readonly ResolvedSlo[]): (() => void)[] {
  return [
    ...services.map((s, i) => () => checkRunbook(scope, `services[${i}].runbookUrl`, s.runbookUrl)),
    ...slos.flatMap((slo, i) => [
      () => checkSloObjective(scope, `slos[${i}]`, slo),
      () => checkSloName(scope, `slos[${i}].name`, slo.name),
      () => checkBurnRates(scope, `slos[${i}].burnRates`, slo.burnRates, slo.window),
      () => checkRunbook(scope, `slos[${i}].runbookUrl`, slo.runbookUrl),
    ]),
  ];
}

/** An alarm can only notify a topic, and join a composite, in its own region and account. */
export function checkSameRegion(scope: Construct, prop: string, alarm: cloudwatch.IAlarm): void {
  const region = Stack.of(alarm).region;
  const here = Stack.of(scope).region;
  if (region !== here) invalid(scope, `${prop}.region`, region, `this stack's region ${here} (alarm actions and composite alarms stay in one region)`);
  const account = Stack.of(alarm).account;
  if (account !== Stack.of(scope).account) invalid(scope, `${prop}.account`, account, `this stack's account ${Stack.of(scope).account}`);
}

/**
 * A reference to an alarm by its literal name, in `scope`'s stack (no cross-stack token). The
 * alarm's stack must deploy first (a composite rule names alarms that exist): the caller orders it.
 */
export function localAlarm(scope: Construct, alarm: cloudwatch.IAlarm): cloudwatch.IAlarm {
  if (Stack.of(alarm) === Stack.of(scope)) return alarm;
  const name = literalAlarmName(scope, alarm);
  const id = `Ref-${name}`;
  return (scope.node.tryFindChild(id) as cloudwatch.IAlarm | undefined) ?? cloudwatch.Alarm.fromAlarmName(scope, id, name);
}

/** The literal name of an alarm (from its L1 when the L2 returns a token), or a clear error. */
export function literalAlarmName(scope: Construct, alarm: cloudwatch.IAlarm): string {
  if (!Token.isUnresolved(alarm.alarmName)) return alarm.alarmName;
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm | undefined;
  const name = cfn && ('alarmName' in cfn ? cfn.alarmName : undefined);
  if (typeof name === 'string' && !Token.isUnresolved(name)) return name;
  return invalid(scope, 'alarm', alarm.node.path, 'an alarm with a literal alarmName (monitoring refers to it by name across stacks)');
}
