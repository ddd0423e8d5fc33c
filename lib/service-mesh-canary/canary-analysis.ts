import { Duration } from 'cdk8s';
import { DurationLike } from '../core/duration';

/**
 * The automated analysis of a progressive or blue-green rollout: Prometheus queries on Istio's
 * standard metrics (`istio_requests_total`, `istio_request_duration_milliseconds`) for the new
 * revision only. An empty or NaN result is inconclusive (neither success nor failure), so missing
 * data pauses the rollout instead of promoting or failing it; a failed measurement aborts the
 * rollout and Argo Rollouts shifts all traffic back to stable.
 */
export interface CanaryAnalysisOptions {
  /**
   * Lowest acceptable share of non-5xx answers, 0–1.
   * @default 0.95
   */
  readonly minSuccessRate?: number;
  /**
   * Highest acceptable p95 latency in milliseconds.
   * @default 1000
   */
  readonly maxP95LatencyMs?: number;
  /**
   * Time between measurements.
   * @default Duration.minutes(1)
   */
  readonly interval?: DurationLike;
  /**
   * Rate window of the queries; also the delay before the first measurement.
   * @default Duration.minutes(2)
   */
  readonly window?: DurationLike;
  /**
   * Failed measurements tolerated before the rollout aborts.
   * @default 1
   */
  readonly failureLimit?: number;
  /**
   * Inconclusive (empty) measurements tolerated before the rollout pauses for a human.
   * @default 3
   */
  readonly inconclusiveLimit?: number;
  /**
   * Measurements per analysis run.
   * @default - unlimited for a progressive canary (the background analysis runs until promotion); 5 before a blue-green promotion
   */
  readonly measurements?: number;
  /**
   * Prometheus the Argo Rollouts controller queries.
   * @default 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090'
   */
  readonly prometheusAddress?: string;
}

/** The analysis with every default applied. */
export type ResolvedCanaryAnalysis = Required<Omit<CanaryAnalysisOptions, 'measurements'>> & { readonly measurements: number | undefined };

/** Applies the defaults of {@link CanaryAnalysisOptions}: the one place they are decided. */
export function resolveAnalysis(options: CanaryAnalysisOptions, forBlueGreen: boolean): ResolvedCanaryAnalysis {
  return {
    measurements: options.measurements ?? (forBlueGreen ? 5 : undefined),
    minSuccessRate: options.minSuccessRate ?? 0.95,
    maxP95LatencyMs: options.maxP95LatencyMs ?? 1000,
    interval: options.interval ?? Duration.minutes(1),
    window: options.window ?? Duration.minutes(2),
    failureLimit: options.failureLimit ?? 1,
    inconclusiveLimit: options.inconclusiveLimit ?? 3,
    prometheusAddress: options.prometheusAddress ?? 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090',
  };
}

/** The label selector of the new revision's server-side Istio metrics; `{{args.*}}` are filled in by Argo Rollouts. */
const REVISION_SELECTOR = 'reporter="destination",destination_workload_namespace="{{args.namespace}}",'
  + 'destination_canonical_service="{{args.service}}",destination_canonical_revision="{{args.revision}}"';

/**
 * Share of non-5xx answers of the new revision over `window` (PromQL). A revision that has only
 * ever answered 5xx has no non-5xx series at all, and a `sum` over no series is an empty vector,
 * which would make the whole ratio empty (inconclusive): `or vector(0)` turns that numerator into 0,
 * so the worst canary fails. No traffic at all still leaves the denominator, and the result, empty.
 */
export function successRateQuery(window: string): string {
  return `(sum(rate(istio_requests_total{${REVISION_SELECTOR},response_code!~"5.."}[${window}])) or vector(0))`
    + ` / sum(rate(istio_requests_total{${REVISION_SELECTOR}}[${window}]))`;
}

/** p95 latency of the new revision in milliseconds over `window` (PromQL). */
export function p95LatencyQuery(window: string): string {
  return `histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${REVISION_SELECTOR}}[${window}])))`;
}
