import { invalid, RegionRole, ValidationScope } from '../core';

/** The replicas of a workload in one region: what it runs now and what it must reach on failover. */
export interface RoleReplicaRange {
  /** Replicas at rest (the HPA's minimum). */
  readonly min: number;
  /** Replicas at full capacity (the HPA's maximum, and the target of the plan's scale-up). */
  readonly max: number;
}

/** Capacity of a region by its role. */
export interface RegionCapacityProps {
  /** Availability zones every region spreads its replicas over. */
  readonly zones: number;
  /** Replicas at rest by role name (`primary`, `hot-standby`, `warm-standby`). */
  readonly replicasByRole: Readonly<Record<string, number>>;
  /**
   * Replicas at full capacity, which a standby reaches on failover.
   * @default - the primary's replicas
   */
  readonly fullCapacity?: number;
}

/**
 * How many replicas each region role runs: the one place these numbers live. ServiceMeshCanary's
 * replicas and autoscaling bounds derive from `replicasFor(role)`, the plan's EKS scaling step from
 * the same numbers, and the RTO budget's scale-up from the gap between them.
 */
export class RegionCapacity {
  /**
   * The seeds: primary 9 replicas (3 per zone over 3 zones), hot standby 6, warm standby 3; on
   * failover a standby scales to the primary's 9.
   */
  public static seeds(): RegionCapacity {
    return new RegionCapacity({ zones: 3, replicasByRole: { 'primary': 9, 'hot-standby': 6, 'warm-standby': 3 } });
  }

  /** Explicit capacity. */
  public static of(props: RegionCapacityProps): RegionCapacity {
    return new RegionCapacity(props);
  }

  public readonly zones: number;
  public readonly replicasByRole: Readonly<Record<string, number>>;
  public readonly fullCapacity: number;

  private constructor(props: RegionCapacityProps) {
    this.zones = props.zones;
    this.replicasByRole = props.replicasByRole;
    this.fullCapacity = props.fullCapacity ?? props.replicasByRole.primary;
  }

  /** The replica range of `role`: its replicas at rest up to full capacity. */
  public replicasFor(role: RegionRole): RoleReplicaRange {
    const min = this.replicasByRole[role.name];
    return { min, max: this.fullCapacity };
  }

  /** Replicas per zone at rest for `role`. */
  public perZone(role: RegionRole): number {
    return this.replicasByRole[role.name] / this.zones;
  }

  /** Every role needs replicas that spread evenly over the zones, and full capacity must too. */
  public validate(scope: ValidationScope, prop: string, roles: readonly RegionRole[]): void {
    if (!Number.isInteger(this.zones) || this.zones < 1 || this.zones > 6) {
      invalid(scope, `${prop}.zones`, this.zones, 'an integer from 1 to 6 availability zones');
    }
    for (const role of roles) {
      const replicas = this.replicasByRole[role.name];
      if (replicas === undefined) {
        invalid(scope, `${prop}.replicasByRole`, Object.keys(this.replicasByRole), `replicas for role "${role.name}", which the environment uses`);
      }
      if (!Number.isInteger(replicas) || replicas < this.zones || replicas % this.zones !== 0) {
        invalid(scope, `${prop}.replicasByRole.${role.name}`, replicas, `a multiple of the ${this.zones} zones (at least one replica per zone), so the replicas spread evenly`);
      }
    }
    if (!Number.isInteger(this.fullCapacity) || this.fullCapacity % this.zones !== 0) {
      invalid(scope, `${prop}.fullCapacity`, this.fullCapacity, `a multiple of the ${this.zones} zones`);
    }
    for (const role of roles) {
      if (this.replicasByRole[role.name] > this.fullCapacity) {
        invalid(scope, `${prop}.replicasByRole.${role.name}`, this.replicasByRole[role.name], `at most the full capacity of ${this.fullCapacity} replicas`);
      }
    }
  }

  public toHumanString(): string {
    return `RegionCapacity(${Object.entries(this.replicasByRole).map(([r, n]) => `${r}=${n}`).join(', ')}, full=${this.fullCapacity}, zones=${this.zones})`;
  }
}
