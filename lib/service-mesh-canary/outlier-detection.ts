import { Duration } from 'cdk8s';
import { DurationLike } from '../core/duration';

/** Options of {@link OutlierDetection.consecutive5xx}. */
export interface OutlierDetectionOptions {
  /**
   * Consecutive 5xx answers that eject an endpoint.
   * @default 5
   */
  readonly consecutive5xxErrors?: number;
  /**
   * How often endpoints are analysed.
   * @default Duration.seconds(10)
   */
  readonly interval?: DurationLike;
  /**
   * Minimum ejection time; it grows with every ejection of the same endpoint.
   * @default Duration.seconds(30)
   */
  readonly baseEjectionTime?: DurationLike;
  /**
   * Largest share of endpoints that may be ejected at once, in percent.
   * @default 50
   */
  readonly maxEjectionPercent?: number;
}

/**
 * Passive health checking in the callers' sidecars (`DestinationRule.trafficPolicy.outlierDetection`).
 * Locality failover needs it: without ejections, a failing region never looks unhealthy.
 */
export class OutlierDetection {
  /** Eject an endpoint after consecutive 5xx answers. */
  public static consecutive5xx(options: OutlierDetectionOptions = {}): OutlierDetection {
    return new OutlierDetection(true, {
      consecutive5xxErrors: options.consecutive5xxErrors ?? 5,
      interval: options.interval ?? Duration.seconds(10),
      baseEjectionTime: options.baseEjectionTime ?? Duration.seconds(30),
      maxEjectionPercent: options.maxEjectionPercent ?? 50,
    });
  }

  /** No outlier detection. Rejected together with locality failover. */
  public static none(): OutlierDetection {
    return new OutlierDetection(false, undefined);
  }

  private constructor(public readonly enabled: boolean, public readonly settings: Required<OutlierDetectionOptions> | undefined) {}
}
