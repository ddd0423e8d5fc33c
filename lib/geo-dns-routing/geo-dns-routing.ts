import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { withConstructPath } from '../core';
import { DnsAlarmTopic } from './alarm-topic';
import { DnsZone } from './dns-zone';
import { EndpointHealthCheck } from './endpoint-health-check';
import { FailbackMode, ROUTING_SWITCH_METRIC, ROUTING_SWITCH_NAMESPACE } from './failback-mode';
import { RegionalEndpoint, RegionalEndpointProps } from './regional-endpoint';
import { RoutedRecord, RoutedRecordTarget } from './routed-record';
import { planRouting, PlannedRecord, RoutingPlan } from './routing-plan';
import { RoutingPolicy } from './routing-policy';
import { HEALTH_CHECK_METRICS_REGION, validateRouting } from './validation';

/** The TTL of every non-alias record unless told otherwise (CDK's own default is 30 minutes). */
export const DEFAULT_RECORD_TTL = Duration.seconds(60);

export interface GeoDnsRoutingProps {
  /** The public hosted zone the records go to. */
  readonly zone: DnsZone;
  /** The routed hostname, fully qualified without the trailing dot, e.g. `api.example.com`. */
  readonly hostname: string;
  /** The routing tree, e.g. geolocation → latency → failover. */
  readonly routing: RoutingPolicy;
  /** One endpoint per region the routing refers to. */
  readonly endpoints: readonly RegionalEndpointProps[];
  /**
   * TTL of every non-alias record, 0 to 172800 seconds. Alias records have no TTL of their own.
   * @default Duration.seconds(60)
   */
  readonly ttl?: Duration;
  /**
   * What happens when a failed region recovers.
   * @default FailbackMode.automatic()
   */
  readonly failback?: FailbackMode;
  /**
   * Actions of every health-check and routing-switch alarm, on ALARM and on OK (e.g. the SNS topic
   * action of your paging topic). At least one when given.
   * @default - the routing's own KMS-encrypted SNS topic (`alarmTopic`), which only this stack's
   *   CloudWatch alarms named `<alarmNamePrefix>-*` may publish to; subscribe to it
   */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
  /**
   * Prefix of alarm names (alarm-driven health checks refer to alarms by name, so names are fixed).
   * @default - the hostname (a leading `*` of a wildcard hostname becomes `wildcard`)
   */
  readonly alarmNamePrefix?: string;
}

/** Why a health check exists. */
export type DnsHealthCheckPurpose = 'endpoint' | 'endpoint-child' | 'hold-down' | 'routing-control' | 'routing-switch' | 'routing';

/** A health check of the routing and the alarm watching it. */
export interface DnsHealthCheckAlarm {
  /** Stable id, e.g. `us-east-1-endpoint`. */
  readonly id: string;
  /** The region the health check is about. */
  readonly region: string;
  readonly purpose: DnsHealthCheckPurpose;
  readonly healthCheck: route53.IHealthCheck;
  /** ALARM while the health check is unhealthy (for an alarm-driven check: the alarm that drives it). */
  readonly alarm: cloudwatch.IAlarm;
}

/** A region's operator switch under `FailbackMode.operatorSwitch()`. */
export interface DnsRoutingSwitchAlarm {
  /** The region the switch gates. */
  readonly region: string;
  /** `<alarm name prefix>-<region>-routing-switch`: ALARM while the switch is OFF (the region is pinned out of DNS). */
  readonly alarm: cloudwatch.IAlarm;
  /** The metric operators publish: 1 = ON, 0 = OFF. */
  readonly metric: cloudwatch.IMetric;
  /** The alarm-driven health check in the region's routing gate. */
  readonly healthCheck: route53.IHealthCheck;
}

/** What the monitoring construct sees of a routing. */
export interface IGeoDnsRouting extends IConstruct {
  /** The routed hostname. */
  readonly hostname: string;
  /** The zone holding the records. */
  readonly hostedZone: route53.IHostedZone;
  /** One alarm per health check, all in us-east-1. */
  readonly healthCheckAlarms: readonly DnsHealthCheckAlarm[];
  /** The regions' operator switches, in us-east-1; empty unless failback is `FailbackMode.operatorSwitch()`. */
  readonly routingSwitchAlarms: readonly DnsRoutingSwitchAlarm[];
}

/**
 * Global traffic steering with Route 53 from one typed routing description: a tree of routing
 * policies (geolocation, geoproximity, latency, weighted, failover, multivalue) over one endpoint
 * per region, each health-checked, with explicit TTLs, alias records that evaluate target health,
 * a failback mode, and one CloudWatch alarm per health check. Must be in a us-east-1 stack.
 */
export class GeoDnsRouting extends Construct implements IGeoDnsRouting {
  public readonly hostname: string;
  public readonly hostedZone: route53.IHostedZone;
  public readonly healthCheckAlarms: readonly DnsHealthCheckAlarm[];
  public readonly routingSwitchAlarms: readonly DnsRoutingSwitchAlarm[];
  /** The planned record sets, in synthesis order. */
  public readonly plan: RoutingPlan;
  /** The topic every alarm notifies when no `alarmActions` were given (subscribe to it); undefined otherwise. */
  public readonly alarmTopic?: sns.ITopic;
  /** Every record, by `<set key>/<set identifier or "simple">`. */
  public readonly records: ReadonlyMap<string, RoutedRecord>;
  /** The health check attached to each region's records (the failback-gated one when failback is not automatic). */
  public readonly routingHealthChecks: ReadonlyMap<string, route53.IHealthCheck>;

  private readonly alarms: DnsHealthCheckAlarm[] = [];
  private readonly switches: DnsRoutingSwitchAlarm[] = [];
  private readonly alarmPrefix: string;
  private readonly alarmActions: readonly cloudwatch.IAlarmAction[];

  constructor(scope: Construct, id: string, props: GeoDnsRoutingProps) {
    super(scope, id);
    const ttl = props.ttl ?? DEFAULT_RECORD_TTL;
    const failback = props.failback ?? FailbackMode.automatic();
    // A wildcard hostname's "*" would widen the alarm topic's name pattern.
    this.alarmPrefix = props.alarmNamePrefix ?? props.hostname.replace(/^\*/, 'wildcard');
    this.hostname = props.hostname;
    this.plan = planRouting(props.hostname, props.routing);
    validateRouting(
      this,
      {
        hostname: props.hostname,
        zone: props.zone,
        stackRegion: Stack.of(this).region,
        ttl,
        endpoints: props.endpoints,
        failback,
        alarmNamePrefix: this.alarmPrefix,
        alarmActions: props.alarmActions,
      },
      this.plan,
    );

    const base = withConstructPath(this, () => {
      // The alarms need their actions before they exist; only a routing with health checks has alarms.
      const hasAlarms = props.endpoints.some((e) => (e.healthCheck ?? EndpointHealthCheck.https()).kind !== 'none');
      return {
        hostedZone: props.zone._bind(this, 'Zone'),
        topic: props.alarmActions === undefined && hasAlarms ? new DnsAlarmTopic(this, 'AlarmTopic', { alarmNamePrefix: this.alarmPrefix, hostname: props.hostname }) : undefined,
      };
    });
    this.hostedZone = base.hostedZone;
    this.alarmTopic = base.topic?.topic;
    this.alarmActions = props.alarmActions ?? (base.topic ? [base.topic.action] : []);
    const built = withConstructPath(this, () => this.buildRouting(props, ttl, failback));
    this.records = built.records;
    this.routingHealthChecks = built.routingHealthChecks;
    this.healthCheckAlarms = this.alarms;
    this.routingSwitchAlarms = this.switches;
  }

  /** Health checks, failback gates, alarms and records. */
  private buildRouting(props: GeoDnsRoutingProps, ttl: Duration, failback: FailbackMode): { records: ReadonlyMap<string, RoutedRecord>; routingHealthChecks: ReadonlyMap<string, route53.IHealthCheck> } {
    const endpoints = new Map(props.endpoints.map((e) => [e.region, e]));

    const routingChecks = new Map<string, route53.IHealthCheck>();
    for (const e of props.endpoints) {
      const endpointCheck = this.createHealthCheck(`${e.region}-endpoint`, e.region, 'endpoint', e.healthCheck ?? EndpointHealthCheck.https(), e.endpoint);
      if (!endpointCheck) continue;
      routingChecks.set(e.region, failback.mode === 'automatic' ? endpointCheck : this.createFailbackGate(e.region, endpointCheck, failback));
    }

    const records = new Map<string, RoutedRecord>();
    const recordsByName = new Map<string, RoutedRecord[]>();
    const aliases: { record: RoutedRecord; targetName: string }[] = [];
    const ttlSeconds = ttl.toSeconds();
    for (const set of this.plan.sets) {
      for (const record of set.records) {
        const key = `${set.key}/${record.setIdentifier ?? 'simple'}`;
        const endpoint = record.region !== undefined ? endpoints.get(record.region)!.endpoint : undefined;
        const routed = new RoutedRecord(this, `Record-${set.key}-${record.setIdentifier ?? 'simple'}`, {
          zone: this.hostedZone,
          name: set.name,
          type: props.endpoints[0].endpoint.recordType,
          routing: record.routing,
          setIdentifier: record.setIdentifier,
          target: endpoint ? endpointTarget(endpoint) : this.nodeTarget(record),
          ttlSeconds,
          healthCheck: record.region !== undefined ? routingChecks.get(record.region) : undefined,
        });
        records.set(key, routed);
        recordsByName.set(set.name, [...(recordsByName.get(set.name) ?? []), routed]);
        if (record.targetName !== undefined) aliases.push({ record: routed, targetName: record.targetName });
      }
    }
    // Route 53 rejects an alias to a record of the zone that does not exist yet: create the records
    // a level aliases before that level (and delete them after it).
    for (const { record, targetName } of aliases) {
      for (const target of recordsByName.get(targetName) ?? []) record.node.addDependency(target);
    }
    return { records, routingHealthChecks: routingChecks };
  }

  private nodeTarget(record: PlannedRecord): RoutedRecordTarget {
    const zone = this.hostedZone;
    return { kind: 'alias', aliasTarget: { bind: () => ({ dnsName: `${record.targetName}.`, hostedZoneId: zone.hostedZoneId }) } };
  }

  private createHealthCheck(id: string, region: string, purpose: DnsHealthCheckPurpose, check: EndpointHealthCheck, endpoint?: RegionalEndpoint): route53.IHealthCheck | undefined {
    let healthCheck: route53.HealthCheck;
    switch (check.kind) {
      case 'none':
        return undefined;
      case 'https': {
        const s = check.httpsSettings();
        const ip = endpoint?.kind === 'ip-addresses' ? endpoint.ipAddresses![0] : undefined;
        healthCheck = new route53.HealthCheck(this, `HealthCheck-${id}`, {
          type: s.searchString !== undefined ? route53.HealthCheckType.HTTPS_STR_MATCH : route53.HealthCheckType.HTTPS,
          fqdn: s.fqdn ?? this.endpointFqdn(endpoint),
          ipAddress: ip,
          port: s.port,
          resourcePath: s.path,
          searchString: s.searchString,
          regions: [...s.regions],
          requestInterval: s.requestInterval,
          failureThreshold: s.failureThreshold,
          measureLatency: s.measureLatency,
          enableSNI: true,
        });
        break;
      }
      case 'alarm': {
        const alarm = check.alarm!;
        healthCheck = new route53.HealthCheck(this, `HealthCheck-${id}`, {
          type: route53.HealthCheckType.CLOUDWATCH_METRIC,
          alarmIdentifier: { name: alarm.alarmName, region: check.alarmRegion() },
          insufficientDataHealthStatus: check.alarmOptions?.insufficientDataHealthStatus ?? route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS,
        });
        this.alarms.push({ id, region, purpose, healthCheck, alarm });
        return healthCheck;
      }
      case 'calculated': {
        const options = check.calculated!;
        const children = Object.entries(options.children).map(([name, child]) => this.createHealthCheck(`${id}-${name}`, region, 'endpoint-child', child, endpoint)!);
        healthCheck = new route53.HealthCheck(this, `HealthCheck-${id}`, {
          type: route53.HealthCheckType.CALCULATED,
          childHealthChecks: children,
          healthThreshold: options.healthThreshold ?? children.length,
        });
        break;
      }
      case 'recovery-control':
        healthCheck = new route53.HealthCheck(this, `HealthCheck-${id}`, {
          type: route53.HealthCheckType.RECOVERY_CONTROL,
          routingControl: check.routingControlArn!,
        });
        break;
    }
    this.alarms.push({ id, region, purpose, healthCheck, alarm: this.statusAlarm(id, healthCheck) });
    return healthCheck;
  }

  /**
   * The region's routing health check under a hold-down, operator-switch or manual failback: healthy
   * only while the endpoint is healthy AND it has been healthy for the whole hold-down AND
   * (operator-switch) its switch is ON / (manual) its routing control is ON.
   */
  private createFailbackGate(region: string, endpointCheck: route53.IHealthCheck, failback: FailbackMode): route53.IHealthCheck {
    const holdDown = failback.holdDownPeriod!;
    const holdDownAlarm = new cloudwatch.Alarm(this, `Alarm-${region}-hold-down`, {
      alarmName: `${this.alarmPrefix}-${region}-hold-down`,
      alarmDescription: `${region} of ${this.hostname} was unhealthy at least once in the last ${holdDown.toHumanString()}: it stays out of DNS until this alarm is OK`,
      // One period as long as the hold-down, Minimum: any unhealthy sample in it breaches. Route 53
      // does not support "M out of N" alarms (e.g. 1 of 240 one-minute periods) behind a health check.
      metric: healthCheckStatus(endpointCheck, holdDown),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // Missing data is not a failure: a new health check has no history and must not start held down.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      actionsEnabled: true,
    });
    this.alarmActions.forEach((a) => {
      holdDownAlarm.addAlarmAction(a);
      holdDownAlarm.addOkAction(a);
    });
    // The alarm's region is its stack's (validated to be us-east-1, where the metric is).
    const holdDownCheck = this.createHealthCheck(`${region}-hold-down`, region, 'hold-down', EndpointHealthCheck.alarm(holdDownAlarm))!;
    const children = [endpointCheck, holdDownCheck];
    if (failback.mode === 'operator-switch') {
      children.push(this.createRoutingSwitch(region));
    }
    if (failback.mode === 'manual') {
      children.push(this.createHealthCheck(`${region}-routing-control`, region, 'routing-control', EndpointHealthCheck.recoveryControl(failback.routingControlArns![region]))!);
    }
    const gate = new route53.HealthCheck(this, `HealthCheck-${region}-routing`, {
      type: route53.HealthCheckType.CALCULATED,
      childHealthChecks: children,
      healthThreshold: children.length,
    });
    this.alarms.push({ id: `${region}-routing`, region, purpose: 'routing', healthCheck: gate, alarm: this.statusAlarm(`${region}-routing`, gate) });
    return gate;
  }

  /**
   * The region's operator switch: an alarm on the operator-published `RegionRoutingEnabled` metric
   * (ALARM when the latest value is 0) and a health check on it. The switch latches twice over: the
   * alarm ignores missing data (keeps its state between publications), and the health check keeps its
   * last known status while CloudWatch has no data (Route 53 evaluates the alarm's data stream, not its
   * state). A switch never published is ON: a new health check without a last known status is healthy.
   */
  private createRoutingSwitch(region: string): route53.IHealthCheck {
    const metric = new cloudwatch.Metric({
      namespace: ROUTING_SWITCH_NAMESPACE,
      metricName: ROUTING_SWITCH_METRIC,
      dimensionsMap: { Hostname: this.hostname, Region: region },
      // Minimum: if an operator publishes 0 and 1 within one minute, OFF wins (publish 1 again a minute later).
      statistic: cloudwatch.Stats.MINIMUM,
      period: Duration.minutes(1),
      region: HEALTH_CHECK_METRICS_REGION,
    });
    const alarm = new cloudwatch.Alarm(this, `Alarm-${region}-routing-switch`, {
      alarmName: `${this.alarmPrefix}-${region}-routing-switch`,
      alarmDescription: `Operator switch of ${region} for ${this.hostname}: in ALARM the region is pinned out of DNS. Publish ${ROUTING_SWITCH_NAMESPACE} ${ROUTING_SWITCH_METRIC} (Hostname=${this.hostname}, Region=${region}) = 0 to pin it out, 1 to let it back after the hold-down`,
      metric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // The operator publishes once: between publications the alarm keeps its state (the switch latches).
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      actionsEnabled: true,
    });
    this.alarmActions.forEach((a) => {
      alarm.addAlarmAction(a);
      alarm.addOkAction(a);
    });
    const healthCheck = this.createHealthCheck(
      `${region}-routing-switch`,
      region,
      'routing-switch',
      EndpointHealthCheck.alarm(alarm, { insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS }),
    )!;
    this.switches.push({ region, alarm, metric, healthCheck });
    return healthCheck;
  }

  private statusAlarm(id: string, healthCheck: route53.IHealthCheck): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `Alarm-${id}`, {
      alarmName: `${this.alarmPrefix}-${id}-unhealthy`,
      alarmDescription: `Route 53 health check ${id} of ${this.hostname} is unhealthy`,
      metric: healthCheckStatus(healthCheck, Duration.minutes(1)),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      actionsEnabled: true,
    });
    this.alarmActions.forEach((a) => {
      alarm.addAlarmAction(a);
      alarm.addOkAction(a);
    });
    return alarm;
  }

  private endpointFqdn(endpoint: RegionalEndpoint | undefined): string {
    switch (endpoint?.kind) {
      case 'dns-name':
        return endpoint.dnsName!;
      case 'load-balancer':
        return endpoint.loadBalancer!.loadBalancerDnsName;
      default:
        // Alias targets name their health-check host explicitly (validated); IP addresses are checked by IP with the hostname as Host.
        return this.hostname;
    }
  }
}

function endpointTarget(endpoint: RegionalEndpoint): RoutedRecordTarget {
  switch (endpoint.kind) {
    case 'dns-name':
      return { kind: 'values', values: [endpoint.dnsName!] };
    case 'ip-addresses':
      return { kind: 'values', values: endpoint.ipAddresses! };
    case 'load-balancer': {
      const lb = endpoint.loadBalancer!;
      return { kind: 'alias', aliasTarget: { bind: () => ({ dnsName: `dualstack.${lb.loadBalancerDnsName}`, hostedZoneId: lb.loadBalancerCanonicalHostedZoneId }) } };
    }
    case 'alias':
      return { kind: 'alias', aliasTarget: endpoint.aliasTarget! };
  }
}

/** Route 53's HealthCheckStatus metric (1 healthy, 0 unhealthy), published only in us-east-1. */
function healthCheckStatus(healthCheck: route53.IHealthCheck, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Route53',
    metricName: 'HealthCheckStatus',
    dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
    statistic: cloudwatch.Stats.MINIMUM,
    period,
    region: HEALTH_CHECK_METRICS_REGION,
  });
}
