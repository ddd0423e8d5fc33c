import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { BurnRatePolicy } from './burn-rate';

/** A metric or metric-math expression (what CloudWatch alarms accept). */
export type WatchedMetric = cloudwatch.Metric | cloudwatch.MathExpression;

/** The seeds' SLO window: 30 days. */
export const DEFAULT_SLO_WINDOW = Duration.days(30);

/** Where `{{.window}}` goes in a PromQL SLI query, as in Sloth's specs. */
export const WINDOW_PLACEHOLDER = '{{.window}}';

/** The Prometheus half of an availability SLI: error and total event rates over `{{.window}}`. */
export interface PrometheusEventQueries {
  /** e.g. `sum(rate(istio_requests_total{destination_service="api.svc",response_code=~"5.."}[{{.window}}]))`. */
  readonly errorQuery: string;
  /** e.g. `sum(rate(istio_requests_total{destination_service="api.svc"}[{{.window}}]))`. */
  readonly totalQuery: string;
}

/** The CloudWatch half of an availability SLI: bad and total event counts (statistic Sum). */
export interface CloudWatchEventMetrics {
  readonly errors: WatchedMetric;
  readonly total: WatchedMetric;
}

/** A latency SLI: the share of requests slower than a threshold. */
export interface LatencyIndicatorOptions {
  /** Requests slower than this are bad. Must be one of the histogram's bucket bounds. */
  readonly threshold: Duration;
  /** Prometheus histogram, e.g. `istio_request_duration_milliseconds`. */
  readonly histogram: string;
  /** Unit of the histogram's `le` bounds. */
  readonly histogramUnit: 'milliseconds' | 'seconds';
  /** Label matchers selecting the service, e.g. `destination_service="api.svc"`. */
  readonly selector: string;
  /**
   * Latency metric in CloudWatch (any unit, same as the threshold): the SLI is its percentile rank
   * `PR(:threshold)`, the share of data points at or under the threshold.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
   * @default - no CloudWatch half: the SLO renders to Prometheus only
   */
  readonly cloudWatchLatency?: WatchedMetric;
  /** The CloudWatch metric's unit for the threshold. @default 'milliseconds' */
  readonly cloudWatchUnit?: 'milliseconds' | 'seconds';
  /**
   * Counters of requests within the threshold and of all requests (statistic Sum): the SLI is
   * `1 - within / total`. Use it where the latency reaches CloudWatch without its values (a
   * statistic set, e.g. an explicit-bucket histogram through the awsemf exporter), where
   * `PR()` has nothing to rank. Takes precedence over `cloudWatchLatency`.
   * @default - `cloudWatchLatency`'s percentile rank, if given
   */
  readonly cloudWatchWithinThreshold?: { readonly within: WatchedMetric; readonly total: WatchedMetric };
}

/** What an SLO measures: availability from good/total events or latency from a histogram threshold. */
export class SloIndicator {
  /** Availability: error events over total events. */
  public static availability(options: { prometheus: PrometheusEventQueries; cloudWatch?: CloudWatchEventMetrics }): SloIndicator {
    return new SloIndicator('availability', options.prometheus, options.cloudWatch, undefined);
  }

  /** Latency: requests slower than `threshold` over all requests, from the histogram's buckets. */
  public static latency(options: LatencyIndicatorOptions): SloIndicator {
    const bound = options.histogramUnit === 'milliseconds' ? options.threshold.toMilliseconds() : options.threshold.toMilliseconds() / 1000;
    const total = `sum(rate(${options.histogram}_count{${options.selector}}[${WINDOW_PLACEHOLDER}]))`;
    const fast = `sum(rate(${options.histogram}_bucket{${options.selector},le="${bound}"}[${WINDOW_PLACEHOLDER}]))`;
    return new SloIndicator('latency', { errorQuery: `(${total} - ${fast})`, totalQuery: total }, undefined, options);
  }

  private constructor(
    public readonly kind: 'availability' | 'latency',
    public readonly prometheus: PrometheusEventQueries,
    /** Availability in CloudWatch, when given. */
    public readonly cloudWatchEvents: CloudWatchEventMetrics | undefined,
    /** Latency options, for the CloudWatch half and validation. */
    public readonly latencyOptions: LatencyIndicatorOptions | undefined,
  ) {}

  /** Whether this SLI also renders to CloudWatch. */
  public get hasCloudWatch(): boolean {
    return this.cloudWatchEvents !== undefined || this.latencyOptions?.cloudWatchLatency !== undefined || this.latencyOptions?.cloudWatchWithinThreshold !== undefined;
  }
}

/** One service level objective, rendered the same way to CloudWatch and Prometheus. */
export interface ServiceLevelObjective {
  /** The SLO's name, Sloth's `sloth_slo`, e.g. `requests-availability`. Lowercase kebab-case. */
  readonly name: string;
  /** The service it belongs to, Sloth's `sloth_service`. */
  readonly service: string;
  /** Target in percent, strictly between 0 and 100, e.g. 99.9. */
  readonly objective: number;
  readonly indicator: SloIndicator;
  /** Runbook every alert of this SLO links to. */
  readonly runbookUrl: string;
  /** One line: what the SLO protects. */
  readonly description: string;
  /** The budget's window. @default 30 days */
  readonly window?: Duration;
  /** The alerts' burn rates. @default BurnRatePolicy.googleSreWorkbook() */
  readonly burnRates?: BurnRatePolicy;
}

/** An SLO with its defaults applied. */
export interface ResolvedSlo extends ServiceLevelObjective {
  readonly window: Duration;
  readonly burnRates: BurnRatePolicy;
  /** Sloth's `sloth_id`: `<service>-<name>`. */
  readonly id: string;
  /** 1 − objective/100. */
  readonly errorBudget: number;
}

/** Applies an SLO's defaults, in one place. */
export function resolveSlo(slo: ServiceLevelObjective): ResolvedSlo {
  return {
    ...slo,
    window: slo.window ?? DEFAULT_SLO_WINDOW,
    burnRates: slo.burnRates ?? BurnRatePolicy.googleSreWorkbook(),
    id: `${slo.service}-${slo.name}`,
    errorBudget: roundRatio(1 - slo.objective / 100),
  };
}

/** Removes floating-point noise (1 − 0.999 = 0.0010000000000000009). */
export function roundRatio(x: number): number {
  return Number(x.toPrecision(12));
}
