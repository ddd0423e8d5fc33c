/** Options of a strict zone spread. */
export interface StrictZoneSpreadOptions {
  /** Availability zones the cluster's nodes run in; the replicas must be a multiple of it. */
  readonly zones: number;
}

/**
 * How the pods spread over availability zones (`topology.kubernetes.io/zone`). Both keep at most
 * one pod of skew between zones; they differ in what the scheduler does when it cannot.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export class ZoneSpread {
  /** Prefer an even spread, but schedule anyway when a zone has no room (`ScheduleAnyway`). */
  public static bestEffort(): ZoneSpread {
    return new ZoneSpread('best-effort', undefined);
  }

  /**
   * Never exceed one pod of skew (`DoNotSchedule`, `minDomains` = zones): a pod stays pending
   * rather than pile into the surviving zones, so each zone keeps its share (e.g. 3 per zone).
   * `minDomains` counts a zone with no eligible node as holding zero pods, so a zone whose nodes
   * are not up yet still gets its share once the autoscaler adds them.
   */
  public static strict(options: StrictZoneSpreadOptions): ZoneSpread {
    return new ZoneSpread('strict', options.zones);
  }

  private constructor(
    public readonly kind: 'best-effort' | 'strict',
    /** Zones, for `strict`. */
    public readonly zones: number | undefined,
  ) {}

  public toHumanString(): string {
    return this.kind === 'strict' ? `strict(${this.zones} zones)` : 'best-effort';
  }
}
