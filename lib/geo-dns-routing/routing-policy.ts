import { GeoArea } from './geo-area';

/** A route of a latency policy: users go to the record whose region has the lowest latency to them. */
export interface LatencyRoute {
  /** The AWS region the target runs in (the record's `Region`). */
  readonly region: string;
  /**
   * Where the route leads.
   * @default RoutingPolicy.endpoint(region)
   */
  readonly target?: RoutingPolicy;
  /**
   * Set identifier of the record.
   * @default - the region
   */
  readonly setIdentifier?: string;
}

/** A rule of a geolocation policy. */
export interface GeolocationRoute {
  /** Where the rule applies. */
  readonly area: GeoArea;
  /** Where users from that area go. */
  readonly target: RoutingPolicy;
  /**
   * Set identifier of the record.
   * @default - the area's key, e.g. `country-de`, `us-ca`, `default`
   */
  readonly setIdentifier?: string;
}

/** A geolocation policy. Route 53 answers nothing for unmatched locations, so a default is required. */
export interface GeolocationOptions {
  /** Rules by continent, country or subdivision (most specific wins). */
  readonly rules: readonly GeolocationRoute[];
  /**
   * Where every other location goes (the `*` record). Required unless a rule has `GeoArea.default()`.
   * @default - none: validation fails unless a rule is the default
   */
  readonly defaultTarget?: RoutingPolicy;
  /**
   * DNS label of this policy's record set when it is not the root, `<label>.<hostname>`.
   * @default 'geo'
   */
  readonly label?: string;
}

/** A route of a geoproximity policy. */
export interface GeoproximityRoute {
  /** The AWS region of the target (`GeoProximityLocation.AWSRegion`). */
  readonly region: string;
  /**
   * Grows (positive) or shrinks (negative) the region's catchment area, -99 to 99.
   * @default 0
   */
  readonly bias?: number;
  /**
   * Where the route leads.
   * @default RoutingPolicy.endpoint(region)
   */
  readonly target?: RoutingPolicy;
  /**
   * Set identifier of the record.
   * @default - the region
   */
  readonly setIdentifier?: string;
}

/** A route of a weighted policy. */
export interface WeightedRoute {
  /** Relative weight, 0 to 255; a route gets weight / (sum of weights) of the queries. */
  readonly weight: number;
  /** Where the route leads. */
  readonly target: RoutingPolicy;
  /**
   * Set identifier of the record.
   * @default - the target's region (endpoint) or label (policy)
   */
  readonly setIdentifier?: string;
}

/** A failover pair: the primary while its health check passes, else the secondary. */
export interface FailoverOptions {
  /** Serves while healthy. Must be health-checked. */
  readonly primary: RoutingPolicy;
  /** Serves while the primary is unhealthy. */
  readonly secondary: RoutingPolicy;
  /**
   * DNS label of this pair's record set when it is not the root.
   * @default - `<primary region or label>-failover`, e.g. `us-east-1-failover`
   */
  readonly label?: string;
}

/** Options shared by the policies that have only a label to set. */
export interface PolicyLabelOptions {
  /**
   * DNS label of this policy's record set when it is not the root, `<label>.<hostname>`.
   * @default - the policy kind: `latency`, `geoproximity`, `weighted`, `multivalue`
   */
  readonly label?: string;
}

/** How one record of a set routes: the routing fields of an `AWS::Route53::RecordSet`. */
export type RecordRouting =
  | { readonly kind: 'simple' }
  | { readonly kind: 'latency'; readonly region: string }
  | { readonly kind: 'geolocation'; readonly area: GeoArea }
  | { readonly kind: 'geoproximity'; readonly region: string; readonly bias: number }
  | { readonly kind: 'weighted'; readonly weight: number }
  | { readonly kind: 'failover'; readonly role: 'PRIMARY' | 'SECONDARY' }
  | { readonly kind: 'multivalue' };

/** One record of a policy's set, before names are assigned. */
export interface RoutingEdge {
  /** Where the record leads. */
  readonly target: RoutingPolicy;
  /**
   * Set identifier.
   * @default - undefined for a simple record
   */
  readonly setIdentifier?: string;
  /** Routing fields. */
  readonly routing: RecordRouting;
  /** Where in the policy the edge was described, e.g. `rules[2]`, for error messages. */
  readonly prop: string;
}

/** Kinds of node in a routing tree. */
export type RoutingKind = 'endpoint' | 'latency' | 'geolocation' | 'geoproximity' | 'weighted' | 'failover' | 'multivalue';

/**
 * A routing description as a tree. Each policy is one record set (one DNS name); a policy whose
 * target is another policy becomes an alias record to that policy's name, so policies compose:
 * geolocation → latency → failover → regional endpoints. `endpoint(region)` is a leaf: the regional
 * endpoint of `region`, as given to the construct.
 *
 * The same description drives both halves: `GeoDnsRouting` (Route 53 records) and
 * `externalDnsAnnotations` (ExternalDNS annotations for clusters that publish their own records).
 */
export class RoutingPolicy {
  /** The regional endpoint of `region`. At the root, a single simple record. */
  public static endpoint(region: string): RoutingPolicy {
    return new RoutingPolicy('endpoint', undefined, [], region);
  }

  /** Latency-based routing over `routes`. */
  public static latency(routes: readonly LatencyRoute[], options: PolicyLabelOptions = {}): RoutingPolicy {
    return new RoutingPolicy(
      'latency',
      options.label,
      routes.map((r, i) => ({
        target: r.target ?? RoutingPolicy.endpoint(r.region),
        setIdentifier: r.setIdentifier ?? r.region,
        routing: { kind: 'latency', region: r.region },
        prop: `routes[${i}]`,
      })),
    );
  }

  /** Geolocation routing by continent, country or subdivision, always with a default. */
  public static geolocation(options: GeolocationOptions): RoutingPolicy {
    const edges: RoutingEdge[] = options.rules.map((r, i) => ({
      target: r.target,
      setIdentifier: r.setIdentifier ?? r.area.key,
      routing: { kind: 'geolocation', area: r.area },
      prop: `rules[${i}]`,
    }));
    if (options.defaultTarget) {
      const area = GeoArea.default();
      edges.push({ target: options.defaultTarget, setIdentifier: area.key, routing: { kind: 'geolocation', area }, prop: 'defaultTarget' });
    }
    return new RoutingPolicy('geolocation', options.label, edges);
  }

  /** Geoproximity routing by AWS region with a bias from -99 to 99. */
  public static geoproximity(routes: readonly GeoproximityRoute[], options: PolicyLabelOptions = {}): RoutingPolicy {
    return new RoutingPolicy(
      'geoproximity',
      options.label,
      routes.map((r, i) => ({
        target: r.target ?? RoutingPolicy.endpoint(r.region),
        setIdentifier: r.setIdentifier ?? r.region,
        routing: { kind: 'geoproximity', region: r.region, bias: r.bias ?? 0 },
        prop: `routes[${i}]`,
      })),
    );
  }

  /** Weighted routing (weights 0 to 255, not all zero). */
  public static weighted(routes: readonly WeightedRoute[], options: PolicyLabelOptions = {}): RoutingPolicy {
    return new RoutingPolicy(
      'weighted',
      options.label,
      routes.map((r, i) => ({
        target: r.target,
        setIdentifier: r.setIdentifier ?? r.target.defaultSetIdentifier,
        routing: { kind: 'weighted', weight: r.weight },
        prop: `routes[${i}]`,
      })),
    );
  }

  /** A failover pair: `primary` while healthy, else `secondary`. */
  public static failover(options: FailoverOptions): RoutingPolicy {
    return new RoutingPolicy('failover', options.label ?? `${options.primary.defaultSetIdentifier}-failover`, [
      { target: options.primary, setIdentifier: 'primary', routing: { kind: 'failover', role: 'PRIMARY' }, prop: 'primary' },
      { target: options.secondary, setIdentifier: 'secondary', routing: { kind: 'failover', role: 'SECONDARY' }, prop: 'secondary' },
    ]);
  }

  /**
   * Multivalue answer over the endpoints of `regions`: up to eight healthy records per answer.
   * Route 53 allows neither alias nor CNAME multivalue records, so these endpoints must be IP addresses.
   */
  public static multivalue(regions: readonly string[], options: PolicyLabelOptions = {}): RoutingPolicy {
    return new RoutingPolicy(
      'multivalue',
      options.label,
      regions.map((region, i) => ({ target: RoutingPolicy.endpoint(region), setIdentifier: region, routing: { kind: 'multivalue' }, prop: `regions[${i}]` })),
    );
  }

  /** DNS label of the policy's record set when it is not the root (undefined for an endpoint). */
  public readonly label: string | undefined;

  private constructor(
    /** What kind of node this is. */
    public readonly kind: RoutingKind,
    label: string | undefined,
    /** The records of this policy's set, in the order given. */
    public readonly edges: readonly RoutingEdge[],
    /** The region of an endpoint leaf. */
    public readonly region?: string,
  ) {
    this.label = kind === 'endpoint' ? undefined : (label ?? DEFAULT_LABELS[kind]);
  }

  /** The set identifier a parent gives this node by default: its region (endpoint) or label. */
  public get defaultSetIdentifier(): string {
    return this.region ?? this.label!;
  }

  /** Every region whose endpoint is a leaf below (or at) this node, in order of first appearance. */
  public get regions(): string[] {
    const seen: string[] = [];
    const visit = (node: RoutingPolicy): void => {
      if (node.region !== undefined) {
        if (!seen.includes(node.region)) seen.push(node.region);
        return;
      }
      node.edges.forEach((e) => visit(e.target));
    };
    visit(this);
    return seen;
  }

  public toHumanString(): string {
    return this.kind === 'endpoint' ? `endpoint(${this.region})` : `${this.kind}(${this.label})`;
  }
}

const DEFAULT_LABELS: Record<Exclude<RoutingKind, 'endpoint'>, string> = {
  latency: 'latency',
  geolocation: 'geo',
  geoproximity: 'geoproximity',
  weighted: 'weighted',
  multivalue: 'multivalue',
  failover: 'failover',
};
