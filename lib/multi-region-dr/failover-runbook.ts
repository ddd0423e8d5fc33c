import { Duration } from 'aws-cdk-lib';
import { invalid, requireIntegerInRange, ValidationScope } from '../core';

/** The timeouts of the failover runbook's steps, whole minutes. */
export interface FailoverRunbookProps {
  /** Pre-failover checks: the target region's health checks and alarms are OK. */
  readonly preChecks: Duration;
  /** Initiate failover: the operator's approval gate is passed, the plan starts the switch. */
  readonly initiate: Duration;
  /** Update DNS: the DNS routing shifts through GeoDnsRouting's switch or recovery control. */
  readonly updateDns: Duration;
  /** Verify: the new region's health checks and the application alarms are OK; else roll back. */
  readonly verify: Duration;
  /** Post-failover notifications. */
  readonly notify: Duration;
  /**
   * Standby scale-up to full capacity (the plan's EKS resource scaling step). Needed by every
   * strategy whose standbys run below full capacity; there is no AWS figure for it: take it from
   * the last drill.
   * @default - none; rejected when a standby must scale
   */
  readonly scaleUp?: Duration;
  /**
   * Data promotion (the plan's Aurora global database failover step).
   * @default - 5 minutes when the environment has an Aurora global database
   */
  readonly dataPromotion?: Duration;
}

/** One step of the runbook, in order. */
export interface RunbookStep {
  readonly name: string;
  readonly timeoutMinutes: number;
  readonly source: string;
}

/** Default timeout of the Aurora promotion step: Aurora's own managed failover typically completes within minutes. */
export const DEFAULT_DATA_PROMOTION = Duration.minutes(5);

/**
 * The failover runbook's steps and their timeouts, which both the ARC Region switch plan and the
 * RTO budget read.
 */
export class FailoverRunbook {
  /** The seeds: pre-checks 2 min, initiate 5, DNS 10, verify 5, notify 2 (24 minutes). */
  public static seeds(extra: Pick<FailoverRunbookProps, 'scaleUp' | 'dataPromotion'> = {}): FailoverRunbook {
    return new FailoverRunbook({
      preChecks: Duration.minutes(2),
      initiate: Duration.minutes(5),
      updateDns: Duration.minutes(10),
      verify: Duration.minutes(5),
      notify: Duration.minutes(2),
      ...extra,
    }, 'seeds');
  }

  /** Explicit timeouts. */
  public static of(props: FailoverRunbookProps): FailoverRunbook {
    return new FailoverRunbook(props, 'description');
  }

  private constructor(public readonly props: FailoverRunbookProps, private readonly origin: 'seeds' | 'description') {}

  /** Timeout of `step` in whole minutes. */
  public minutes(step: keyof FailoverRunbookProps): number | undefined {
    const value = this.props[step];
    return value === undefined ? undefined : value.toMinutes({ integral: false });
  }

  /**
   * The steps in execution order. Scale-up and data promotion are present only when asked for
   * (`withScaleUp`, `withDataPromotion`).
   */
  public steps(options: { scaleUp: boolean; dataPromotion: boolean }): RunbookStep[] {
    const source = (step: string): string => `runbook.${step} (${this.origin})`;
    const steps: RunbookStep[] = [
      { name: 'pre-failover checks', timeoutMinutes: this.minutes('preChecks')!, source: source('preChecks') },
      { name: 'initiate failover', timeoutMinutes: this.minutes('initiate')!, source: source('initiate') },
    ];
    if (options.dataPromotion) {
      steps.push({
        name: 'data promotion (Aurora global database failover)',
        timeoutMinutes: this.minutes('dataPromotion') ?? DEFAULT_DATA_PROMOTION.toMinutes(),
        source: this.props.dataPromotion ? source('dataPromotion') : 'DEFAULT_DATA_PROMOTION',
      });
    }
    if (options.scaleUp) {
      steps.push({ name: 'standby scale-up (EKS resource scaling)', timeoutMinutes: this.minutes('scaleUp')!, source: source('scaleUp') });
    }
    steps.push(
      { name: 'update DNS', timeoutMinutes: this.minutes('updateDns')!, source: source('updateDns') },
      { name: 'verify', timeoutMinutes: this.minutes('verify')!, source: source('verify') },
      { name: 'post-failover notifications', timeoutMinutes: this.minutes('notify')!, source: source('notify') },
    );
    return steps;
  }

  /** Every timeout a whole number of minutes from 1 to 1440; scale-up present when a standby must scale. */
  public validate(scope: ValidationScope, prop: string, needsScaleUp: boolean): void {
    for (const [key, value] of Object.entries(this.props) as [keyof FailoverRunbookProps, Duration | undefined][]) {
      if (value === undefined) continue;
      if (value.isUnresolved()) invalid(scope, `${prop}.${key}`, 'an unresolved token', 'a duration known at synth');
      requireIntegerInRange(scope, `${prop}.${key}`, value.toMinutes({ integral: false }), 1, 1440, 'minutes');
    }
    if (needsScaleUp && this.props.scaleUp === undefined) {
      invalid(scope, `${prop}.scaleUp`, undefined, 'the time a standby takes to scale to full capacity (from the last drill): the strategy runs standbys below full capacity');
    }
  }

  public toHumanString(): string {
    return `FailoverRunbook(${Object.entries(this.props).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${(v as Duration).toHumanString()}`).join(', ')})`;
  }
}
