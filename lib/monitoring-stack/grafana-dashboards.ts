import { MonitoredService } from './signal-sources';
import { ResolvedSlo } from './slo';

/** A Grafana timeseries panel over PromQL targets. */
interface Panel {
  readonly id: number;
  readonly title: string;
  readonly type: 'timeseries' | 'stat';
  readonly gridPos: { h: number; w: number; x: number; y: number };
  readonly datasource: { type: 'prometheus'; uid: '${datasource}' };
  readonly targets: { expr: string; legendFormat: string; refId: string }[];
  readonly fieldConfig: { defaults: { unit: string }; overrides: [] };
}

/** A Grafana dashboard model (schema 39) with a Prometheus datasource variable. */
export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: string[];
  readonly schemaVersion: 39;
  readonly time: { from: string; to: string };
  readonly templating: { list: object[] };
  readonly panels: Panel[];
}

function dashboard(uid: string, title: string, panels: Omit<Panel, 'id' | 'gridPos' | 'datasource' | 'fieldConfig'>[], units: string[]): GrafanaDashboard {
  return {
    uid,
    title,
    tags: ['resilience-constructs'],
    schemaVersion: 39,
    time: { from: 'now-24h', to: 'now' },
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Data source' }] },
    panels: panels.map((p, i) => ({
      ...p,
      id: i + 1,
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      datasource: { type: 'prometheus', uid: '${datasource}' },
      fieldConfig: { defaults: { unit: units[i] }, overrides: [] },
    })),
  };
}

/** Every PromQL expression of a dashboard (for parsing in tests). */
export function dashboardExpressions(d: GrafanaDashboard): string[] {
  return d.panels.flatMap((p) => p.targets.map((t) => t.expr));
}

/**
 * The environment's SLOs from Sloth's recording rules (the same series Sloth's own dashboards
 * 14348/14643 read, which can be imported beside this one unchanged).
 */
export function sloDashboard(environment: string, slos: readonly ResolvedSlo[]): GrafanaDashboard {
  const ids = slos.map((s) => s.id).join('|');
  const f = `{sloth_id=~"${ids}"}`;
  return dashboard(`${environment}-slos`, `${environment}: SLOs`, [
    { title: 'Error budget remaining (30 d)', type: 'stat', targets: [{ expr: `slo:period_error_budget_remaining:ratio${f}`, legendFormat: '{{sloth_id}}', refId: 'A' }] },
    { title: 'Burn rate (5 m)', type: 'timeseries', targets: [{ expr: `slo:current_burn_rate:ratio${f}`, legendFormat: '{{sloth_id}}', refId: 'A' }] },
    { title: 'SLI error ratio (1 h) against budget', type: 'timeseries', targets: [{ expr: `slo:sli_error:ratio_rate1h${f}`, legendFormat: '{{sloth_id}}', refId: 'A' }, { expr: `slo:error_budget:ratio${f}`, legendFormat: 'budget {{sloth_id}}', refId: 'B' }] },
    { title: 'Firing SLO alerts', type: 'timeseries', targets: [{ expr: `sum by (sloth_id, sloth_severity) (ALERTS{alertstate="firing",sloth_id=~"${ids}"})`, legendFormat: '{{sloth_id}} {{sloth_severity}}', refId: 'A' }] },
  ], ['percentunit', 'none', 'percentunit', 'none']);
}

/** Request rate, 5xx ratio and p95 latency of every mesh service. */
export function meshDashboard(environment: string, services: readonly MonitoredService[]): GrafanaDashboard {
  const hosts = services.map((s) => s.host.replace(/\./g, '\\\\.')).join('|');
  const sel = `reporter="destination",destination_service=~"${hosts}"`;
  return dashboard(`${environment}-mesh`, `${environment}: mesh services`, [
    { title: 'Requests per second', type: 'timeseries', targets: [{ expr: `sum by (destination_service) (rate(istio_requests_total{${sel}}[5m]))`, legendFormat: '{{destination_service}}', refId: 'A' }] },
    { title: '5xx ratio', type: 'timeseries', targets: [{ expr: `sum by (destination_service) (rate(istio_requests_total{${sel},response_code=~"5.."}[5m])) / sum by (destination_service) (rate(istio_requests_total{${sel}}[5m]))`, legendFormat: '{{destination_service}}', refId: 'A' }] },
    { title: 'p95 latency', type: 'timeseries', targets: [{ expr: `histogram_quantile(0.95, sum by (destination_service, le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[5m])))`, legendFormat: '{{destination_service}}', refId: 'A' }] },
    { title: 'Outlier ejections', type: 'timeseries', targets: [{ expr: 'sum by (cluster_name) (envoy_cluster_outlier_detection_ejections_active)', legendFormat: '{{cluster_name}}', refId: 'A' }] },
  ], ['reqps', 'percentunit', 'ms', 'none']);
}
