import { PrometheusRuleGroup } from './prometheus-rule-types';
import { ServiceAlarmThresholds } from './monitoring-stack';
import { MonitoredService } from './signal-sources';

/** A PromQL string literal's content for a regex matching `value` exactly. */
function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\\\${c}`);
}

/** How long after an AnalysisRun turns Failed or Error its alert fires. */
const NEW_ANALYSIS_FAILURE_WINDOW = '15m';

/**
 * AnalysisRuns of `namespace` that ended Failed or Error, from the Argo Rollouts controller's
 * `analysis_run_info{namespace, name, phase}` (value 1 per run, controller/metrics/analysis.go).
 * The run's namespace is a metric label that collides with the scrape target's own `namespace`:
 * a ServiceMonitor without `honorLabels: true` keeps it as `exported_namespace`, so both are read.
 */
function failedAnalysisRuns(namespace: string, offset = ''): string {
  const sel = (label: string) => `analysis_run_info{phase=~"Failed|Error",${label}="${namespace}"}${offset}`;
  return `${sel('namespace')} or ${sel('exported_namespace')}`;
}

/**
 * Mesh alerts of one service from Istio's standard metrics (reporter="destination"): 5xx ratio,
 * p95 latency, Envoy outlier ejections of its cluster, and failed Argo Rollouts analyses.
 *
 * The ejection alert needs Envoy's `outlier_detection` stats, which Istio leaves out by default
 * (it keeps `cluster_manager`, `listener_manager`, `server`, `cluster.xds-grpc`; Istio docs,
 * "Envoy Statistics"). They are recorded by the calling proxies, so include them mesh-wide:
 * `meshConfig.defaultConfig.proxyStatsMatcher.inclusionRegexps: [".*outlier_detection.*"]`
 * (or `proxy.istio.io/config` on every client pod); without it the alert stays silent.
 */
export function meshRuleGroup(service: MonitoredService, t: ServiceAlarmThresholds): PrometheusRuleGroup {
  const sel = `reporter="destination",destination_service="${service.host}"`;
  const common = { service: service.name, namespace: service.namespace };
  return {
    name: `mesh-${service.namespace}-${service.name}`,
    rules: [
      {
        alert: 'MeshServiceHighServerErrorRatio',
        expr: `sum(rate(istio_requests_total{${sel},response_code=~"5.."}[5m]))\n/\nsum(rate(istio_requests_total{${sel}}[5m])) > ${t.serverErrorPercent / 100}`,
        for: '5m',
        labels: { severity: 'critical', ...common },
        annotations: { summary: `${service.name}: more than ${t.serverErrorPercent} % of requests answer 5xx`, description: 'Ratio of 5xx responses over 5 minutes: {{ $value | humanizePercentage }}.', runbook_url: service.runbookUrl },
      },
      {
        alert: 'MeshServiceHighLatencyP95',
        expr: `histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[5m]))) > ${t.p95Latency.toMilliseconds()}`,
        for: '10m',
        labels: { severity: 'warning', ...common },
        annotations: { summary: `${service.name}: p95 latency above ${t.p95Latency.toMilliseconds()} ms`, description: 'p95 over 5 minutes: {{ $value }} ms.', runbook_url: service.runbookUrl },
      },
      {
        alert: 'MeshServiceOutlierEjections',
        expr: `sum(envoy_cluster_outlier_detection_ejections_active{cluster_name=~"outbound\\\\|[0-9]+\\\\|[^|]*\\\\|${regexLiteral(service.host)}"}) > 0`,
        for: '5m',
        labels: { severity: 'warning', ...common },
        annotations: { summary: `${service.name}: Envoy ejected endpoints as outliers`, description: '{{ $value }} endpoints ejected.', runbook_url: service.runbookUrl },
      },
      {
        alert: 'MeshServiceCanaryAnalysisFailed',
        // A failed run stays (with its info series) until the Rollout's
        // `analysis.unsuccessfulRunHistoryLimit` prunes it, so alert on runs that newly failed: the
        // ones not failed ${NEW_ANALYSIS_FAILURE_WINDOW} earlier, matched by run name (a controller restart changes
        // the pod label, not the name).
        expr: `count(\n  (${failedAnalysisRuns(service.namespace)})\n  unless on (name)\n  (${failedAnalysisRuns(service.namespace, ` offset ${NEW_ANALYSIS_FAILURE_WINDOW}`)})\n) > 0`,
        labels: { severity: 'warning', ...common },
        annotations: { summary: `${service.name}: a canary analysis failed and the rollout was aborted`, description: `{{ $value }} AnalysisRun(s) in ${service.namespace} ended Failed or Error in the last ${NEW_ANALYSIS_FAILURE_WINDOW}.`, runbook_url: service.runbookUrl },
      },
    ],
  };
}

/** Velero backup failures (Velero's server metrics). */
export function veleroRuleGroup(runbookUrl: string): PrometheusRuleGroup {
  return {
    name: 'velero-backups',
    rules: [
      {
        alert: 'VeleroBackupFailed',
        expr: 'sum by (schedule) (increase(velero_backup_failure_total[1h])) > 0',
        labels: { severity: 'critical' },
        annotations: { summary: 'A Velero backup failed in the last hour', description: 'Schedule {{ $labels.schedule }}: {{ $value }} failed backups.', runbook_url: runbookUrl },
      },
      {
        alert: 'VeleroBackupPartiallyFailed',
        expr: 'sum by (schedule) (increase(velero_backup_partial_failure_total[1h])) > 0',
        labels: { severity: 'warning' },
        annotations: { summary: 'A Velero backup partially failed in the last hour', description: 'Schedule {{ $labels.schedule }}: {{ $value }} partially failed backups.', runbook_url: runbookUrl },
      },
    ],
  };
}
