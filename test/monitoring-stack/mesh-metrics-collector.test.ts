import { Chart, Duration, Testing } from 'cdk8s';
import * as yaml from 'yaml';
import {
  DEFAULT_COLLECTOR_IMAGE, LATENCY_BOUND_DIMENSION, MESH_CLOUDWATCH_DIMENSIONS, MESH_CLOUDWATCH_METRICS, MESH_P95_RECORD,
} from '../../lib/monitoring-stack';
import { MeshMetricsCollector, MeshMetricsCollectorProps } from '../../lib/monitoring-stack/k8s';
import { promqlErrors } from '../service-mesh-canary/promql';
import { kubernetesSchemaErrors } from '../support/k8s-schema';

function synth(props: Partial<MeshMetricsCollectorProps> = {}) {
  const chart = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const collector = new MeshMetricsCollector(chart, 'Collector', {
    namespace: 'monitoring',
    release: 'kube-prometheus-stack',
    cloudWatchNamespace: 'Resilience/Mesh',
    region: 'us-east-1',
    logGroupName: '/resilience/prod/us-east-1/mesh-metrics',
    latencyBoundsMs: [1000, 250, 1000],
    ...props,
  });
  return { manifest: Testing.synth(chart), collector };
}

describe('MeshMetricsCollector (Kubernetes half)', () => {
  const { manifest, collector } = synth();
  const configMap = manifest.find((o) => o.kind === 'ConfigMap');
  // What the collector really reads: the YAML in the ConfigMap, parsed back.
  const config = yaml.parse(configMap.data['collector.yaml']);
  const deployment = manifest.find((o) => o.kind === 'Deployment');

  test('every object validates against its kind\'s schema with unknown fields rejected', () => {
    expect(manifest.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'NetworkPolicy', 'PrometheusRule', 'ServiceAccount']);
    expect(kubernetesSchemaErrors(manifest)).toEqual([]);
  });

  test('every object carries the release label', () => {
    for (const o of manifest) expect({ kind: o.kind, release: o.metadata.labels?.release }).toEqual({ kind: o.kind, release: 'kube-prometheus-stack' });
  });

  test('GIVEN the rendered YAML THEN it is the typed config, unchanged', () => {
    expect(config).toEqual(JSON.parse(JSON.stringify(collector.config)));
  });

  test('federates the Istio counter, the SLO threshold buckets and the p95 rule from the release\'s Prometheus', () => {
    const job = config.receivers.prometheus.config.scrape_configs[0];
    expect(job).toMatchObject({ metrics_path: '/federate', honor_labels: true, scrape_interval: '60s', static_configs: [{ targets: ['prometheus-operated.monitoring.svc:9090'] }] });
    expect(job.params['match[]']).toEqual([
      'istio_requests_total{reporter="destination"}',
      'istio_request_duration_milliseconds_bucket{reporter="destination",le=~"250|1000"}',
      MESH_P95_RECORD,
    ]);
    for (const selector of job.params['match[]']) expect(promqlErrors(selector)).toEqual([]);
  });

  test('the pipeline runs receiver → memory_limiter, transform, filter, batch → awsemf', () => {
    expect(config.service.pipelines).toEqual({ metrics: { receivers: ['prometheus'], processors: ['memory_limiter', 'transform', 'filter', 'batch'], exporters: ['awsemf'] } });
    expect(config.service.extensions).toEqual(['health_check']);
  });

  test('renames to the CloudWatch metric names and turns the federated gauges back into cumulative sums', () => {
    const statements: string[] = config.processors.transform.metric_statements.flatMap((s: { statements: string[] }) => s.statements);
    expect(statements).toEqual(expect.arrayContaining([
      'convert_gauge_to_sum("cumulative", true) where name == "istio_requests_total"',
      `copy_metric(name="${MESH_CLOUDWATCH_METRICS.serverErrors}") where name == "istio_requests_total"`,
      `set(name, "${MESH_CLOUDWATCH_METRICS.requests}") where name == "istio_requests_total"`,
      'convert_gauge_to_sum("cumulative", true) where name == "istio_request_duration_milliseconds_bucket"',
      `set(name, "${MESH_CLOUDWATCH_METRICS.withinLatencyBound}") where name == "istio_request_duration_milliseconds_bucket"`,
      `set(name, "${MESH_CLOUDWATCH_METRICS.latencyP95}") where name == "${MESH_P95_RECORD}"`,
      'set(attributes["Service"], attributes["destination_service_name"])',
      'set(attributes["Namespace"], attributes["destination_service_namespace"])',
    ]));
    expect(config.processors.filter.metrics.datapoint).toEqual([`metric.name == "${MESH_CLOUDWATCH_METRICS.serverErrors}" and not IsMatch(attributes["response_code"], "^5[0-9][0-9]$")`]);
  });

  test('awsemf publishes exactly the alarms\' metrics and dimensions, no rollups, into the given log group', () => {
    expect(config.exporters.awsemf).toEqual({
      namespace: 'Resilience/Mesh',
      region: 'us-east-1',
      log_group_name: '/resilience/prod/us-east-1/mesh-metrics',
      log_stream_name: 'mesh-metrics',
      dimension_rollup_option: 'NoDimensionRollup',
      metric_declarations: [
        { dimensions: [[...MESH_CLOUDWATCH_DIMENSIONS]], metric_name_selectors: ['^RequestCount$', '^Http5xxCount$', '^RequestLatencyP95$'] },
        { dimensions: [[...MESH_CLOUDWATCH_DIMENSIONS, LATENCY_BOUND_DIMENSION]], metric_name_selectors: ['^RequestsWithinLatencyBound$'] },
      ],
    });
  });

  test('GIVEN no latency SLO THEN no bucket is federated or declared', () => {
    const c = yaml.parse(synth({ latencyBoundsMs: [] }).manifest.find((o) => o.kind === 'ConfigMap').data['collector.yaml']);
    expect(c.receivers.prometheus.config.scrape_configs[0].params['match[]']).toHaveLength(2);
    expect(c.exporters.awsemf.metric_declarations).toHaveLength(1);
  });

  test('the p95 recording rule is valid PromQL, grouped by the labels that become the dimensions, with the release label', () => {
    const rule = manifest.find((o) => o.kind === 'PrometheusRule');
    expect(rule.metadata.labels.release).toBe('kube-prometheus-stack');
    const r = rule.spec.groups[0].rules[0];
    expect(r.record).toBe(MESH_P95_RECORD);
    expect(r.expr).toContain('sum by (le, destination_service_name, destination_service_namespace)');
    expect(promqlErrors(r.expr)).toEqual([]);
  });

  test('one replica (two would publish every delta twice), pinned image, non-root, read-only root, probes, limits, out of the mesh', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe('Recreate');
    const pod = deployment.spec.template;
    expect(pod.metadata.annotations['sidecar.istio.io/inject']).toBe('false');
    expect(pod.spec.serviceAccountName).toBe('mesh-metrics-collector');
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    const c = pod.spec.containers[0];
    expect(c.image).toBe(DEFAULT_COLLECTOR_IMAGE);
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true });
    expect(c.livenessProbe.httpGet.port).toBe(13133);
    expect(c.readinessProbe.httpGet.port).toBe(13133);
    expect(c.resources.limits).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(c.env).toEqual([{ name: 'AWS_REGION', value: 'us-east-1' }]);
  });

  test('the NetworkPolicy admits nothing in and lets out only Prometheus, DNS, the Pod Identity agent and HTTPS', () => {
    const np = manifest.find((o) => o.kind === 'NetworkPolicy');
    expect(np.spec.ingress).toEqual([]);
    expect(np.spec.egress.map((e: { ports: { port: number }[] }) => e.ports.map((p) => p.port))).toEqual([[9090], [53, 53], [80], [443]]);
    // Prometheus is selected as the mesh's NetworkFence selects it.
    expect(np.spec.egress[0].to[0].podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'prometheus' });
  });
});

describe('MeshMetricsCollector validation', () => {
  test('throws when the CloudWatch namespace is reserved by AWS', () => {
    expect(() => synth({ cloudWatchNamespace: 'AWS/Mesh' })).toThrow(/test\/Collector: cloudWatchNamespace = "AWS\/Mesh": a CloudWatch namespace.*not starting with "AWS\/"/);
  });

  test('throws when the CloudWatch namespace has invalid characters', () => {
    expect(() => synth({ cloudWatchNamespace: 'Mesh Metrics' })).toThrow(/cloudWatchNamespace = "Mesh Metrics"/);
  });

  test('throws when the scrape interval is out of range', () => {
    expect(() => synth({ scrapeInterval: Duration.seconds(5) })).toThrow(/scrapeInterval = "5 seconds": whole seconds from 10 s to 5 min/);
    expect(() => synth({ scrapeInterval: Duration.minutes(10) })).toThrow(/scrapeInterval/);
  });

  test('throws when a latency bound is not one of Istio\'s default bucket bounds', () => {
    expect(() => synth({ latencyBoundsMs: [300] })).toThrow(/latencyBoundsMs = 300: one of Istio's default bucket bounds/);
  });

  test('throws when the image is not pinned (no tag, or latest)', () => {
    expect(() => synth({ image: 'public.ecr.aws/aws-observability/aws-otel-collector' })).toThrow(/image = .*pinned by digest or by an exact version tag/);
    expect(() => synth({ image: 'otel/opentelemetry-collector-contrib:latest' })).toThrow(/image = .*not "latest"/);
  });

  test('throws when digests are required and the image has only a tag', () => {
    expect(() => synth({ requireImageDigest: true })).toThrow(/image = .*pinned by digest.*requireImageDigest is on/);
    expect(() => synth({ requireImageDigest: true, image: `public.ecr.aws/aws-observability/aws-otel-collector@sha256:${'a'.repeat(64)}` })).not.toThrow();
  });

  test('throws when the log group name is invalid', () => {
    expect(() => synth({ logGroupName: 'mesh metrics' })).toThrow(/logGroupName = "mesh metrics"/);
  });

  test('reports every mistake at once', () => {
    expect(() => synth({ cloudWatchNamespace: 'AWS/X', latencyBoundsMs: [7] })).toThrow(/cloudWatchNamespace[\s\S]*latencyBoundsMs/);
  });
});
