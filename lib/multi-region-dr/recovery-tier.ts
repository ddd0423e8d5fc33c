import { Duration } from 'aws-cdk-lib';
import { invalid, ValidationScope } from '../core';

/** Explicit recovery objectives, for a tier that is not one of the seeds' presets. */
export interface RecoveryObjectives {
  /** Recovery time objective: the longest acceptable outage, whole minutes, at least 1. */
  readonly rto: Duration;
  /** Recovery point objective: the most data (in time) that may be lost, whole minutes, at least 1. */
  readonly rpo: Duration;
  /**
   * Name shown in budgets and errors.
   * @default - `custom(<rto>/<rpo>)`
   */
  readonly name?: string;
}

/**
 * A recovery tier: the RTO and RPO an environment must be able to prove. The seeds' four tiers are
 * presets; the objectives are upper bounds ("RTO < 15 min"), so a design meets a tier when its
 * computed recovery time and data-loss window are at most these numbers.
 */
export class RecoveryTier {
  /** Seeds, tier 1: RTO < 15 minutes, RPO < 5 minutes. */
  public static t1(): RecoveryTier {
    return new RecoveryTier('T1', 15, 5);
  }

  /** Seeds, tier 2: RTO < 1 hour, RPO < 15 minutes. */
  public static t2(): RecoveryTier {
    return new RecoveryTier('T2', 60, 15);
  }

  /** Seeds, tier 3: RTO < 4 hours, RPO < 1 hour. */
  public static t3(): RecoveryTier {
    return new RecoveryTier('T3', 240, 60);
  }

  /** Seeds, tier 4: RTO < 24 hours, RPO < 4 hours. */
  public static t4(): RecoveryTier {
    return new RecoveryTier('T4', 1440, 240);
  }

  /** Explicit objectives, whole minutes. */
  public static custom(objectives: RecoveryObjectives): RecoveryTier {
    const rto = objectives.rto.isUnresolved() ? NaN : objectives.rto.toMinutes({ integral: false });
    const rpo = objectives.rpo.isUnresolved() ? NaN : objectives.rpo.toMinutes({ integral: false });
    return new RecoveryTier(objectives.name ?? `custom(${formatMinutes(rto)}/${formatMinutes(rpo)})`, rto, rpo);
  }

  /** The seeds' tiers, strictest first. */
  public static presets(): RecoveryTier[] {
    return [RecoveryTier.t1(), RecoveryTier.t2(), RecoveryTier.t3(), RecoveryTier.t4()];
  }

  private constructor(
    public readonly name: string,
    /** RTO in minutes. */
    public readonly rtoMinutes: number,
    /** RPO in minutes. */
    public readonly rpoMinutes: number,
  ) {}

  /** Rejects objectives that are not whole minutes of at least 1 (tokens included: a tier is design data). */
  public validate(scope: ValidationScope, prop: string): void {
    for (const [key, value] of [['rto', this.rtoMinutes], ['rpo', this.rpoMinutes]] as const) {
      if (!Number.isInteger(value) || value < 1) {
        invalid(scope, `${prop}.${key}`, Number.isNaN(value) ? 'an unresolved token' : `${value} min`, 'a whole number of minutes, at least 1, known at synth (a tier is design data, not a deploy-time value)');
      }
    }
  }

  public toHumanString(): string {
    return `RecoveryTier.${this.name}(RTO ${formatMinutes(this.rtoMinutes)}, RPO ${formatMinutes(this.rpoMinutes)})`;
  }
}

export function formatMinutes(minutes: number): string {
  if (Number.isNaN(minutes)) return '?';
  return `${Math.round(minutes * 100) / 100} min`;
}
