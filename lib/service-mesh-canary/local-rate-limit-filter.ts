import { istioDuration } from './durations';
import { LocalRateLimit } from './local-rate-limit';
import { IEnvoyFilter } from './mesh-types';
import { ResolvedMeshCanary } from './resolved-props';
import { commonLabels, selectorLabels } from './workload-objects';

/**
 * The EnvoyFilter that installs the local rate limit in the service's inbound sidecar listener,
 * just before the router. `INSERT_BEFORE` without a sub-filter would put it at the front of the
 * HTTP filter chain, ahead of Istio's JWT, peer authentication and RBAC filters: requests the
 * AuthorizationPolicy denies would then spend the pod's tokens, so any meshed workload, allowed or
 * not, could starve the allowed callers.
 */
export function renderLocalRateLimit(r: ResolvedMeshCanary, limit: Required<LocalRateLimit>): IEnvoyFilter {
  const percent100 = { numerator: 100, denominator: 'HUNDRED' };
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'EnvoyFilter',
    metadata: { name: `${r.name}-local-rate-limit`, namespace: r.namespace, labels: commonLabels(r) },
    spec: {
      workloadSelector: { labels: selectorLabels(r) },
      configPatches: [{
        applyTo: 'HTTP_FILTER',
        match: {
          context: 'SIDECAR_INBOUND',
          listener: {
            filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } },
          },
        },
        patch: {
          operation: 'INSERT_BEFORE',
          value: {
            name: 'envoy.filters.http.local_ratelimit',
            typed_config: {
              '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
              stat_prefix: 'http_local_rate_limiter',
              token_bucket: { max_tokens: limit.burst, tokens_per_fill: limit.requestsPerInterval, fill_interval: istioDuration(limit.fillInterval) },
              filter_enabled: { runtime_key: 'local_rate_limit_enabled', default_value: percent100 },
              filter_enforced: { runtime_key: 'local_rate_limit_enforced', default_value: percent100 },
              response_headers_to_add: [{ append_action: 'OVERWRITE_IF_EXISTS_OR_ADD', header: { key: 'x-local-rate-limit', value: 'true' } }],
            },
          },
        },
      }],
    },
  };
}
