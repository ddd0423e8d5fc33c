import { Arn, ArnFormat, Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { aws_route53recoverycontrol as arc } from 'aws-cdk-lib/interfaces';

/** The regions Route 53 health checkers run in. */
export const HEALTH_CHECKER_REGIONS: readonly string[] = [
  'ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2', 'eu-west-1', 'sa-east-1', 'us-east-1', 'us-west-1', 'us-west-2',
];

/** Route 53 needs at least this many checker regions when they are listed. */
export const MIN_HEALTH_CHECKER_REGIONS = 3;

/** Options of an HTTPS health check. */
export interface HttpsHealthCheckOptions {
  /**
   * Path requested; a 2xx or 3xx answer within 4 s is healthy.
   * @default '/healthz'
   */
  readonly path?: string;
  /**
   * Port.
   * @default 443
   */
  readonly port?: number;
  /**
   * A string the first 5,120 bytes of the body must contain (case-sensitive); turns the check into HTTPS_STR_MATCH.
   * @default - status code only
   */
  readonly searchString?: string;
  /**
   * Checker regions, at least 3 of the 8.
   * @default - all 8 checker regions
   */
  readonly regions?: readonly string[];
  /**
   * Host name checked (sent as SNI and Host header).
   * @default - the endpoint's DNS name (load balancer DNS name, alias target DNS name, the given DNS name, or the routed hostname for IP addresses)
   */
  readonly fqdn?: string;
  /**
   * Consecutive results that flip the status, 1 to 10.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Seconds between checks by each checker: 10 (fast) or 30.
   * @default Duration.seconds(10)
   */
  readonly requestInterval?: Duration;
  /**
   * Measure latency from the checker regions (CloudWatch graphs).
   * @default true
   */
  readonly measureLatency?: boolean;
}

/** Options of a health check driven by a CloudWatch alarm. */
export interface AlarmHealthCheckOptions {
  /**
   * Status while the alarm has insufficient data.
   * @default route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS
   */
  readonly insufficientDataHealthStatus?: route53.InsufficientDataHealthStatusEnum;
  /**
   * Region of the alarm.
   * @default - the alarm's stack region
   */
  readonly alarmRegion?: string;
}

/** Options of a calculated health check. */
export interface CalculatedHealthCheckOptions {
  /** The child checks, by a stable name (their construct ids derive from it). */
  readonly children: Readonly<Record<string, EndpointHealthCheck>>;
  /**
   * How many children must be healthy.
   * @default - all of them
   */
  readonly healthThreshold?: number;
}

/**
 * The only region whose ARC control plane (Recovery Control Config API) creates clusters, control
 * panels and routing controls, whatever regions they serve.
 * @see https://docs.aws.amazon.com/recovery-cluster/latest/api/what-is-recovery-control.html
 */
export const ROUTING_CONTROL_CONFIG_REGION = 'us-west-2';

/**
 * A Route 53 ARC routing control: its literal ARN, or the routing control itself (a
 * `CfnRoutingControl` or any `IRoutingControlRef`) when its ARN is known only at deploy time. A bare
 * token string is refused: nothing would say it resolves to a routing control.
 */
export type RoutingControlSource = string | arc.IRoutingControlRef;

/** The ARN a routing control source resolves to. */
export function routingControlArnOf(source: RoutingControlSource): string {
  return typeof source === 'string' ? source : source.routingControlRef.routingControlArn;
}

/** Kinds of endpoint health check. */
export type EndpointHealthCheckKind = 'https' | 'alarm' | 'calculated' | 'recovery-control' | 'none';

/** Defaults of the HTTPS check, applied in `httpsSettings` only. */
export const HTTPS_HEALTH_CHECK_DEFAULTS = {
  path: '/healthz',
  port: 443,
  failureThreshold: 3,
  requestInterval: Duration.seconds(10),
  measureLatency: true,
} as const;

/** An HTTPS check with every default applied. */
export interface HttpsHealthCheckSettings {
  readonly path: string;
  readonly port: number;
  /** @default - none: the check looks at the status code only (HTTPS, not HTTPS_STR_MATCH) */
  readonly searchString?: string;
  readonly regions: readonly string[];
  /** @default - none: `GeoDnsRouting` checks the endpoint's own DNS name (or the routed hostname for IP addresses) */
  readonly fqdn?: string;
  readonly failureThreshold: number;
  readonly requestInterval: Duration;
  readonly measureLatency: boolean;
}

/**
 * How Route 53 decides that a regional endpoint is healthy.
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html
 */
export class EndpointHealthCheck {
  /** HTTPS on a path, with SNI; the default. */
  public static https(options: HttpsHealthCheckOptions = {}): EndpointHealthCheck {
    return new EndpointHealthCheck('https', { https: options });
  }

  /** Healthy while `alarm` is OK (CLOUDWATCH_METRIC). */
  public static alarm(alarm: cloudwatch.IAlarm, options: AlarmHealthCheckOptions = {}): EndpointHealthCheck {
    return new EndpointHealthCheck('alarm', { alarm, alarmOptions: options });
  }

  /** Healthy while at least `healthThreshold` of `children` are (CALCULATED). */
  public static calculated(options: CalculatedHealthCheckOptions): EndpointHealthCheck {
    return new EndpointHealthCheck('calculated', { calculated: options });
  }

  /**
   * Healthy while a Route 53 ARC routing control is ON (RECOVERY_CONTROL): lets disaster recovery
   * take the region out of DNS on purpose. A token ARN only through the routing control itself
   * (`RoutingControlSource`).
   */
  public static recoveryControl(routingControl: RoutingControlSource): EndpointHealthCheck {
    return new EndpointHealthCheck('recovery-control', { routingControl });
  }

  /** No health check: the region is always considered healthy. Not allowed for a failover primary. */
  public static none(): EndpointHealthCheck {
    return new EndpointHealthCheck('none', {});
  }

  public readonly https?: HttpsHealthCheckOptions;
  public readonly alarm?: cloudwatch.IAlarm;
  public readonly alarmOptions?: AlarmHealthCheckOptions;
  public readonly calculated?: CalculatedHealthCheckOptions;
  /** The routing control of a `recoveryControl` check, as given. */
  public readonly routingControl?: RoutingControlSource;

  private constructor(
    public readonly kind: EndpointHealthCheckKind,
    fields: {
      https?: HttpsHealthCheckOptions;
      alarm?: cloudwatch.IAlarm;
      alarmOptions?: AlarmHealthCheckOptions;
      calculated?: CalculatedHealthCheckOptions;
      routingControl?: RoutingControlSource;
    },
  ) {
    this.https = fields.https;
    this.alarm = fields.alarm;
    this.alarmOptions = fields.alarmOptions;
    this.calculated = fields.calculated;
    this.routingControl = fields.routingControl;
  }

  /** The ARN of a `recoveryControl` check's routing control. */
  public get routingControlArn(): string | undefined {
    return this.routingControl === undefined ? undefined : routingControlArnOf(this.routingControl);
  }

  /** The HTTPS options with every default applied (the one place they are decided). */
  public httpsSettings(): HttpsHealthCheckSettings {
    const o = this.https ?? {};
    return {
      path: o.path ?? HTTPS_HEALTH_CHECK_DEFAULTS.path,
      port: o.port ?? HTTPS_HEALTH_CHECK_DEFAULTS.port,
      searchString: o.searchString,
      regions: o.regions ?? HEALTH_CHECKER_REGIONS,
      fqdn: o.fqdn,
      failureThreshold: o.failureThreshold ?? HTTPS_HEALTH_CHECK_DEFAULTS.failureThreshold,
      requestInterval: o.requestInterval ?? HTTPS_HEALTH_CHECK_DEFAULTS.requestInterval,
      measureLatency: o.measureLatency ?? HTTPS_HEALTH_CHECK_DEFAULTS.measureLatency,
    };
  }

  /** Region of the alarm of an alarm-driven check: the option, else the alarm ARN's region, else its stack's. */
  public alarmRegion(): string {
    const alarm = this.alarm!;
    if (this.alarmOptions?.alarmRegion !== undefined) return this.alarmOptions.alarmRegion;
    if (!Token.isUnresolved(alarm.alarmArn)) return Arn.split(alarm.alarmArn, ArnFormat.COLON_RESOURCE_NAME).region ?? alarm.env.region;
    return alarm.env.region;
  }

  public toHumanString(): string {
    return `EndpointHealthCheck.${this.kind}`;
  }
}
