/** A region and its availability zones, as Kubernetes nodes label them (`topology.kubernetes.io/zone`). */
export interface LocalityRegion {
  /** Region code, e.g. `us-east-1`. */
  readonly region: string;
  /** Zone names, e.g. `us-east-1a`. */
  readonly zones: string[];
}

/** Options of {@link LocalityLoadBalancing.zoneAware}. */
export interface ZoneAwareOptions {
  /** The region this cluster runs in, with its zones. */
  readonly local: LocalityRegion;
  /**
   * Share of a region's traffic that stays in the caller's zone, in percent; the rest is spread
   * evenly over the region's other zones.
   * @default 80
   */
  readonly localZonePercent?: number;
  /**
   * Cross-cluster weights: the share of all traffic each region receives, in percent, summing to 100.
   * Every region named here needs its zones in `remoteRegions` (or is the local region).
   * @default - all traffic stays in the local region
   */
  readonly regionWeights?: Record<string, number>;
  /**
   * The other regions of the mesh named in `regionWeights`.
   * @default - none
   */
  readonly remoteRegions?: LocalityRegion[];
}

/** One failover rule: when `from` has no healthy endpoint, traffic goes to `to`. */
export interface RegionFailover {
  readonly from: string;
  readonly to: string;
}

/**
 * How callers spread requests over localities (`DestinationRule.trafficPolicy.loadBalancer.localityLbSetting`).
 * Istio accepts only one of weighted distribution and failover on one DestinationRule, so they are
 * separate factories.
 */
export class LocalityLoadBalancing {
  /**
   * Weighted distribution: most requests stay in the caller's zone, the rest cross zones, and with
   * `regionWeights` a share crosses to the other clusters of the mesh.
   */
  public static zoneAware(options: ZoneAwareOptions): LocalityLoadBalancing {
    return new LocalityLoadBalancing('zone-aware', {
      local: options.local,
      localZonePercent: options.localZonePercent ?? 80,
      regionWeights: options.regionWeights ?? { [options.local.region]: 100 },
      remoteRegions: options.remoteRegions ?? [],
    }, []);
  }

  /**
   * Priority failover between regions: requests stay in the nearest healthy locality and move to
   * the next region only when outlier detection has ejected the local endpoints.
   */
  public static failover(rules: RegionFailover[]): LocalityLoadBalancing {
    return new LocalityLoadBalancing('failover', undefined, rules);
  }

  private constructor(
    public readonly kind: 'zone-aware' | 'failover',
    public readonly zoneAware: Required<ZoneAwareOptions> | undefined,
    public readonly failoverRules: readonly RegionFailover[],
  ) {}
}

/**
 * Splits 100 into integer weights proportional to `shares`, by the largest-remainder method with
 * ties broken by position, so the result is deterministic and sums to exactly 100.
 */
export function apportion(shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (s * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors;
}

/** The `distribute` entries of a zone-aware setting: one per zone of the local region. */
export function distributeEntries(setting: Required<ZoneAwareOptions>): Array<{ from: string; to: Record<string, number> }> {
  const { local, localZonePercent, regionWeights } = setting;
  const remote = Object.keys(regionWeights).filter((r) => r !== local.region).sort();
  return local.zones.map((zone) => {
    const others = local.zones.filter((z) => z !== zone);
    const localShare = regionWeights[local.region] ?? 0;
    const targets: Array<{ key: string; share: number }> = [
      { key: `${local.region}/${zone}/*`, share: others.length === 0 ? localShare : (localShare * localZonePercent) / 100 },
      ...others.map((z) => ({ key: `${local.region}/${z}/*`, share: (localShare * (100 - localZonePercent)) / 100 / others.length })),
      ...remote.map((r) => ({ key: `${r}/*`, share: regionWeights[r] })),
    ].filter((t) => t.share > 0);
    const weights = apportion(targets.map((t) => t.share));
    return {
      from: `${local.region}/${zone}/*`,
      to: Object.fromEntries(targets.map((t, i): [string, number] => [t.key, weights[i]]).filter(([, w]) => w > 0)),
    };
  });
}
