import { Duration } from 'aws-cdk-lib';

/** Kinds of DR strategy, after AWS's "Disaster Recovery of Workloads on AWS" whitepaper. */
export type DrStrategyKind = 'backup-and-restore' | 'pilot-light' | 'warm-standby' | 'hot-standby' | 'active-active';

/** Options of backup and restore. */
export interface BackupAndRestoreOptions {
  /** How long restoring the environment from its backups takes (rebuild and restore), from the team's last restore drill. */
  readonly restoreTime: Duration;
}

/** Options of pilot light. */
export interface PilotLightOptions {
  /** How long provisioning the standby's compute from zero takes (nodes and pods), from the team's last drill. */
  readonly provisioningTime: Duration;
}

/** Options of active-active. */
export interface ActiveActiveOptions {
  /** Share of traffic per region, whole percent summing to 100, e.g. the seeds' `{ 'us-east-1': 70, 'us-west-2': 30 }`. */
  readonly weights: Readonly<Record<string, number>>;
}

/**
 * How an environment survives the loss of a region.
 *
 * @see https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html
 */
export class DrStrategy {
  /** Backups only: restore into another region (or the same one) after a disaster. */
  public static backupAndRestore(options: BackupAndRestoreOptions): DrStrategy {
    return new DrStrategy('backup-and-restore', { restoreTime: options.restoreTime });
  }

  /** Data replicated, standby compute off (zero replicas) until failover provisions it. */
  public static pilotLight(options: PilotLightOptions): DrStrategy {
    return new DrStrategy('pilot-light', { provisioningTime: options.provisioningTime });
  }

  /** Data replicated, standby running at reduced capacity; it scales up on failover. */
  public static warmStandby(): DrStrategy {
    return new DrStrategy('warm-standby', {});
  }

  /** Active/passive at full scale: the standby can take traffic at once. */
  public static hotStandby(): DrStrategy {
    return new DrStrategy('hot-standby', {});
  }

  /** Every region serves its share of traffic; a failed region's share moves to the others. */
  public static activeActive(options: ActiveActiveOptions): DrStrategy {
    return new DrStrategy('active-active', { weights: options.weights });
  }

  /** The seeds' active-active split: us-east-1 70 %, us-west-2 30 %. */
  public static seedActiveActive(): DrStrategy {
    return DrStrategy.activeActive({ weights: { 'us-east-1': 70, 'us-west-2': 30 } });
  }

  private constructor(
    public readonly kind: DrStrategyKind,
    private readonly options: { restoreTime?: Duration; provisioningTime?: Duration; weights?: Readonly<Record<string, number>> },
  ) {}

  /** Whether the strategy needs a standby region (every one but backup and restore). */
  public get needsStandby(): boolean {
    return this.kind !== 'backup-and-restore';
  }

  /** Whether data is replicated continuously to the standbys. */
  public get replicatesData(): boolean {
    return this.kind !== 'backup-and-restore';
  }

  /** The ARC Region switch recovery approach (`activeActive` or `activePassive`). */
  public get recoveryApproach(): 'activeActive' | 'activePassive' {
    return this.kind === 'active-active' ? 'activeActive' : 'activePassive';
  }

  /** Whether standbys run no compute at rest (pilot light). */
  public get standbyStartsFromZero(): boolean {
    return this.kind === 'pilot-light';
  }

  public get weights(): Readonly<Record<string, number>> | undefined {
    return this.options.weights;
  }

  public get restoreTime(): Duration | undefined {
    return this.options.restoreTime;
  }

  public get provisioningTime(): Duration | undefined {
    return this.options.provisioningTime;
  }

  public toHumanString(): string {
    const weights = this.options.weights ? `(${Object.entries(this.options.weights).map(([r, w]) => `${r}=${w}`).join(', ')})` : '';
    return `DrStrategy.${this.kind}${weights}`;
  }
}
