import { DurationLike } from '../core/duration';

/**
 * Limits of the callers' connection pools toward the service (`DestinationRule.trafficPolicy.connectionPool`);
 * requests beyond them fail fast with 503 instead of queueing.
 */
export interface ConnectionPoolOptions {
  /**
   * Maximum TCP connections to the service from one caller sidecar.
   * @default 1024
   */
  readonly maxConnections?: number;
  /**
   * TCP connect timeout.
   * @default Duration.seconds(5)
   */
  readonly connectTimeout?: DurationLike;
  /**
   * Maximum requests waiting for a connection.
   * @default 1024
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Maximum concurrent requests to the service.
   * @default 1024
   */
  readonly http2MaxRequests?: number;
  /**
   * Requests per connection before it is closed; 0 means unlimited.
   * @default 0
   */
  readonly maxRequestsPerConnection?: number;
  /**
   * Idle timeout of upstream connections.
   * @default Duration.hours(1)
   */
  readonly idleTimeout?: DurationLike;
}
