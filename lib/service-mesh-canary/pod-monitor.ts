import { IPodMonitor } from './mesh-types';
import { ResolvedMeshCanary } from './resolved-props';
import { commonLabels, selectorLabels } from './workload-objects';

/**
 * A PodMonitor that scrapes the Envoy sidecars of the service's pods (port `http-envoy-prom`,
 * `/stats/prometheus`), where Istio's standard metrics used by the analysis live. Labelled with
 * `release: <monitoring release>` so kube-prometheus-stack's Prometheus selects it.
 */
export function renderPodMonitor(r: ResolvedMeshCanary): IPodMonitor {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: `${r.name}-envoy`, namespace: r.namespace, labels: { ...commonLabels(r), release: r.monitoringRelease } },
    spec: {
      selector: { matchLabels: selectorLabels(r) },
      namespaceSelector: { matchNames: [r.namespace] },
      podMetricsEndpoints: [{ port: 'http-envoy-prom', path: '/stats/prometheus', interval: '15s' }],
    },
  };
}
