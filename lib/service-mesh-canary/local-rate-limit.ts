import { DurationLike } from '../core/duration';

/**
 * Per-pod rate limiting in the service's own sidecar (Envoy's local rate limit filter, installed by
 * an EnvoyFilter). Requests over the limit get 429 and the header `x-local-rate-limit: true`.
 */
export interface LocalRateLimit {
  /** Tokens added every `fillInterval`: the sustained requests per interval and pod. */
  readonly requestsPerInterval: number;
  /**
   * How often the bucket is refilled.
   * @default Duration.seconds(1)
   */
  readonly fillInterval?: DurationLike;
  /**
   * Bucket size: the burst a pod accepts above the sustained rate.
   * @default - equal to `requestsPerInterval`
   */
  readonly burst?: number;
}
