import { Duration } from 'aws-cdk-lib';
import type { RoutingControlSource } from './endpoint-health-check';

/** The seeds' hold-down: a failed-over region comes back no sooner than this. */
export const DEFAULT_HOLD_DOWN = Duration.hours(4);

/** Namespace of the metric operators publish to switch a region's routing (`FailbackMode.operatorSwitch`). */
export const ROUTING_SWITCH_NAMESPACE = 'Resilience/DNS';

/** Name of the switch metric: 1 lets the region take traffic (once healthy), 0 pins it out of DNS. */
export const ROUTING_SWITCH_METRIC = 'RegionRoutingEnabled';

/** Options of operator-switch failback. */
export interface OperatorSwitchFailbackOptions {
  /**
   * Minimum time a region must have been continuously healthy before it can take traffic again,
   * whole minutes from 1 minute to 24 hours. It also covers the time an operator needs to pin a
   * failed-over region out with its switch.
   * @default Duration.hours(4)
   */
  readonly holdDown?: Duration;
}

/** Options of manual failback. */
export interface ManualFailbackOptions {
  /**
   * Route 53 ARC routing control per region (ARN). The region's records are healthy only while its
   * control is ON; operators turn it OFF to pin a failover and ON to fail back. Routing controls
   * live in an ARC cluster (billed hourly) created through the us-west-2 control plane. An ARN known
   * only at deploy time is given as the routing control itself (`CfnRoutingControl`).
   */
  readonly routingControlArns: Readonly<Record<string, RoutingControlSource>>;
  /**
   * Minimum time a region must have been continuously healthy before it can take traffic again,
   * whole minutes from 1 minute to 24 hours.
   * @default Duration.hours(4)
   */
  readonly holdDown?: Duration;
}

/** Kinds of failback. */
export type FailbackKind = 'automatic' | 'hold-down' | 'operator-switch' | 'manual';

/**
 * What happens when a failed region recovers.
 *
 * Failover is always automatic (health checks). Failback is:
 * - `automatic()`: as soon as the endpoint's health check passes again;
 * - `holdDown(d)`: automatic, but only after the endpoint has been healthy for `d` without a single
 *   failed minute (an alarm-driven health check in the region's routing health check);
 * - `operatorSwitch({ holdDown })`: the hold-down, and the region's operator switch must be ON: a
 *   custom metric (`Resilience/DNS` `RegionRoutingEnabled`, dimensions `Hostname` and `Region`) that
 *   operators publish with `aws cloudwatch put-metric-data`, 0 to pin the region out, 1 to let it back.
 *   No extra service: an alarm and an alarm-driven health check per region, in us-east-1;
 * - `manual({ routingControlArns })`: the hold-down, and the region's Route 53 ARC routing control
 *   must be ON (an ARC cluster, operated through its own data plane).
 *
 * See the failback runbook in the README.
 */
export class FailbackMode {
  /** Failback as soon as the endpoint is healthy again. */
  public static automatic(): FailbackMode {
    return new FailbackMode('automatic', undefined, undefined);
  }

  /** Automatic failback after `holdDown` of uninterrupted health (1 minute to 24 hours). */
  public static holdDown(holdDown: Duration = DEFAULT_HOLD_DOWN): FailbackMode {
    return new FailbackMode('hold-down', holdDown, undefined);
  }

  /**
   * Failback only while the region's operator switch is ON, and not before the hold-down. The switch
   * latches: it keeps the last value an operator published; a switch never published is ON.
   * Failover flips nothing: on failover an operator publishes 0 within the hold-down (README runbook).
   */
  public static operatorSwitch(options: OperatorSwitchFailbackOptions = {}): FailbackMode {
    return new FailbackMode('operator-switch', options.holdDown ?? DEFAULT_HOLD_DOWN, undefined);
  }

  /** Failback only when an operator turns the region's ARC routing control ON, and not before the hold-down. */
  public static manual(options: ManualFailbackOptions): FailbackMode {
    return new FailbackMode('manual', options.holdDown ?? DEFAULT_HOLD_DOWN, options.routingControlArns);
  }

  private constructor(
    public readonly mode: FailbackKind,
    /** Hold-down, for every mode but `automatic`. */
    public readonly holdDownPeriod: Duration | undefined,
    /** Routing control (ARN or the control itself) by region, for `manual`. */
    public readonly routingControlArns: Readonly<Record<string, RoutingControlSource>> | undefined,
  ) {}

  public toHumanString(): string {
    return this.holdDownPeriod ? `FailbackMode.${this.mode}(${this.holdDownPeriod.toHumanString()})` : `FailbackMode.${this.mode}`;
  }
}
