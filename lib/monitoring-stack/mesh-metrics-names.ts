// What the mesh-metrics collector (the Kubernetes half, ./mesh-metrics-collector) publishes and the
// CloudWatch alarms (the AWS half) read: one definition, free of cdk8s.
import { Construct } from 'constructs';
import { invalid } from '../core';

/**
 * What the collector publishes in CloudWatch, the one definition the alarms read too.
 *
 * Why these and not a p95 of a `RequestLatency` histogram: the awsemf exporter sends an explicit-
 * bucket histogram (what the Prometheus receiver makes of Istio's `istio_request_duration_milliseconds`)
 * as a statistic set (Count, Sum, Min, Max) and drops its buckets; only exponential histograms
 * become values/counts (opentelemetry-collector-contrib, exporter/awsemfexporter/datapoint.go).
 * CloudWatch computes percentiles (and so `PR()`) from raw values only, not from statistic sets
 * with more than one sample (CloudWatch API Reference, GetMetricStatistics). The CloudWatch agent
 * is no way out: it drops Prometheus histograms (CloudWatch User Guide, "Prometheus metric type
 * conversion by the CloudWatch agent"). So:
 * - p95 is computed where the buckets are, by a Prometheus recording rule, and published as a
 *   gauge (statistic Average over the alarm period);
 * - the latency SLI is `1 - within / total` over Sum of two counters: the requests in the
 *   threshold's bucket (`_bucket{le="<threshold>"}`) and all requests.
 */
export const MESH_CLOUDWATCH_METRICS = {
  /** Requests answered (istio_requests_total, reporter destination): statistic Sum. */
  requests: 'RequestCount',
  /** Requests answered 5xx: statistic Sum. */
  serverErrors: 'Http5xxCount',
  /** p95 request duration in ms over 5 minutes (Prometheus recording rule): statistic Average. */
  latencyP95: 'RequestLatencyP95',
  /** Requests answered within a latency bound (dimension `LatencyBound`, ms): statistic Sum. */
  withinLatencyBound: 'RequestsWithinLatencyBound',
} as const;

/** Dimensions of every mesh metric: the Kubernetes Service and its namespace. */
export const MESH_CLOUDWATCH_DIMENSIONS = ['Service', 'Namespace'] as const;
/** The extra dimension of `RequestsWithinLatencyBound`: the bucket bound in ms, as Envoy writes `le`. */
export const LATENCY_BOUND_DIMENSION = 'LatencyBound';

/**
 * Istio's default bucket bounds of `istio_request_duration_milliseconds` (ms): a latency SLO's
 * threshold must be one of them, or no bucket counts the requests within it.
 * @see https://istio.io/latest/docs/reference/config/metrics/
 */
export const ISTIO_DEFAULT_LATENCY_BUCKETS_MS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

/**
 * The OpenTelemetry Collector Contrib release this library was checked against: its build has the
 * prometheus receiver, the transform and filter processors and the awsemf exporter
 * (opentelemetry-collector-releases, distributions/otelcol-contrib/manifest.yaml). AWS's ADOT build
 * is not used: it has no transform processor (aws-otel-collector, pkg/defaultcomponents/defaults.go),
 * which the config needs to retype federated samples.
 */
export const DEFAULT_COLLECTOR_IMAGE = 'docker.io/otel/opentelemetry-collector-contrib:0.135.0';

/** The one log stream the exporter writes (the collector's IAM names it). */
export const MESH_METRICS_LOG_STREAM = 'mesh-metrics';

/** Name of the p95 recording rule the collector federates. */
export const MESH_P95_RECORD = 'resilience:istio_request_duration_milliseconds:p95_5m';

/** A CloudWatch namespace: 1–255 of `[0-9A-Za-z.\-_/#:]`, not starting with `AWS/` (reserved). */
export function checkCloudWatchNamespace(scope: Construct, prop: string, value: string): void {
  // CloudWatch API Reference, PutMetricData / MetricDatum: namespace pattern and the AWS/ reservation.
  if (!/^[0-9A-Za-z.\-_/#:]{1,255}$/.test(value) || /^AWS\//i.test(value)) {
    invalid(scope, prop, value, 'a CloudWatch namespace: 1–255 characters of A–Z a–z 0–9 . - _ / # :, not starting with "AWS/" (reserved for AWS services)');
  }
}
