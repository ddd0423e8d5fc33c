import { Duration } from 'cdk8s';

/**
 * How the caller's sidecar retries a failed request (`VirtualService.http[].retries`).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 */
export interface RetryPolicy {
  /** Retries allowed for one request (not counting the first attempt). */
  readonly attempts: number;
  /**
   * Timeout of each attempt.
   * @default - the route's request timeout
   */
  readonly perTryTimeout?: Duration;
  /**
   * Envoy retry conditions, comma separated.
   * @default 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes,5xx'
   */
  readonly retryOn?: string;
  /**
   * Base interval of Envoy's exponential back-off between attempts. Needs Istio 1.26 or later.
   * @default - Envoy's default (25 ms)
   */
  readonly backoff?: Duration;
}

/** The retry conditions used when `retryOn` is not given. */
export const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes,5xx';
