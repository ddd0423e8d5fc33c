import { PrometheusRuleGroup } from './prometheus-rule-types';
import { ServiceAlarmThresholds } from './monitoring-stack';
import { MonitoredService } from './signal-sources';

/** A PromQL string literal's content for a regex matching `value` exactly. */
function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\\\${c}`);
}

/**
 * Mesh alerts of one service from Istio's standard metrics (reporter="destination"): 5xx ratio,
 * p95 latency, Envoy outlier ejections of its cluster, and failed Argo Rollouts analyses.
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
        expr: `max(analysis_run_info{namespace="${service.namespace}",phase=~"Failed|Error"}) > 0`,
        labels: { severity: 'warning', ...common },
        annotations: { summary: `${service.name}: a canary analysis failed and the rollout was aborted`, description: 'An AnalysisRun in {{ $labels.namespace }} ended Failed or Error.', runbook_url: service.runbookUrl },
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
