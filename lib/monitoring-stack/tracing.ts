import type { ITelemetry } from '@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry';
import { MonitoredService } from './signal-sources';

/** Sampling percentages of traces by service name. */
export class TracingSampling {
  /**
   * The seeds: main 20 %, API 30 %, background jobs 5 %, health checks 1 %, executions 50 %.
   * Services not named here sample at the main service's rate.
   */
  public static seeds(): TracingSampling {
    return new TracingSampling({ 'main': 20, 'api': 30, 'background-jobs': 5, 'health-checks': 1, 'executions': 50 }, 20);
  }

  /** Explicit percentages by service name, and the rate of any other service. */
  public static custom(byService: Record<string, number>, otherwise: number): TracingSampling {
    return new TracingSampling(byService, otherwise);
  }

  private constructor(public readonly byService: Readonly<Record<string, number>>, public readonly otherwise: number) {}

  /** The percentage of `service`: its own setting, then this table, then the default. */
  public percentOf(service: MonitoredService): number {
    return service.tracingSamplingPercent ?? this.byService[service.name] ?? this.otherwise;
  }
}

export type { ITelemetry };

/**
 * An Istio `Telemetry` (telemetry.istio.io/v1) for one service's workloads: the sampling rate
 * and literal custom tags (environment, region, service and the service's own), on the mesh's
 * default tracing provider.
 * @see https://istio.io/latest/docs/reference/config/telemetry/
 */
export function renderTelemetry(service: MonitoredService, percent: number, tags: Record<string, string>, labels: Record<string, string>): ITelemetry {
  const all = { ...tags, ...(service.tracingTags ?? {}) };
  return {
    apiVersion: 'telemetry.istio.io/v1',
    kind: 'Telemetry',
    metadata: { name: `${service.name}-tracing`, namespace: service.namespace, labels },
    spec: {
      selector: { matchLabels: { app: service.name } },
      tracing: [{
        randomSamplingPercentage: percent,
        customTags: Object.fromEntries(Object.keys(all).sort().map((k) => [k, { literal: { value: all[k] } }])),
      }],
    },
  };
}
