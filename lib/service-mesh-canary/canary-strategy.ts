import { Duration } from 'cdk8s';
import { CanaryAnalysisOptions } from './canary-analysis';
import { CanaryStep } from './canary-step';
import { RolloutHook } from './rollout-hook';
import { DurationLike } from '../core/duration';

/** Options of {@link CanaryStrategy.fixedSplit}. */
export interface FixedSplitOptions {
  /** Percent of traffic to the stable track. */
  readonly stable: number;
  /** Percent of traffic to the canary track; `stable + canary` must be 100. */
  readonly canary: number;
}

/** Options of {@link CanaryStrategy.progressive}. */
export interface ProgressiveOptions {
  /** The canary steps, in order. Weights must increase and stay at or below 100. */
  readonly steps: CanaryStep[];
  /**
   * The background analysis that aborts (and so rolls back) the rollout.
   * @default - success rate ≥ 95 %, p95 latency ≤ 1000 ms (see CanaryAnalysisOptions)
   */
  readonly analysis?: CanaryAnalysisOptions;
  /**
   * Names of the routes Argo Rollouts may create for header and mirror steps.
   * @default - none
   */
  readonly managedRoutes?: string[];
  /**
   * A load test run before any traffic shifts, against the canary through the load-test route
   * (needs `loadTestRoute` on the construct).
   * @default - no load test
   */
  readonly loadTest?: RolloutHook;
  /**
   * A check run before the canary gets 100 % of traffic.
   * @default - no pre-promotion check
   */
  readonly prePromotion?: RolloutHook;
}

/** Options of {@link CanaryStrategy.headerAB}. */
export interface HeaderAbOptions {
  /** Header that selects the canary, lowercase (e.g. `x-beta-tester`). */
  readonly header: string;
  /**
   * Exact value that selects the canary.
   * @default 'true'
   */
  readonly value?: string;
}

/** Options of {@link CanaryStrategy.blueGreen}. */
export interface BlueGreenOptions {
  /**
   * Header that routes a request to the preview colour, lowercase.
   * @default 'x-preview'
   */
  readonly previewHeader?: string;
  /**
   * Value of `previewHeader` that selects the preview colour.
   * @default 'true'
   */
  readonly previewValue?: string;
  /**
   * Promote automatically this long after the preview is ready (and its analysis passed).
   * @default - promotion by hand (`kubectl argo rollouts promote`)
   */
  readonly autoPromoteAfter?: DurationLike;
  /**
   * Analysis of the preview before promotion; `false` turns it off.
   * @default - the default CanaryAnalysisOptions
   */
  readonly analysis?: CanaryAnalysisOptions | false;
  /**
   * A load test against the preview before promotion.
   * @default - no load test
   */
  readonly loadTest?: RolloutHook;
  /**
   * A check of the preview before promotion.
   * @default - no pre-promotion check
   */
  readonly prePromotion?: RolloutHook;
}

/** Options of {@link CanaryStrategy.shadow}. */
export interface ShadowOptions {
  /** Percent of requests copied to the canary, 0–100; answers from the canary are discarded. */
  readonly mirrorPercentage: number;
}

/** Options of {@link CanaryStrategy.maintenance}. */
export interface MaintenanceOptions {
  /**
   * Percent of requests answered with 503, 0–100.
   * @default 100
   */
  readonly percentage?: number;
}

/** The kinds of {@link CanaryStrategy}. */
export type CanaryStrategyKind = 'fixed-split' | 'progressive' | 'header-ab' | 'blue-green' | 'shadow' | 'maintenance';

/**
 * How a new version meets traffic. Static strategies (fixed split, header A/B, shadow,
 * maintenance) run the service as `stable` and `canary` Deployments and route between DestinationRule
 * subsets; progressive and blue-green hand the workload to an Argo Rollouts `Rollout`.
 */
export class CanaryStrategy {
  /** A fixed split between the stable and canary tracks. */
  public static fixedSplit(options: FixedSplitOptions): CanaryStrategy {
    return new CanaryStrategy('fixed-split', { fixedSplit: options });
  }

  /** The seeds' default split: 90 % stable, 10 % canary. */
  public static seedFixedSplit(): CanaryStrategy {
    return CanaryStrategy.fixedSplit({ stable: 90, canary: 10 });
  }

  /** A progressive canary driven by Argo Rollouts, with automated analysis and rollback. */
  public static progressive(options: ProgressiveOptions): CanaryStrategy {
    return new CanaryStrategy('progressive', { progressive: options });
  }

  /** The seeds' progressive canary: 10, 25, 50 and 100 %, ten minutes each, default analysis. */
  public static seedProgressive(): CanaryStrategy {
    return CanaryStrategy.progressive({ steps: CanaryStep.weightsWithPause([10, 25, 50, 100], Duration.minutes(10)) });
  }

  /** Requests with a header (e.g. beta testers) go to the canary; all others to stable. */
  public static headerAB(options: HeaderAbOptions): CanaryStrategy {
    return new CanaryStrategy('header-ab', { headerAB: options });
  }

  /** Blue-green through Argo Rollouts: a preview Service, header-based routing to the preview colour. */
  public static blueGreen(options: BlueGreenOptions = {}): CanaryStrategy {
    return new CanaryStrategy('blue-green', { blueGreen: options });
  }

  /** All traffic to stable, a share mirrored to the canary. */
  public static shadow(options: ShadowOptions): CanaryStrategy {
    return new CanaryStrategy('shadow', { shadow: options });
  }

  /** Maintenance mode: 503 for all or a share of requests; only the stable track runs. */
  public static maintenance(options: MaintenanceOptions = {}): CanaryStrategy {
    return new CanaryStrategy('maintenance', { maintenance: options });
  }

  public readonly fixedSplitOptions?: FixedSplitOptions;
  public readonly progressiveOptions?: ProgressiveOptions;
  public readonly headerAbOptions?: HeaderAbOptions;
  public readonly blueGreenOptions?: BlueGreenOptions;
  public readonly shadowOptions?: ShadowOptions;
  public readonly maintenanceOptions?: MaintenanceOptions;

  private constructor(
    public readonly kind: CanaryStrategyKind,
    options: {
      fixedSplit?: FixedSplitOptions; progressive?: ProgressiveOptions; headerAB?: HeaderAbOptions;
      blueGreen?: BlueGreenOptions; shadow?: ShadowOptions; maintenance?: MaintenanceOptions;
    },
  ) {
    this.fixedSplitOptions = options.fixedSplit;
    this.progressiveOptions = options.progressive;
    this.headerAbOptions = options.headerAB;
    this.blueGreenOptions = options.blueGreen;
    this.shadowOptions = options.shadow;
    this.maintenanceOptions = options.maintenance;
  }

  /** True when Argo Rollouts owns the workload (progressive, blue-green). */
  public get usesRollout(): boolean {
    return this.kind === 'progressive' || this.kind === 'blue-green';
  }

  /** The Deployments a static strategy runs; empty when a Rollout owns the workload. */
  public get staticTracks(): ReadonlyArray<'stable' | 'canary'> {
    if (this.usesRollout) return [];
    return this.kind === 'maintenance' ? ['stable'] : ['stable', 'canary'];
  }

  public toString(): string {
    return this.kind;
  }
}
