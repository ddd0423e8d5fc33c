import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { drNames } from './dr-naming';

/** Namespace of the metric operators publish to trigger a failover by hand. */
export const MANUAL_FAILOVER_NAMESPACE = 'Resilience/DR';
/** Name of the manual trigger metric: publish 1 to fail the region over. */
export const MANUAL_FAILOVER_METRIC = 'ManualFailover';

/** The seeds' latency trigger: p99 above 1000 ms. */
export const SEED_LATENCY_THRESHOLD = Duration.millis(1000);
/** The seeds' zone trigger: two or more zones unhealthy. */
export const SEED_UNHEALTHY_ZONES = 2;

/** What a region's triggers watch; metrics of the region's own load balancer and database. */
export interface RegionSignals {
  /** Healthy hosts per availability zone (e.g. ALB `HealthyHostCount` with the `AvailabilityZone` dimension), by zone name. */
  readonly zoneHealthyHosts: Readonly<Record<string, cloudwatch.IMetric>>;
  /** Response time in seconds at the percentile the trigger holds (e.g. ALB `TargetResponseTime` p99). */
  readonly latencySeconds: cloudwatch.IMetric;
}

/** What the monitoring construct and the failover plan see of a region's triggers. */
export interface IFailoverTriggers {
  readonly region: string;
  /** Composite: at least two zones unhealthy. */
  readonly zonesUnhealthy: cloudwatch.IAlarm;
  /** The database of the region failed (present where the region runs the Aurora writer). */
  readonly databaseFailure?: cloudwatch.IAlarm;
  /** Latency above the threshold. */
  readonly latency: cloudwatch.IAlarm;
  /** Operators asked for a failover (`Resilience/DR ManualFailover` = 1). */
  readonly manual: cloudwatch.IAlarm;
  /** The metric operators publish for `manual`. */
  readonly manualMetric: cloudwatch.IMetric;
  /** Composite of all of the above: the alarm that triggers (and stops drills on) a failover. */
  readonly failover: cloudwatch.IAlarm;
  /** Every alarm above, in a stable order. */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/** Options of the triggers. */
export interface FailoverTriggersProps {
  readonly environment: string;
  readonly region: string;
  readonly signals: RegionSignals;
  /** Evaluation periods of one minute each. */
  readonly evaluationPeriods: number;
  readonly latencyThreshold: Duration;
  /** The writer cluster's identifier in this region, when there is one. */
  readonly writerClusterIdentifier?: string;
  readonly alarmActions: readonly cloudwatch.IAlarmAction[];
}

/** The seeds' failover triggers of one region, as CloudWatch alarms in that region. */
export class FailoverTriggers extends Construct implements IFailoverTriggers {
  public readonly region: string;
  public readonly zonesUnhealthy: cloudwatch.IAlarm;
  public readonly databaseFailure?: cloudwatch.IAlarm;
  public readonly latency: cloudwatch.IAlarm;
  public readonly manual: cloudwatch.IAlarm;
  public readonly manualMetric: cloudwatch.IMetric;
  public readonly failover: cloudwatch.IAlarm;
  public readonly alarms: readonly cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: FailoverTriggersProps) {
    super(scope, id);
    this.region = props.region;
    const name = (what: string): string => drNames.alarm(props.environment, props.region, what);
    const all: cloudwatch.AlarmBase[] = [];
    const alarm = (alarmId: string, p: cloudwatch.AlarmProps): cloudwatch.Alarm => {
      const a = new cloudwatch.Alarm(this, alarmId, { actionsEnabled: true, ...p });
      props.alarmActions.forEach((action) => a.addAlarmAction(action));
      all.push(a);
      return a;
    };

    const zones = Object.keys(props.signals.zoneHealthyHosts).sort();
    const zoneAlarms = zones.map((zone) => alarm(`Zone-${zone}`, {
      alarmName: name(`zone-${zone}-unhealthy`),
      alarmDescription: `No healthy host in ${zone} (${props.environment})`,
      metric: props.signals.zoneHealthyHosts[zone],
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods,
      // No data from a zone's load balancer nodes is as bad as no healthy host.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }));
    // "At least two of n" as the OR of every pair: composite alarm rules have no counting operator in the L2.
    const pairs: cloudwatch.IAlarmRule[] = [];
    for (let i = 0; i < zoneAlarms.length; i++) {
      for (let j = i + 1; j < zoneAlarms.length; j++) pairs.push(cloudwatch.AlarmRule.allOf(zoneAlarms[i], zoneAlarms[j]));
    }
    this.zonesUnhealthy = this.composite('ZonesUnhealthy', name('zones-unhealthy'), `${SEED_UNHEALTHY_ZONES} or more zones of ${props.region} unhealthy`, cloudwatch.AlarmRule.anyOf(...pairs), props, all);

    if (props.writerClusterIdentifier !== undefined) {
      this.databaseFailure = alarm('DatabaseFailure', {
        alarmName: name('database-failure'),
        alarmDescription: `Aurora writer ${props.writerClusterIdentifier} reports no uptime (down or unreachable)`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/RDS', metricName: 'EngineUptime', dimensionsMap: { DBClusterIdentifier: props.writerClusterIdentifier },
          statistic: cloudwatch.Stats.SAMPLE_COUNT, period: Duration.minutes(1),
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: props.evaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    }

    this.latency = alarm('Latency', {
      alarmName: name('latency'),
      alarmDescription: `Latency above ${props.latencyThreshold.toMilliseconds()} ms in ${props.region}`,
      metric: props.signals.latencySeconds,
      threshold: props.latencyThreshold.toMilliseconds() / 1000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.manualMetric = new cloudwatch.Metric({
      namespace: MANUAL_FAILOVER_NAMESPACE,
      metricName: MANUAL_FAILOVER_METRIC,
      dimensionsMap: { Environment: props.environment, Region: props.region },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
    });
    this.manual = alarm('Manual', {
      alarmName: name('manual-failover'),
      alarmDescription: `Operators asked to fail ${props.region} over: publish ${MANUAL_FAILOVER_NAMESPACE} ${MANUAL_FAILOVER_METRIC} (Environment=${props.environment}, Region=${props.region}) = 1`,
      metric: this.manualMetric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const rules = [this.zonesUnhealthy, this.latency, this.manual, ...(this.databaseFailure ? [this.databaseFailure] : [])];
    this.failover = this.composite('Failover', name('failover'), `Fail ${props.region} over (${props.environment}): any seed trigger`, cloudwatch.AlarmRule.anyOf(...rules), props, all);
    this.alarms = all;
  }

  private composite(id: string, compositeAlarmName: string, alarmDescription: string, alarmRule: cloudwatch.IAlarmRule, props: FailoverTriggersProps, all: cloudwatch.AlarmBase[]): cloudwatch.CompositeAlarm {
    const composite = new cloudwatch.CompositeAlarm(this, id, { compositeAlarmName, alarmDescription, alarmRule, actionsEnabled: true });
    props.alarmActions.forEach((action) => composite.addAlarmAction(action));
    all.push(composite);
    return composite;
  }
}
