import { Chart, Testing } from 'cdk8s';
import { AlertRouting, SEED_SERVICE_THRESHOLDS } from '../../lib/monitoring-stack';
import { KubernetesMonitoring, KubernetesMonitoringProps, meshRuleGroup, veleroRuleGroup } from '../../lib/monitoring-stack/k8s';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { promqlErrors } from '../service-mesh-canary/promql';
import { apiService, RUNBOOK, slack } from './fixtures';
import { checkRules, testRules } from './promtool';
import { Stack } from 'aws-cdk-lib';
import { pagerDuty } from './fixtures';

function services() {
  return [
    apiService(),
    { name: 'background-jobs', namespace: 'jobs', host: 'background-jobs.jobs.svc.cluster.local', runbookUrl: 'https://runbooks.example.com/jobs' },
    { name: 'health-checks', namespace: 'platform', host: 'health-checks.platform.svc.cluster.local', runbookUrl: 'https://runbooks.example.com/health', tracingTags: { team: 'sre' } },
  ];
}

function synth(props: Partial<KubernetesMonitoringProps> = {}) {
  const chart = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const monitoring = new KubernetesMonitoring(chart, 'Monitoring', {
    environment: 'prod',
    region: 'us-east-1',
    release: 'kube-prometheus-stack',
    routing: AlertRouting.paging({ pagerDuty: pagerDuty(new Stack()), slack: slack() }),
    services: services(),
    runbookUrl: RUNBOOK,
    ...props,
  });
  return { manifest: Testing.synth(chart), monitoring };
}

describe('KubernetesMonitoring (kube-prometheus-stack)', () => {
  const { manifest, monitoring } = synth();

  test('every object validates against its kind\'s schema with unknown fields rejected', () => {
    expect(kubernetesSchemaErrors(manifest)).toEqual([]);
  });

  test('every object carries the release label the Prometheus operator selects on', () => {
    for (const o of manifest) expect({ kind: o.kind, name: o.metadata.name, release: o.metadata.labels?.release }).toEqual({ kind: o.kind, name: o.metadata.name, release: 'kube-prometheus-stack' });
  });

  test('scrapes istiod, the gateways and the Argo Rollouts controller (sidecars are ServiceMeshCanary\'s PodMonitor)', () => {
    expect(manifest.filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceMonitor/istiod', 'ServiceMonitor/argo-rollouts', 'PodMonitor/istio-gateways']);
  });

  test('the Argo Rollouts controller is scraped where the failed-canary alerts need it: its metrics Service, run namespaces kept (honorLabels)', () => {
    const argo = manifest.find((o) => o.kind === 'ServiceMonitor' && o.metadata.name === 'argo-rollouts');
    expect(argo.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'argo-rollouts-metrics' } },
      namespaceSelector: { matchNames: ['argo-rollouts'] },
      endpoints: [{ port: 'metrics', interval: '30s', honorLabels: true }],
    });
    const custom = synth({ argoRolloutsMetrics: { namespace: 'rollouts', serviceLabels: { 'app.kubernetes.io/component': 'rollouts-controller' }, port: 'http-metrics' } }).manifest
      .find((o) => o.kind === 'ServiceMonitor' && o.metadata.name === 'argo-rollouts');
    expect(custom.spec).toMatchObject({ selector: { matchLabels: { 'app.kubernetes.io/component': 'rollouts-controller' } }, namespaceSelector: { matchNames: ['rollouts'] }, endpoints: [{ port: 'http-metrics' }] });
    expect(synth({ argoRolloutsMetrics: false }).manifest.some((o) => o.metadata.name === 'argo-rollouts')).toBe(false);
  });

  test('throws when the Argo Rollouts metrics target is malformed: namespace, port name, empty selector (all reported together)', () => {
    expect(() => synth({ argoRolloutsMetrics: { namespace: 'Argo_Rollouts', port: 'metrics-port-too-long', serviceLabels: {} } }))
      .toThrow(/argoRolloutsMetrics\.namespace[\s\S]*argoRolloutsMetrics\.port = "metrics-port-too-long"[\s\S]*argoRolloutsMetrics\.serviceLabels/);
  });

  test('PrometheusRules: the SLOs in Sloth\'s groups, mesh alerts per service, Velero failures', () => {
    const rules = manifest.filter((o) => o.kind === 'PrometheusRule');
    expect(rules.map((r) => r.metadata.name)).toEqual(['api-slos', 'mesh-alerts', 'velero-alerts']);
    expect(rules[0].spec.groups.map((g: { name: string }) => g.name)).toEqual([
      'sloth-slo-sli-recordings-api-requests-availability', 'sloth-slo-meta-recordings-api-requests-availability', 'sloth-slo-alerts-api-requests-availability',
      'sloth-slo-sli-recordings-api-requests-latency', 'sloth-slo-meta-recordings-api-requests-latency', 'sloth-slo-alerts-api-requests-latency',
    ]);
    const mesh = rules[1].spec.groups[0].rules.map((r: { alert: string; labels: { severity: string } }) => `${r.alert}:${r.labels.severity}`);
    expect(mesh).toEqual(['MeshServiceHighServerErrorRatio:critical', 'MeshServiceHighLatencyP95:warning', 'MeshServiceOutlierEjections:warning', 'MeshServiceCanaryAnalysisFailed:warning']);
    expect(rules[1].spec.groups[0].rules[1].expr).toContain('> 1000');
  });

  test('AlertmanagerConfig routes critical to PagerDuty and Slack, warning and info to Slack, keys from Secrets, critical inhibits warning', () => {
    const am = manifest.find((o) => o.kind === 'AlertmanagerConfig');
    expect(am.apiVersion).toBe('monitoring.coreos.com/v1alpha1');
    expect(am.spec.route.routes.map((r: { receiver: string; matchers: { value: string }[] }) => `${r.matchers[0].value}->${r.receiver}`)).toEqual([
      'critical->pagerduty', 'critical->slack-C0123456789', 'warning->slack-C0123456789', 'info->slack-C0123456789',
    ]);
    expect(am.spec.receivers).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'pagerduty', pagerdutyConfigs: [expect.objectContaining({ routingKey: { name: 'alertmanager-pagerduty', key: 'routing-key' } })] }),
      expect.objectContaining({ name: 'slack-C0123456789', slackConfigs: [expect.objectContaining({ apiURL: { name: 'alertmanager-slack', key: 'webhook-url' }, channel: '#platform-alerts' })] }),
    ]));
    expect(am.spec.inhibitRules).toEqual([{ sourceMatch: [{ name: 'severity', value: 'critical', matchType: '=' }], targetMatch: [{ name: 'severity', value: 'warning', matchType: '=' }], equal: ['alertname', 'namespace', 'service', 'sloth_id'] }]);
  });

  test('slack-only routing (dev, staging) sends critical to Slack and never to PagerDuty', () => {
    const am = synth({ routing: AlertRouting.slackOnly(slack()) }).manifest.find((o) => o.kind === 'AlertmanagerConfig');
    expect(am.spec.receivers.map((r: { name: string }) => r.name)).toEqual(['slack-C0123456789']);
  });

  test('Grafana dashboards are ConfigMaps labelled grafana_dashboard: "1" whose PromQL parses', () => {
    const cms = manifest.filter((o) => o.kind === 'ConfigMap');
    expect(cms.map((c) => c.metadata.name)).toEqual(['grafana-dashboard-prod-slos', 'grafana-dashboard-prod-mesh']);
    for (const c of cms) expect(c.metadata.labels.grafana_dashboard).toBe('1');
    expect(JSON.parse(cms[0].data['prod-slos.json']).panels[0].targets[0].expr).toBe('slo:period_error_budget_remaining:ratio{sloth_id=~"api-requests-availability|api-requests-latency"}');
  });

  test('Istio Telemetry per service with the seeds\' sampling and custom tags', () => {
    const t = manifest.filter((o) => o.kind === 'Telemetry');
    expect(t.map((o) => [o.metadata.namespace, o.metadata.name, o.spec.tracing[0].randomSamplingPercentage])).toEqual([
      ['api', 'api-tracing', 30], ['jobs', 'background-jobs-tracing', 5], ['platform', 'health-checks-tracing', 1],
    ]);
    expect(t[2].spec.tracing[0].customTags).toEqual({ environment: { literal: { value: 'prod' } }, region: { literal: { value: 'us-east-1' } }, service: { literal: { value: 'health-checks' } }, team: { literal: { value: 'sre' } } });
    expect(t[0].spec.selector).toEqual({ matchLabels: { app: 'api' } });
  });

  test('every PromQL expression parses and every rule group passes promtool check rules', () => {
    for (const expr of monitoring.expressions()) expect({ expr, errors: promqlErrors(expr) }).toEqual({ expr, errors: [] });
    expect(checkRules(monitoring.ruleGroups)).toMatch(/SUCCESS/);
  });

  test('mesh alerts fire on a failing service and stay quiet on a healthy one (promtool test rules)', () => {
    const svc = apiService();
    const dest = `reporter="destination",destination_service="${svc.host}"`;
    const labels = { severity: 'critical', service: 'api', namespace: 'api' };
    const out = testRules([meshRuleGroup(svc, SEED_SERVICE_THRESHOLDS)], [
      {
        interval: '1m',
        input_series: [
          { series: `istio_requests_total{${dest},response_code="200"}`, values: '0+90x30' },
          { series: `istio_requests_total{${dest},response_code="503"}`, values: '0+10x30' },
          { series: `envoy_cluster_outlier_detection_ejections_active{cluster_name="outbound|8080||${svc.host}"}`, values: '1x30' },
          // The controller's info series: the run is Running for 20 minutes, then Failed (and stays).
          { series: 'analysis_run_info{namespace="api",name="api-canary-1",phase="Running"}', values: '1x19' },
          { series: 'analysis_run_info{namespace="api",name="api-canary-1",phase="Failed"}', values: '_x20 1x20' },
        ],
        alert_rule_test: [
          { eval_time: '12m', alertname: 'MeshServiceHighServerErrorRatio', exp_alerts: [{ exp_labels: labels }] },
          { eval_time: '12m', alertname: 'MeshServiceOutlierEjections', exp_alerts: [{ exp_labels: { ...labels, severity: 'warning' } }] },
          { eval_time: '12m', alertname: 'MeshServiceCanaryAnalysisFailed', exp_alerts: [] },
          { eval_time: '25m', alertname: 'MeshServiceCanaryAnalysisFailed', exp_alerts: [{ exp_labels: { ...labels, severity: 'warning' } }] },
          // 15 minutes on, the failed run is still kept by the Rollout but no longer new: resolved.
          { eval_time: '40m', alertname: 'MeshServiceCanaryAnalysisFailed', exp_alerts: [] },
        ],
      },
      {
        // Scraped without honorLabels (the run's namespace is `exported_namespace`); the controller
        // restarts at 30 minutes (new pod label on the same run): it fires once, not again.
        interval: '1m',
        input_series: [
          { series: 'analysis_run_info{namespace="argo-rollouts",exported_namespace="api",pod="controller-1",name="api-canary-2",phase="Running"}', values: '1x19' },
          { series: 'analysis_run_info{namespace="argo-rollouts",exported_namespace="api",pod="controller-1",name="api-canary-2",phase="Error"}', values: '_x20 1x9' },
          { series: 'analysis_run_info{namespace="argo-rollouts",exported_namespace="api",pod="controller-2",name="api-canary-2",phase="Error"}', values: '_x30 1x20' },
          // Another namespace's failure is not this service's.
          { series: 'analysis_run_info{namespace="argo-rollouts",exported_namespace="web",pod="controller-1",name="web-canary-1",phase="Failed"}', values: '_x20 1x30' },
        ],
        alert_rule_test: [
          { eval_time: '25m', alertname: 'MeshServiceCanaryAnalysisFailed', exp_alerts: [{ exp_labels: { ...labels, severity: 'warning' } }] },
          { eval_time: '40m', alertname: 'MeshServiceCanaryAnalysisFailed', exp_alerts: [] },
        ],
      },
      {
        interval: '1m',
        input_series: [
          { series: `istio_requests_total{${dest},response_code="200"}`, values: '0+999x30' },
          { series: `istio_requests_total{${dest},response_code="503"}`, values: '0+1x30' },
          { series: `envoy_cluster_outlier_detection_ejections_active{cluster_name="outbound|8080||${svc.host}"}`, values: '0x30' },
          { series: 'analysis_run_info{namespace="api",name="api-canary-1",phase="Running"}', values: '1x9' },
          { series: 'analysis_run_info{namespace="api",name="api-canary-1",phase="Successful"}', values: '_x10 1x20' },
        ],
        alert_rule_test: [
          { eval_time: '20m', alertname: 'MeshServiceHighServerErrorRatio', exp_alerts: [] },
          { eval_time: '20m', alertname: 'MeshServiceOutlierEjections', exp_alerts: [] },
          { eval_time: '20m', alertname: 'MeshServiceCanaryAnalysisFailed', exp_alerts: [] },
        ],
      },
    ].map((c) => ({ ...c, alert_rule_test: c.alert_rule_test.map((a) => ({ ...a, exp_alerts: a.exp_alerts.map((e) => ({ ...e })) })) })));
    expect(out).toMatch(/SUCCESS/);
  });

  test('the p95 alert fires above 1000 ms (promtool test rules)', () => {
    const svc = apiService();
    const dest = `reporter="destination",destination_service="${svc.host}"`;
    const out = testRules([meshRuleGroup(svc, SEED_SERVICE_THRESHOLDS)], [{
      interval: '1m',
      input_series: [
        { series: `istio_request_duration_milliseconds_bucket{${dest},le="1000"}`, values: '0+50x30' },
        { series: `istio_request_duration_milliseconds_bucket{${dest},le="5000"}`, values: '0+100x30' },
        { series: `istio_request_duration_milliseconds_bucket{${dest},le="+Inf"}`, values: '0+100x30' },
      ],
      alert_rule_test: [{ eval_time: '20m', alertname: 'MeshServiceHighLatencyP95', exp_alerts: [{ exp_labels: { severity: 'warning', service: 'api', namespace: 'api' } }] }],
    }]);
    expect(out).toMatch(/SUCCESS/);
  });

  test('Velero alerts fire on a failed backup and stay quiet without one (promtool test rules)', () => {
    const out = testRules([veleroRuleGroup(RUNBOOK)], [
      {
        interval: '1m',
        input_series: [{ series: 'velero_backup_failure_total{schedule="daily"}', values: '0x10 1x50' }],
        alert_rule_test: [{ eval_time: '30m', alertname: 'VeleroBackupFailed', exp_alerts: [{ exp_labels: { severity: 'critical', schedule: 'daily' } }] }],
      },
      {
        interval: '1m',
        input_series: [{ series: 'velero_backup_failure_total{schedule="daily"}', values: '0x60' }],
        alert_rule_test: [{ eval_time: '30m', alertname: 'VeleroBackupFailed', exp_alerts: [] }],
      },
    ]);
    expect(out).toMatch(/SUCCESS/);
  });
});
