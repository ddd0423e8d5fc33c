import { DurationLike } from '../core/duration';

/**
 * How the caller's sidecar retries a failed request on the routes that match every method
 * (`VirtualService.http[].retries`).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 */
export interface RetryPolicy {
  /** Retries allowed for one request (not counting the first attempt); 0 turns retries off. */
  readonly attempts: number;
  /**
   * Timeout of each attempt.
   * @default - the route's request timeout
   */
  readonly perTryTimeout?: DurationLike;
  /**
   * Envoy retry conditions, comma separated. These routes carry every method, POST included, so
   * only conditions under which the request never reached the application are accepted
   * (`connect-failure`, `refused-stream`, `envoy-ratelimited`); conditions that replay a request
   * the application may have processed (`5xx`, `gateway-error`, `reset`, status codes…) belong in
   * `idempotentRetries`.
   * @default 'connect-failure,refused-stream'
   */
  readonly retryOn?: string;
  /**
   * Base interval of Envoy's exponential back-off between attempts. Needs Istio 1.26 or later.
   * @default - Envoy's default (25 ms)
   */
  readonly backoff?: DurationLike;
}

/**
 * Retries for requests with idempotent methods only: the construct adds a route
 * `primary-idempotent` before `primary` that matches these methods and carries the same
 * destinations, with these retries. Conditions that replay a processed request (`5xx`,
 * `gateway-error`, `reset`, status codes) are allowed here because replaying an idempotent
 * request has the same effect as sending it once (RFC 9110, section 9.2.2).
 */
export interface IdempotentRetryPolicy {
  /**
   * Methods the route matches; only idempotent methods (RFC 9110 §9.2.2): GET, HEAD, OPTIONS,
   * TRACE, PUT, DELETE. PUT and DELETE are idempotent by the standard but often not by
   * implementation, so they are listed only on purpose.
   * @default ['GET', 'HEAD', 'OPTIONS']
   */
  readonly methods?: string[];
  /** Retries allowed for one request (not counting the first attempt). */
  readonly attempts: number;
  /**
   * Timeout of each attempt.
   * @default - the route's request timeout
   */
  readonly perTryTimeout?: DurationLike;
  /**
   * Envoy retry conditions, comma separated (HTTP and gRPC conditions of Envoy's router).
   * Status codes go in `retriableStatusCodes`.
   * @default 'connect-failure,refused-stream,reset,gateway-error'
   */
  readonly retryOn?: string;
  /**
   * HTTP status codes (400–599) that are retried; emitted with `retriable-status-codes` only when
   * given, since that condition without codes retries nothing.
   * @default - none
   */
  readonly retriableStatusCodes?: number[];
  /**
   * Base interval of Envoy's exponential back-off between attempts. Needs Istio 1.26 or later.
   * @default - Envoy's default (25 ms)
   */
  readonly backoff?: DurationLike;
}

/**
 * The retry conditions used when `retryOn` is not given: a failed connection or an HTTP/2
 * REFUSED_STREAM, both of which mean the application never saw the request, so a retry is safe
 * for any method. Istio's own default (`pilot/pkg/networking/core/route/retry`, `DefaultPolicy`)
 * also retries 503 and the gRPC `unavailable`/`cancelled` statuses, all answers of an
 * application that may already have acted on a POST; those are left to `idempotentRetries`.
 * @see https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on
 */
export const DEFAULT_RETRY_ON = 'connect-failure,refused-stream';

/** The retry conditions of the idempotent route when its `retryOn` is not given. */
export const DEFAULT_IDEMPOTENT_RETRY_ON = 'connect-failure,refused-stream,reset,gateway-error';

/** The methods of the idempotent route when `methods` is not given: the safe methods. */
export const DEFAULT_IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS'];

/** The idempotent methods of RFC 9110 §9.2.2. POST, PATCH and CONNECT are not. */
export const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'];

/**
 * Envoy conditions under which the request never reached the application: the connection failed,
 * the upstream refused the stream (REFUSED_STREAM) or an upstream Envoy rate-limited it.
 */
export const ANY_METHOD_RETRY_CONDITIONS: readonly string[] = ['connect-failure', 'refused-stream', 'envoy-ratelimited'];

/**
 * Envoy conditions that replay a request the application may have processed: an answer (5xx,
 * 502–504, 409, retriable headers, gRPC statuses) or a reset or timeout after the request was sent
 * (`reset`: "the upstream server does not respond at all (disconnect/reset/read timeout)").
 */
export const REPLAYING_RETRY_CONDITIONS: readonly string[] = [
  '5xx', 'gateway-error', 'reset', 'retriable-4xx', 'retriable-headers',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];
