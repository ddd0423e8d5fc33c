import { Duration } from 'cdk8s';
import { DurationLike } from '../core/duration';

/** Options of {@link SessionAffinity.cookie}. */
export interface CookieAffinityOptions {
  /**
   * Cookie name.
   * @default 'session-affinity'
   */
  readonly name?: string;
  /**
   * Lifetime of the cookie Envoy sets when the request has none.
   * @default Duration.hours(1)
   */
  readonly ttl?: DurationLike;
  /**
   * Cookie path.
   * @default '/'
   */
  readonly path?: string;
}

/** How a client sticks to one endpoint (`DestinationRule.trafficPolicy.loadBalancer.consistentHash`). */
export class SessionAffinity {
  /** Consistent hash on an HTTP cookie; Envoy generates the cookie when it is absent. */
  public static cookie(options: CookieAffinityOptions = {}): SessionAffinity {
    return new SessionAffinity({ name: options.name ?? 'session-affinity', ttl: options.ttl ?? Duration.hours(1), path: options.path ?? '/' });
  }

  /** Plain round robin: no affinity. */
  public static none(): SessionAffinity {
    return new SessionAffinity(undefined);
  }

  private constructor(public readonly cookie: Required<CookieAffinityOptions> | undefined) {}
}
