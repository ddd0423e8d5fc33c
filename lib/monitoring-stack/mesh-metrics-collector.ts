import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ApiObject, Duration, Size, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { invalid, validateAll, withConstructPath } from '../core';
import {
  checkCloudWatchNamespace, DEFAULT_COLLECTOR_IMAGE, ISTIO_DEFAULT_LATENCY_BUCKETS_MS, LATENCY_BOUND_DIMENSION, MESH_CLOUDWATCH_DIMENSIONS, MESH_CLOUDWATCH_METRICS, MESH_METRICS_LOG_STREAM, MESH_P95_RECORD,
} from './mesh-metrics-names';

const REQUESTS = 'istio_requests_total';
const BUCKETS = 'istio_request_duration_milliseconds_bucket';
const HEALTH_PORT = 13133;
const PROMETHEUS_PORT = 9090;
/** EKS Pod Identity agent, which hands the pod its credentials (EKS User Guide, "Pod Identity agent"). */
const POD_IDENTITY_AGENT_CIDR = '169.254.170.23/32';

export interface MeshMetricsCollectorProps {
  /** Namespace of the collector (the kube-prometheus-stack release's). */
  readonly namespace: string;
  /** The kube-prometheus-stack release: the recording rule carries `release: <release>`. */
  readonly release: string;
  /** CloudWatch namespace, e.g. `Resilience/Mesh` (not `AWS/…`). */
  readonly cloudWatchNamespace: string;
  /** Region of the cluster (the exporter's region). */
  readonly region: string;
  /** The CMK-encrypted log group the EMF events go to (it exists; the collector never creates it). */
  readonly logGroupName: string;
  /** Latency SLO thresholds of the cluster's services, in ms: each becomes a `LatencyBound`. @default - none */
  readonly latencyBoundsMs?: readonly number[];
  /** @default DEFAULT_COLLECTOR_IMAGE */
  readonly image?: string;
  /** Reject an image that is not pinned by digest. @default false */
  readonly requireImageDigest?: boolean;
  /** How often Prometheus is federated, 10 s to 5 min. @default Duration.seconds(60) */
  readonly scrapeInterval?: Duration;
  /** The ServiceAccount, which the Pod Identity association names. @default 'mesh-metrics-collector' */
  readonly serviceAccountName?: string;
  /**
   * Prometheus pods (in `namespace`), as the mesh's NetworkPolicies select them; they are reached
   * through the operator's `prometheus-operated` Service.
   * @default { 'app.kubernetes.io/name': 'prometheus' }
   */
  readonly prometheusPodLabels?: Record<string, string>;
}

/** Renders the collector config: typed data, serialised once. */
export interface CollectorConfig {
  readonly extensions: Record<string, unknown>;
  readonly receivers: Record<string, unknown>;
  readonly processors: Record<string, unknown>;
  readonly exporters: Record<string, unknown>;
  readonly service: { extensions: string[]; pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
}

/**
 * The cluster's mesh-metrics collector (OpenTelemetry Collector Contrib): federates Istio's request counter, the latency
 * buckets at the SLO thresholds and the p95 recording rule from the cluster's Prometheus, renames
 * them to `MESH_CLOUDWATCH_METRICS` with dimensions Service and Namespace, and writes them as EMF
 * to one log group. Federation (one target) rather than scraping every sidecar: the p95 exists
 * only in Prometheus, and the collector then needs no pod discovery and no RBAC.
 */
export class MeshMetricsCollector extends Construct {
  public readonly config: CollectorConfig;
  public readonly deployment: kplus.Deployment;
  public readonly serviceAccountName: string;
  public readonly recordingRule: IPrometheusRule;
  public readonly networkPolicy: INetworkPolicy;

  constructor(scope: Construct, id: string, props: MeshMetricsCollectorProps) {
    super(scope, id);
    const image = props.image ?? DEFAULT_COLLECTOR_IMAGE;
    const interval = props.scrapeInterval ?? Duration.seconds(60);
    const bounds = [...new Set(props.latencyBoundsMs ?? [])].sort((a, b) => a - b);
    this.serviceAccountName = props.serviceAccountName ?? 'mesh-metrics-collector';
    const promLabels = props.prometheusPodLabels ?? { 'app.kubernetes.io/name': 'prometheus' };

    validateAll(this, [
      () => checkCloudWatchNamespace(this, 'cloudWatchNamespace', props.cloudWatchNamespace),
      () => {
        const s = interval.toSeconds();
        if (!Number.isInteger(s) || s < 10 || s > 300) invalid(this, 'scrapeInterval', interval.toHumanString(), 'whole seconds from 10 s to 5 min (CloudWatch stores 1-minute resolution; the alarms use 5-minute periods)');
      },
      ...bounds.map((b) => () => {
        if (!ISTIO_DEFAULT_LATENCY_BUCKETS_MS.includes(b)) invalid(this, 'latencyBoundsMs', b, `one of Istio's default bucket bounds (${ISTIO_DEFAULT_LATENCY_BUCKETS_MS.join(', ')} ms): only a bucket bound counts the requests within a threshold`);
      }),
      () => {
        if (/\s|:\/\//.test(image) || image.length === 0) invalid(this, 'image', image, 'a container image reference, e.g. "docker.io/otel/opentelemetry-collector-contrib:0.135.0"');
        const digest = /@sha256:[0-9a-f]{64}$/.test(image);
        if (props.requireImageDigest && !digest) invalid(this, 'image', image, 'an image pinned by digest, "<name>@sha256:<64 lowercase hex digits>" (requireImageDigest is on)');
        const tag = /:([^/:@]+)$/.exec(image)?.[1];
        if (!digest && (tag === undefined || tag === 'latest')) invalid(this, 'image', image, 'an image pinned by digest or by an exact version tag (not "latest", not untagged)');
      },
      () => {
        if (!/^[\.\-_/#A-Za-z0-9]{1,512}$/.test(props.logGroupName)) invalid(this, 'logGroupName', props.logGroupName, 'a CloudWatch Logs group name: 1–512 of A–Z a–z 0–9 . - _ / #');
      },
    ]);

    // The release label on every object, as KubernetesMonitoring's (the operator selects the rule by it).
    const labels = { 'release': props.release, 'app.kubernetes.io/name': 'mesh-metrics-collector', 'app.kubernetes.io/part-of': 'monitoring-stack', 'app.kubernetes.io/managed-by': 'resilience-constructs' };
    this.config = collectorConfig(props, interval, bounds);

    const built = withConstructPath(this, () => {
      const sa = new kplus.ServiceAccount(this, 'ServiceAccount', {
        metadata: { name: this.serviceAccountName, namespace: props.namespace, labels },
        // Credentials come from EKS Pod Identity (the agent), not a mounted API token.
        automountToken: false,
      });
      const configMap = new kplus.ConfigMap(this, 'Config', {
        metadata: { name: 'mesh-metrics-collector', namespace: props.namespace, labels },
        // cdk8s' own serialiser: `yaml` is not a runtime dependency of the package.
        data: { 'collector.yaml': Yaml.stringify(this.config) },
      });
      const deployment = new kplus.Deployment(this, 'Deployment', {
        metadata: { name: 'mesh-metrics-collector', namespace: props.namespace, labels },
        // One replica: two would publish every delta twice (CloudWatch would sum both).
        replicas: 1,
        strategy: kplus.DeploymentStrategy.recreate(),
        serviceAccount: sa,
        automountServiceAccountToken: false,
        podMetadata: { labels, annotations: { 'sidecar.istio.io/inject': 'false' } },
        securityContext: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 },
        select: true,
        containers: [{
          name: 'collector',
          image,
          args: ['--config=/conf/collector.yaml'],
          ports: [{ name: 'health', number: HEALTH_PORT }],
          envVariables: { AWS_REGION: kplus.EnvValue.fromValue(props.region) },
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
            memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
          },
          securityContext: { ensureNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, user: 10001, group: 10001 },
          liveness: kplus.Probe.fromHttpGet('/', { port: HEALTH_PORT, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(15) }),
          readiness: kplus.Probe.fromHttpGet('/', { port: HEALTH_PORT, periodSeconds: Duration.seconds(10) }),
          volumeMounts: [{ path: '/conf', volume: kplus.Volume.fromConfigMap(this, 'ConfigVolume', configMap) }],
        }],
      });
      const recordingRule: IPrometheusRule = {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'mesh-metrics-collector', namespace: props.namespace, labels },
        spec: {
          groups: [{
            name: 'mesh-metrics-collector',
            rules: [{
              record: MESH_P95_RECORD,
              expr: `histogram_quantile(0.95, sum by (le, destination_service_name, destination_service_namespace) (rate(${BUCKETS}{reporter="destination"}[5m])))`,
            }],
          }],
        },
      };
      const networkPolicy: INetworkPolicy = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'mesh-metrics-collector', namespace: props.namespace, labels },
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mesh-metrics-collector' } },
          policyTypes: ['Ingress', 'Egress'],
          // Nothing calls the collector (the kubelet's probes are node traffic).
          ingress: [],
          egress: [
            { to: [{ podSelector: { matchLabels: { ...promLabels } } }], ports: [{ protocol: 'TCP', port: PROMETHEUS_PORT }] },
            { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
            { to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT_CIDR } }], ports: [{ protocol: 'TCP', port: 80 }] },
            // CloudWatch Logs' regional endpoint (public or a VPC interface endpoint): HTTPS only.
            { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
          ],
        },
      };
      new ApiObject(this, 'RecordingRule', JSON.parse(JSON.stringify(recordingRule)));
      new ApiObject(this, 'NetworkPolicy', JSON.parse(JSON.stringify(networkPolicy)));
      return { deployment, recordingRule, networkPolicy };
    });
    this.deployment = built.deployment;
    this.recordingRule = built.recordingRule;
    this.networkPolicy = built.networkPolicy;
  }
}

/** The attribute copies that turn Istio's labels into the CloudWatch dimensions. */
const DIMENSION_STATEMENTS = [
  `set(attributes["${MESH_CLOUDWATCH_DIMENSIONS[0]}"], attributes["destination_service_name"])`,
  `set(attributes["${MESH_CLOUDWATCH_DIMENSIONS[1]}"], attributes["destination_service_namespace"])`,
];

function collectorConfig(props: MeshMetricsCollectorProps, interval: Duration, bounds: readonly number[]): CollectorConfig {
  const m = MESH_CLOUDWATCH_METRICS;
  const le = bounds.map(String);
  // Prometheus' /federate returns the raw samples of the selected series (counters and buckets
  // still cumulative, per pod) with their labels; honor_labels keeps them.
  // @see https://prometheus.io/docs/prometheus/latest/federation/
  const match = [
    `${REQUESTS}{reporter="destination"}`,
    ...(le.length > 0 ? [`${BUCKETS}{reporter="destination",le=~"${le.map((v) => v.replace('.', '\\\\.')).join('|')}"}`] : []),
    MESH_P95_RECORD,
  ];
  const bucketStatements = le.length > 0 ? [
    `convert_gauge_to_sum("cumulative", true) where name == "${BUCKETS}"`,
    `set(name, "${m.withinLatencyBound}") where name == "${BUCKETS}"`,
  ] : [];
  return {
    extensions: { health_check: { endpoint: `0.0.0.0:${HEALTH_PORT}` } },
    receivers: {
      prometheus: {
        config: {
          scrape_configs: [{
            job_name: 'federate-mesh',
            scrape_interval: `${interval.toSeconds()}s`,
            honor_labels: true,
            metrics_path: '/federate',
            params: { 'match[]': match },
            static_configs: [{ targets: [`prometheus-operated.${props.namespace}.svc:${PROMETHEUS_PORT}`] }],
          }],
        },
      },
    },
    processors: {
      memory_limiter: { check_interval: '5s', limit_percentage: 80, spike_limit_percentage: 20 },
      // /federate types every sample "untyped" (prometheus/prometheus#3935, by design), which the
      // receiver makes a gauge: the counters and
      // buckets become cumulative monotonic sums again, so awsemf sends per-series deltas (it
      // converts cumulative sums to deltas; the first sample of a series is its baseline).
      transform: {
        error_mode: 'ignore',
        metric_statements: [{
          context: 'metric',
          statements: [
            `convert_gauge_to_sum("cumulative", true) where name == "${REQUESTS}"`,
            `copy_metric(name="${m.serverErrors}") where name == "${REQUESTS}"`,
            `set(name, "${m.requests}") where name == "${REQUESTS}"`,
            ...bucketStatements,
            `set(name, "${m.latencyP95}") where name == "${MESH_P95_RECORD}"`,
            `set(unit, "Milliseconds") where name == "${m.latencyP95}"`,
          ],
        }, {
          context: 'datapoint',
          statements: [
            ...DIMENSION_STATEMENTS,
            ...(le.length > 0 ? [`set(attributes["${LATENCY_BOUND_DIMENSION}"], attributes["le"]) where metric.name == "${m.withinLatencyBound}"`] : []),
          ],
        }],
      },
      filter: {
        error_mode: 'ignore',
        metrics: {
          // A p95 of no requests is NaN: awsemf drops NaN and Inf data points itself (IsStaleNaNInf).
          datapoint: [`metric.name == "${m.serverErrors}" and not IsMatch(attributes["response_code"], "^5[0-9][0-9]$")`],
        },
      },
      batch: { timeout: '10s' },
    },
    exporters: {
      awsemf: {
        namespace: props.cloudWatchNamespace,
        region: props.region,
        log_group_name: props.logGroupName,
        log_stream_name: MESH_METRICS_LOG_STREAM,
        // Only the declared dimension sets: no rollups (each would be another billed metric).
        dimension_rollup_option: 'NoDimensionRollup',
        metric_declarations: [
          { dimensions: [[...MESH_CLOUDWATCH_DIMENSIONS]], metric_name_selectors: [m.requests, m.serverErrors, m.latencyP95].map((n) => `^${n}$`) },
          ...(le.length > 0 ? [{ dimensions: [[...MESH_CLOUDWATCH_DIMENSIONS, LATENCY_BOUND_DIMENSION]], metric_name_selectors: [`^${m.withinLatencyBound}$`] }] : []),
        ],
      },
    },
    service: {
      extensions: ['health_check'],
      pipelines: { metrics: { receivers: ['prometheus'], processors: ['memory_limiter', 'transform', 'filter', 'batch'], exporters: ['awsemf'] } },
    },
  };
}
