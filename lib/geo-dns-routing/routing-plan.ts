import { RecordRouting, RoutingEdge, RoutingPolicy } from './routing-policy';

/** One record of a planned record set. */
export interface PlannedRecord {
  /** The edge of the routing description it comes from. */
  readonly edge: RoutingEdge;
  /** Property path of the edge, for messages, e.g. `routing.rules[1]`. */
  readonly prop: string;
  /**
   * The region whose endpoint the record points at, for an endpoint leaf.
   * @default - undefined for a record aliasing a policy target (see `targetName`)
   */
  readonly region?: string;
  /**
   * The DNS name of the record set the record aliases, for a policy target.
   * @default - undefined for an endpoint leaf (see `region`)
   */
  readonly targetName?: string;
  /** Routing fields. */
  readonly routing: RecordRouting;
  /**
   * Set identifier.
   * @default - undefined for a simple record
   */
  readonly setIdentifier?: string;
}

/** One DNS name and the records sharing it. */
export interface PlannedRecordSet {
  /** Fully qualified name, without the trailing dot. */
  readonly name: string;
  /** Stable key of the set: `root` or the policy's label. Construct ids derive from it. */
  readonly key: string;
  /** The policy (or, for a simple root, the endpoint) the set comes from. */
  readonly policy: RoutingPolicy;
  /** Property path of the policy, e.g. `routing.defaultTarget.target`. */
  readonly prop: string;
  readonly records: readonly PlannedRecord[];
}

/** A routing description flattened into record sets, in a deterministic order (depth first, as written). */
export interface RoutingPlan {
  readonly hostname: string;
  readonly sets: readonly PlannedRecordSet[];
  /** Policies that were given the same name as an earlier, different policy (reported by validation). */
  readonly clashes: readonly { readonly name: string; readonly prop: string; readonly policy: RoutingPolicy; readonly existing: PlannedRecordSet }[];
}

/**
 * Flattens a routing tree. The root policy's set is named `hostname`; every other policy's set is
 * `<label>.<hostname>`. A policy object reached twice (a shared subtree) becomes one set.
 * @internal
 */
export function planRouting(hostname: string, root: RoutingPolicy, rootProp = 'routing'): RoutingPlan {
  const sets: PlannedRecordSet[] = [];
  const clashes: { name: string; prop: string; policy: RoutingPolicy; existing: PlannedRecordSet }[] = [];
  const byPolicy = new Map<RoutingPolicy, string>();
  const byName = new Map<string, PlannedRecordSet>();

  const visit = (policy: RoutingPolicy, prop: string, isRoot: boolean): string => {
    const known = byPolicy.get(policy);
    if (known !== undefined) return known;
    const key = isRoot ? 'root' : policy.label!;
    const name = isRoot ? hostname : `${policy.label}.${hostname}`;
    const existing = byName.get(name);
    if (existing) {
      clashes.push({ name, prop, policy, existing });
      return name;
    }
    byPolicy.set(policy, name);
    const records: PlannedRecord[] = [];
    const set: PlannedRecordSet = { name, key, policy, prop, records };
    byName.set(name, set);
    sets.push(set);
    if (policy.kind === 'endpoint') {
      records.push({ edge: { target: policy, routing: { kind: 'simple' }, prop: '' }, prop, region: policy.region, routing: { kind: 'simple' } });
      return name;
    }
    for (const edge of policy.edges) {
      const edgeProp = `${prop}.${edge.prop}`;
      const target = edge.target;
      if (target.kind === 'endpoint') {
        records.push({ edge, prop: edgeProp, region: target.region, routing: edge.routing, setIdentifier: edge.setIdentifier });
      } else {
        const targetName = visit(target, `${edgeProp}.target`, false);
        records.push({ edge, prop: edgeProp, targetName, routing: edge.routing, setIdentifier: edge.setIdentifier });
      }
    }
    return name;
  };

  visit(root, rootProp, true);
  return { hostname, sets, clashes };
}

/** Every record whose target is the endpoint of `region`, with its set. @internal */
export function recordsOfRegion(plan: RoutingPlan, region: string): { set: PlannedRecordSet; record: PlannedRecord }[] {
  return plan.sets.flatMap((set) => set.records.filter((r) => r.region === region).map((record) => ({ set, record })));
}
