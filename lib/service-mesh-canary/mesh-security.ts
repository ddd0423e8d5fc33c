/** Who may call the service (an Istio `ALLOW` AuthorizationPolicy). */
export interface MeshAuthorization {
  /**
   * Callers by service account, as `<namespace>/<service account>`.
   * @default - none
   */
  readonly allowedServiceAccounts?: string[];
  /**
   * Callers by namespace: any workload in these namespaces.
   * @default - none
   */
  readonly allowedNamespaces?: string[];
}

/**
 * End-user authentication by JWT: a RequestAuthentication that validates tokens, paired with a
 * `DENY` AuthorizationPolicy for requests without a valid principal (a RequestAuthentication alone
 * lets token-less requests through).
 */
export interface JwtAuthentication {
  /** Token issuer (`iss`). */
  readonly issuer: string;
  /** Where the issuer publishes its keys. */
  readonly jwksUri: string;
  /**
   * Accepted audiences (`aud`).
   * @default - any audience
   */
  readonly audiences?: string[];
  /**
   * Paths reachable without a token (exact paths, or prefixes ending in `*`).
   * @default - none
   */
  readonly exemptPaths?: string[];
}

/** Binding of north–south hosts through an Istio ingress gateway. */
export interface GatewayBinding {
  /** External host names, e.g. `api.example.com`. */
  readonly hosts: string[];
  /** Kubernetes TLS secret the gateway serves, in the gateway workload's namespace. */
  readonly credentialName: string;
  /**
   * Labels of the gateway workload.
   * @default { istio: 'ingressgateway' }
   */
  readonly selector?: Record<string, string>;
  /**
   * The gateway's service account as `<namespace>/<name>`, admitted by the AuthorizationPolicy.
   * @default 'istio-system/istio-ingressgateway-service-account'
   */
  readonly serviceAccount?: string;
  /**
   * Annotations of the Gateway object, e.g. ExternalDNS annotations so the cluster publishes its hosts.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Routes requests carrying a header to the canary track, for load tests against the new version. */
export interface LoadTestRoute {
  /** Header name, lowercase. */
  readonly header: string;
  /**
   * Exact header value.
   * @default 'true'
   */
  readonly value?: string;
}
