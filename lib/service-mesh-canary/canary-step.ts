import { DurationLike } from '../core/duration';

/** Options of {@link CanaryStep.setHeaderRoute}. */
export interface HeaderRouteStepOptions {
  /** Name of the managed route Argo Rollouts adds to the VirtualService; must be listed in `managedRoutes`. */
  readonly route: string;
  /** Header to match, lowercase. */
  readonly header: string;
  /** Exact header value that selects the canary. */
  readonly value: string;
}

/** Options of {@link CanaryStep.setMirrorRoute}. */
export interface MirrorRouteStepOptions {
  /** Name of the managed route Argo Rollouts adds to the VirtualService; must be listed in `managedRoutes`. */
  readonly route: string;
  /** Share of the matching requests copied to the canary, 0–100. */
  readonly percentage: number;
  /**
   * Only mirror requests whose path starts with this prefix.
   * @default - every request
   */
  readonly pathPrefix?: string;
}

/**
 * One step of a progressive canary (an Argo Rollouts canary step). Weights are percent of the
 * traffic of the `primary` route sent to the canary subset.
 */
export class CanaryStep {
  /** Send `weight` percent of traffic to the canary. */
  public static setWeight(weight: number): CanaryStep {
    return new CanaryStep({ kind: 'setWeight', weight });
  }

  /** Wait `duration`, or until promoted by hand when no duration is given. */
  public static pause(duration?: DurationLike): CanaryStep {
    return new CanaryStep({ kind: 'pause', duration });
  }

  /** Route requests carrying a header to the canary through a managed route. */
  public static setHeaderRoute(options: HeaderRouteStepOptions): CanaryStep {
    return new CanaryStep({ kind: 'setHeaderRoute', route: options.route, header: options.header, value: options.value });
  }

  /** Remove a managed header route. */
  public static removeHeaderRoute(route: string): CanaryStep {
    return new CanaryStep({ kind: 'setHeaderRoute', route });
  }

  /** Mirror a share of traffic to the canary through a managed route (answers are discarded). */
  public static setMirrorRoute(options: MirrorRouteStepOptions): CanaryStep {
    return new CanaryStep({ kind: 'setMirrorRoute', route: options.route, percentage: options.percentage, pathPrefix: options.pathPrefix });
  }

  /** Remove a managed mirror route. */
  public static removeMirrorRoute(route: string): CanaryStep {
    return new CanaryStep({ kind: 'setMirrorRoute', route });
  }

  /** `setWeight(w)` then `pause(pause)` for each weight, in order. */
  public static weightsWithPause(weights: number[], pause: DurationLike): CanaryStep[] {
    return weights.flatMap((w) => [CanaryStep.setWeight(w), CanaryStep.pause(pause)]);
  }

  public readonly kind: 'setWeight' | 'pause' | 'setHeaderRoute' | 'setMirrorRoute';
  public readonly weight?: number;
  public readonly duration?: DurationLike;
  /** The managed route a header or mirror step names. */
  public readonly route?: string;
  public readonly header?: string;
  public readonly value?: string;
  public readonly percentage?: number;
  public readonly pathPrefix?: string;

  private constructor(fields: Pick<CanaryStep, 'kind' | 'weight' | 'duration' | 'route' | 'header' | 'value' | 'percentage' | 'pathPrefix'>) {
    this.kind = fields.kind;
    this.weight = fields.weight;
    this.duration = fields.duration;
    this.route = fields.route;
    this.header = fields.header;
    this.value = fields.value;
    this.percentage = fields.percentage;
    this.pathPrefix = fields.pathPrefix;
  }
}
