import { Duration } from 'aws-cdk-lib';

/** The seeds' hold-down: a failed-over region comes back no sooner than this. */
export const DEFAULT_HOLD_DOWN = Duration.hours(4);

/** Options of manual failback. */
export interface ManualFailbackOptions {
  /**
   * Route 53 ARC routing control per region (ARN). The region's records are healthy only while its
   * control is ON; operators turn it OFF to pin a failover and ON to fail back. Routing controls
   * live in an ARC cluster (billed hourly) created through the us-west-2 control plane.
   */
  readonly routingControlArns: Readonly<Record<string, string>>;
  /**
   * Minimum time a region must have been continuously healthy before it can take traffic again.
   * @default Duration.hours(4)
   */
  readonly holdDown?: Duration;
}

/**
 * What happens when a failed region recovers.
 *
 * Failover is always automatic (health checks). Failback is:
 * - `automatic()`: as soon as the endpoint's health check passes again;
 * - `holdDown(d)`: automatic, but only after the endpoint has been healthy for `d` without a single
 *   failed minute (an alarm-driven health check in the region's routing health check);
 * - `manual({ routingControlArns })`: the hold-down, and an operator must also turn the region's
 *   ARC routing control back ON (see the failback runbook in the README).
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

  /** Failback only when an operator turns the region's routing control ON, and not before the hold-down. */
  public static manual(options: ManualFailbackOptions): FailbackMode {
    return new FailbackMode('manual', options.holdDown ?? DEFAULT_HOLD_DOWN, options.routingControlArns);
  }

  private constructor(
    public readonly mode: 'automatic' | 'hold-down' | 'manual',
    /** Hold-down, for `hold-down` and `manual`. */
    public readonly holdDownPeriod: Duration | undefined,
    /** Routing control ARN by region, for `manual`. */
    public readonly routingControlArns: Readonly<Record<string, string>> | undefined,
  ) {}

  public toHumanString(): string {
    return this.holdDownPeriod ? `FailbackMode.${this.mode}(${this.holdDownPeriod.toHumanString()})` : `FailbackMode.${this.mode}`;
  }
}
