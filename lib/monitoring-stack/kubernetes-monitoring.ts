import type { IAlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig';
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid, requireKebabName, validateAll, withConstructPath } from '../core';
import { AlertReceiver, AlertRouting } from './alert-routing';
import { dashboardExpressions, GrafanaDashboard, meshDashboard, sloDashboard } from './grafana-dashboards';
import { meshRuleGroup, veleroRuleGroup } from './mesh-rules';
import { SEED_SERVICE_THRESHOLDS, ServiceAlarmThresholds } from './monitoring-stack';
import { isAlertingRule, PrometheusRuleGroup } from './prometheus-rule-types';
import { Severity } from './severity';
import { MonitoredService } from './signal-sources';
import { resolveSlo, ResolvedSlo } from './slo';
import { slothRuleGroups } from './sloth-rules';
import { ITelemetry, renderTelemetry, TracingSampling } from './tracing';
import { checkAlertAnnotations, checkBurnRates, checkEverySeverityReceived, checkReceiverSecrets, checkRunbook, checkSampling, checkSloName, checkSloObjective } from './validation';

export interface KubernetesMonitoringProps {
  readonly environment: string;
  /** The cluster's region: a span tag and an external label of nothing else. */
  readonly region: string;
  /** The kube-prometheus-stack Helm release: every object carries `release: <release>`. */
  readonly release: string;
  /** Namespace of the release (rules, AlertmanagerConfig, dashboards and the receivers' Secrets). @default 'monitoring' */
  readonly namespace?: string;
  readonly routing: AlertRouting;
  readonly services: readonly MonitoredService[];
  /** Runbook of the Velero alerts. */
  readonly runbookUrl: string;
  /** @default SEED_SERVICE_THRESHOLDS */
  readonly thresholds?: ServiceAlarmThresholds;
  /** Alert on Velero backup failures. @default true */
  readonly velero?: boolean;
  /** @default TracingSampling.seeds() */
  readonly tracing?: TracingSampling;
  /**
   * Scrape the Argo Rollouts controller, whose `analysis_run_info` the failed-canary alerts read.
   * `false` when the cluster scrapes it already (e.g. the argo-rollouts Helm chart's own ServiceMonitor).
   * @default - the upstream install manifest's metrics Service: namespace `argo-rollouts`, label `app.kubernetes.io/name: argo-rollouts-metrics`, port `metrics`
   */
  readonly argoRolloutsMetrics?: ArgoRolloutsMetricsTarget | false;
}

/** Where the Argo Rollouts controller's metrics Service is. */
export interface ArgoRolloutsMetricsTarget {
  /** @default 'argo-rollouts' */
  readonly namespace?: string;
  /** Labels of the metrics Service. @default { 'app.kubernetes.io/name': 'argo-rollouts-metrics' } */
  readonly serviceLabels?: Record<string, string>;
  /** Name of the Service port. @default 'metrics' */
  readonly port?: string;
}

/** Everything emitted, for tests and for promtool. */
export interface KubernetesMonitoringObjects {
  readonly serviceMonitors: readonly IServiceMonitor[];
  readonly podMonitors: readonly IPodMonitor[];
  readonly prometheusRules: readonly IPrometheusRule[];
  readonly alertmanagerConfig: IAlertmanagerConfig;
  readonly telemetries: readonly ITelemetry[];
  readonly dashboards: readonly GrafanaDashboard[];
}

/**
 * The Kubernetes half for kube-prometheus-stack: scrape targets for the mesh control plane and
 * gateways (the sidecars are scraped by ServiceMeshCanary's PodMonitor), PrometheusRules for the
 * SLOs (Sloth's names), mesh alerts and Velero, an AlertmanagerConfig routing critical to
 * PagerDuty and warning/info to Slack with inhibition, Grafana dashboards as ConfigMaps, and
 * Istio Telemetry with each service's trace sampling.
 */
export class KubernetesMonitoring extends Construct {
  public readonly objects: KubernetesMonitoringObjects;
  /** Every rule group, as promtool reads them. */
  public readonly ruleGroups: readonly PrometheusRuleGroup[];

  constructor(scope: Construct, id: string, props: KubernetesMonitoringProps) {
    super(scope, id);
    const ns = props.namespace ?? 'monitoring';
    const thresholds = props.thresholds ?? SEED_SERVICE_THRESHOLDS;
    const sampling = props.tracing ?? TracingSampling.seeds();
    const slos: ResolvedSlo[] = props.services.flatMap((s) => (s.slos ?? []).map(resolveSlo));
    const labels = { 'release': props.release, 'app.kubernetes.io/managed-by': 'resilience-constructs', 'app.kubernetes.io/part-of': 'monitoring-stack' };

    const sloGroups = props.services.map((s) => ({ service: s, groups: (s.slos ?? []).map(resolveSlo).flatMap(slothRuleGroups) }));
    const meshGroups = props.services.map((s) => meshRuleGroup(s, thresholds));
    const velero = props.velero ?? true ? [veleroRuleGroup(props.runbookUrl)] : [];
    const allGroups = [...sloGroups.flatMap((g) => g.groups), ...meshGroups, ...velero];

    const argoTarget = props.argoRolloutsMetrics === false ? undefined : props.argoRolloutsMetrics;
    validateAll(this, [
      () => checkSloName(this, 'release', props.release),
      ...(argoTarget ? [
        () => { if (argoTarget.namespace !== undefined) requireKebabName(this, 'argoRolloutsMetrics.namespace', argoTarget.namespace); },
        () => {
          // A Service port name is an IANA_SVC_NAME: 1–15 of a-z 0-9 '-', a letter among them, no '-' at either end.
          const port = argoTarget.port;
          if (port !== undefined && !(/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(port) && /[a-z]/.test(port) && !port.includes('--'))) {
            invalid(this, 'argoRolloutsMetrics.port', port, 'a Service port name: 1–15 lowercase letters, digits and single hyphens, at least one letter');
          }
        },
        () => { if (argoTarget.serviceLabels !== undefined && Object.keys(argoTarget.serviceLabels).length === 0) invalid(this, 'argoRolloutsMetrics.serviceLabels', {}, 'at least one label of the metrics Service (an empty selector would scrape every Service of the namespace)'); },
      ] : []),
      () => checkEverySeverityReceived(this, props.routing),
      () => checkReceiverSecrets(this, props.routing),
      () => checkRunbook(this, 'runbookUrl', props.runbookUrl),
      ...props.services.map((s, i) => () => checkSampling(this, `services[${i}].tracingSamplingPercent`, sampling.percentOf(s))),
      ...Object.entries(sampling.byService).map(([name, v]) => () => checkSampling(this, `tracing.${name}`, v)),
      () => checkSampling(this, 'tracing.otherwise', sampling.otherwise),
      ...slos.flatMap((slo, i) => [
        () => checkSloObjective(this, `slos[${i}]`, slo),
        () => checkSloName(this, `slos[${i}].name`, slo.name),
        () => checkBurnRates(this, `slos[${i}].burnRates`, slo.burnRates, slo.window),
      ]),
      ...allGroups.flatMap((g) => g.rules.filter(isAlertingRule).map((r) => () => checkAlertAnnotations(this, `rules.${g.name}.${r.alert}`, r))),
    ]);
    this.ruleGroups = allGroups;

    this.objects = withConstructPath(this, () => {
      const serviceMonitors: IServiceMonitor[] = [{
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'istiod', namespace: ns, labels },
        spec: {
          selector: { matchLabels: { app: 'istiod' } },
          namespaceSelector: { matchNames: ['istio-system'] },
          endpoints: [{ port: 'http-monitoring', interval: '15s' }],
        },
      }];
      const argo = props.argoRolloutsMetrics === false ? undefined : props.argoRolloutsMetrics ?? {};
      if (argo) {
        serviceMonitors.push({
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'ServiceMonitor',
          metadata: { name: 'argo-rollouts', namespace: ns, labels },
          spec: {
            // The upstream install.yaml's `argo-rollouts-metrics` Service (port 8090, named `metrics`).
            selector: { matchLabels: argo.serviceLabels ?? { 'app.kubernetes.io/name': 'argo-rollouts-metrics' } },
            namespaceSelector: { matchNames: [argo.namespace ?? 'argo-rollouts'] },
            // honorLabels keeps an AnalysisRun's own `namespace` label (else it becomes exported_namespace).
            endpoints: [{ port: argo.port ?? 'metrics', interval: '30s', honorLabels: true }],
          },
        });
      }
      const podMonitors: IPodMonitor[] = [{
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: 'istio-gateways', namespace: ns, labels },
        spec: {
          selector: { matchExpressions: [{ key: 'istio', operator: 'In', values: ['ingressgateway', 'eastwestgateway'] }] },
          namespaceSelector: { matchNames: ['istio-system'] },
          podMetricsEndpoints: [{ port: 'http-envoy-prom', path: '/stats/prometheus', interval: '15s' }],
        },
      }];
      const rule = (name: string, groups: readonly PrometheusRuleGroup[]): IPrometheusRule => ({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name, namespace: ns, labels },
        spec: { groups: groups.map((g) => ({ name: g.name, rules: g.rules.map((r) => ({ ...r })) })) },
      });
      const prometheusRules = [
        ...sloGroups.filter((g) => g.groups.length > 0).map((g) => rule(`${g.service.name}-slos`, g.groups)),
        rule('mesh-alerts', meshGroups),
        ...(velero.length > 0 ? [rule('velero-alerts', velero)] : []),
      ];
      const alertmanagerConfig = renderAlertmanagerConfig(ns, labels, props.routing);
      const tags = { environment: props.environment, region: props.region };
      const telemetries = props.services.map((s) => renderTelemetry(s, sampling.percentOf(s), { ...tags, service: s.name }, labels));
      const dashboards = [...(slos.length > 0 ? [sloDashboard(props.environment, slos)] : []), ...(props.services.length > 0 ? [meshDashboard(props.environment, props.services)] : [])];

      for (const o of [...serviceMonitors, ...podMonitors, ...prometheusRules, alertmanagerConfig, ...telemetries]) {
        new ApiObject(this, `${o.kind}-${o.metadata!.namespace}-${o.metadata!.name}`, JSON.parse(JSON.stringify(o)));
      }
      for (const d of dashboards) {
        // The Grafana sidecar of kube-prometheus-stack loads ConfigMaps labelled grafana_dashboard: "1".
        new kplus.ConfigMap(this, `Dashboard-${d.uid}`, {
          metadata: { name: `grafana-dashboard-${d.uid}`, namespace: ns, labels: { ...labels, grafana_dashboard: '1' } },
          data: { [`${d.uid}.json`]: JSON.stringify(d, null, 2) },
        });
      }
      return { serviceMonitors, podMonitors, prometheusRules, alertmanagerConfig, telemetries, dashboards };
    });
  }

  /** Every PromQL expression emitted (rules and dashboards). */
  public expressions(): string[] {
    return [...this.ruleGroups.flatMap((g) => g.rules.map((r) => r.expr)), ...this.objects.dashboards.flatMap(dashboardExpressions)];
  }
}

function receiverName(r: AlertReceiver): string {
  return r.id;
}

/**
 * Routes by the `severity` label to each severity's receivers (one route per receiver, `continue`
 * so a severity reaches all of them), and inhibits a warning while the matching critical fires
 * (same alertname, namespace and service; for SLOs the same sloth_id).
 */
function renderAlertmanagerConfig(namespace: string, labels: Record<string, string>, routing: AlertRouting): IAlertmanagerConfig {
  const receivers = new Map<string, AlertReceiver>();
  for (const s of Severity.all()) for (const r of routing.receiversOf(s)) receivers.set(receiverName(r), r);
  const routes = Severity.all().flatMap((s) => routing.receiversOf(s).map((r, i, all) => ({
    receiver: receiverName(r),
    matchers: [{ name: 'severity', value: s.name, matchType: '=' as const }],
    continue: i < all.length - 1,
  })));
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: { name: 'platform-routing', namespace, labels },
    spec: {
      route: {
        receiver: receiverName(routing.receiversOf(Severity.WARNING)[0]),
        groupBy: ['alertname', 'namespace', 'service', 'sloth_id'],
        groupWait: '30s',
        groupInterval: '5m',
        repeatInterval: '4h',
        routes,
      },
      receivers: [...receivers.values()].map((r) => r.kind === 'pagerduty'
        ? { name: receiverName(r), pagerdutyConfigs: [{ routingKey: { name: r.pagerDutyOptions!.kubernetesRoutingKey.name, key: r.pagerDutyOptions!.kubernetesRoutingKey.key }, sendResolved: true, severity: '{{ .CommonLabels.severity }}' }] }
        : { name: receiverName(r), slackConfigs: [{ apiURL: { name: r.slackOptions!.kubernetesWebhookUrl.name, key: r.slackOptions!.kubernetesWebhookUrl.key }, channel: r.slackOptions!.channelName, sendResolved: true, title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}', text: '{{ range .Alerts }}{{ .Annotations.summary }} {{ .Annotations.runbook_url }}\n{{ end }}' }] }),
      inhibitRules: [{
        sourceMatch: [{ name: 'severity', value: 'critical', matchType: '=' }],
        targetMatch: [{ name: 'severity', value: 'warning', matchType: '=' }],
        equal: ['alertname', 'namespace', 'service', 'sloth_id'],
      }],
    },
  };
}
