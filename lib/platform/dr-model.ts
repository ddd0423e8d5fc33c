import { RemovalPolicy } from 'aws-cdk-lib';
import { invalid, RegionPlacement, ValidationCollector, ValidationScope } from '../core';
import { FailbackMode, RoutingControlSource } from '../geo-dns-routing';
import {
  AuroraGlobalDatabaseOptions, DrDrill, DrStrategy, FailoverRunbook, GlobalTableOptions, RecoveryTier, RegionCapacity, ReplicatedBucketOptions,
} from '../multi-region-dr';
import type { ReplicaRange } from '../service-mesh-canary';
import type { EnvironmentProfile } from './environment-profile';

/**
 * A region's database network as plain attributes, imported with `ec2.Vpc.fromVpcAttributes` (no
 * lookup at synth, so the synth is deterministic and needs no credentials). The platform creates no
 * VPC: these are the network team's.
 */
export interface DatabaseNetworkAttributes {
  readonly vpcId: string;
  /** Zones of the subnets, in the order of `isolatedSubnetIds`. */
  readonly availabilityZones: readonly string[];
  /** Isolated (no route to the internet) subnets the database instances go in, one per zone. */
  readonly isolatedSubnetIds: readonly string[];
  /** Their route tables, in the same order. */
  readonly isolatedSubnetRouteTableIds: readonly string[];
}

/** Aurora PostgreSQL global database of an environment: MultiRegionDr's options with networks as data. */
export interface EnvironmentPostgresDescription extends Omit<AuroraGlobalDatabaseOptions, 'networks'> {
  /** The database network of every region holding a cluster (the primary and each secondary). */
  readonly networks: Readonly<Record<string, DatabaseNetworkAttributes>>;
}

/** The data stores of an environment, each optional. */
export interface EnvironmentDrStores {
  /** @default - no replicated object storage */
  readonly objectStorage?: ReplicatedBucketOptions;
  /** @default - no global table */
  readonly keyValue?: GlobalTableOptions;
  /** @default - no Aurora global database */
  readonly postgres?: EnvironmentPostgresDescription;
}

/**
 * The Application Load Balancer in front of a region's ingress gateway (created by the AWS Load
 * Balancer Controller), as the `LoadBalancer` and `TargetGroup` dimensions of its `AWS/ApplicationELB`
 * metrics: what the region's failover triggers watch (HealthyHostCount per zone, TargetResponseTime p99).
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
export interface RegionLoadBalancerDescription {
  /** `app/<name>/<id>`: the last part of the load balancer's ARN. */
  readonly loadBalancer: string;
  /** `targetgroup/<name>/<id>`: the last part of the target group's ARN. */
  readonly targetGroup: string;
}

/** How an environment survives the loss of a region: MultiRegionDr's design as data. */
export interface EnvironmentDrDescription {
  readonly strategy: DrStrategy;
  readonly tier: RecoveryTier;
  /**
   * Replicas by region role: the one place these numbers live. Every service's replica range
   * (HPA min/max) in a region is `capacity.replicasFor(role)`: its role's replicas at rest up to
   * full capacity, which a standby reaches on failover.
   */
  readonly capacity: RegionCapacity;
  /** @default FailoverRunbook.seeds() */
  readonly runbook?: FailoverRunbook;
  /** @default - no data stores */
  readonly stores?: EnvironmentDrStores;
  /** Name of the IAM role approvers assume to approve a failback (created by the identity team). */
  readonly approvalRoleName: string;
  /** The load balancer each region's triggers watch, by region. */
  readonly loadBalancers: Readonly<Record<string, RegionLoadBalancerDescription>>;
  /** @default - no drills */
  readonly drills?: readonly DrDrill[];
  /**
   * Route 53 ARC routing controls (MultiRegionDr's cluster, control panel, one control per region,
   * safety rules) in a stack of their own in us-west-2, and every public service's GeoDnsRouting
   * gated on them (`FailbackMode.manual`, with the hold-down of `dns.failback`): the plan's
   * routing-control steps and the runbook's rollback flip the controls the health checks read.
   * An ARC cluster is billed by the hour (ARC_CLUSTER_USD_PER_HOUR).
   * @default false
   */
  readonly routingControls?: boolean;
}

const LOAD_BALANCER = /^app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;
const TARGET_GROUP = /^targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

/**
 * Checks what the platform adds around MultiRegionDr (MultiRegionDr checks its own design): the
 * capacity covers the environment's roles and zones, every region names its load balancer, every
 * network's attributes line up. Returns the replica range of every role.
 */
export function validateDrDescription(path: string, dr: EnvironmentDrDescription, regions: readonly RegionPlacement[], zones: Readonly<Record<string, readonly string[]>>): Record<string, ReplicaRange> {
  const c = new ValidationCollector(path);
  c.check(() => dr.capacity.validate(path, 'dr.capacity', regions.map((r) => r.role)));
  c.checkEach(regions, (r) => {
    const mesh = zones[r.region];
    if (mesh && mesh.length !== dr.capacity.zones) invalid(path, 'dr.capacity.zones', dr.capacity.zones, `the ${mesh.length} zones of ${r.region} (mesh.zones), which the replicas spread over`);
  });
  c.checkEach(regions, (r) => {
    const lb = dr.loadBalancers[r.region];
    if (!lb) invalid(path, `dr.loadBalancers.${r.region}`, undefined, 'the load balancer of every region of the environment: its metrics drive the region\'s failover triggers');
    if (!LOAD_BALANCER.test(lb.loadBalancer)) invalid(path, `dr.loadBalancers.${r.region}.loadBalancer`, lb.loadBalancer, 'an ALB dimension "app/<name>/<16 hex digits>"');
    if (!TARGET_GROUP.test(lb.targetGroup)) invalid(path, `dr.loadBalancers.${r.region}.targetGroup`, lb.targetGroup, 'a target group dimension "targetgroup/<name>/<16 hex digits>"');
  });
  c.checkEach(Object.keys(dr.loadBalancers), (region) => {
    if (!regions.some((r) => r.region === region)) invalid(path, 'dr.loadBalancers', region, `a region of the environment: ${regions.map((r) => r.region).join(', ')}`);
  });
  // The platform's path for MultiRegionDr's own rule (routingControls off for backup and restore), same predicate.
  c.check(() => { if (dr.routingControls && !dr.strategy.needsStandby) invalid(path, 'dr.routingControls', true, `false with dr.strategy ${dr.strategy.kind}: there is no standby to route to`); });
  c.checkEach(Object.entries(dr.stores?.postgres?.networks ?? {}), ([region, n]) => {
    const prop = `dr.stores.postgres.networks.${region}`;
    if (!regions.some((r) => r.region === region)) invalid(path, 'dr.stores.postgres.networks', region, `a region of the environment: ${regions.map((r) => r.region).join(', ')}`);
    if (n.isolatedSubnetIds.length === 0) invalid(path, `${prop}.isolatedSubnetIds`, [], 'at least one isolated subnet per zone');
    if (n.isolatedSubnetIds.length !== n.availabilityZones.length) invalid(path, `${prop}.isolatedSubnetIds`, n.isolatedSubnetIds, `one subnet per zone of availabilityZones (${n.availabilityZones.join(', ')})`);
    if (n.isolatedSubnetRouteTableIds.length !== n.isolatedSubnetIds.length) invalid(path, `${prop}.isolatedSubnetRouteTableIds`, n.isolatedSubnetRouteTableIds, `one route table per subnet (${n.isolatedSubnetIds.length})`);
    for (const zone of n.availabilityZones) if (!zone.startsWith(region)) invalid(path, `${prop}.availabilityZones`, n.availabilityZones, `zones of ${region}`);
  });
  c.throwIfAny();
  return Object.fromEntries([...new Set(regions.map((r) => r.role))].map((role) => [role.name, dr.capacity.replicasFor(role)]));
}

/** What the routing-controls rules read of an environment's DNS. */
export interface RoutingControlsDnsView {
  readonly routing: string;
  readonly failback?: FailbackMode;
  /** Public services' own routing shapes, by service name. */
  readonly serviceRoutings: Readonly<Record<string, string | undefined>>;
}

/**
 * With `dr.routingControls`, DNS must be able to follow them: every routing has a standby to move
 * to (not "simple"), and the failback has a hold-down for `FailbackMode.manual` to keep (hold-down
 * or operator switch: the routing controls take the operator switch's place, so the plan and the
 * runbook flip the one switch DNS reads).
 */
export function validateRoutingControlsDns(path: string, dr: EnvironmentDrDescription, dns: RoutingControlsDnsView): void {
  if (!dr.routingControls) return;
  const c = new ValidationCollector(path);
  c.check(() => { if (dns.routing === 'simple') invalid(path, 'dns.routing', dns.routing, 'a routing with failover or weights ("latency-failover", "geo-latency-failover", "weighted") with dr.routingControls: a simple record has no standby for the routing controls to move traffic to'); });
  c.checkEach(Object.entries(dns.serviceRoutings), ([name, routing]) => {
    if (routing === 'simple') invalid(path, `services.${name}.publication.routing`, routing, 'a routing with failover or weights with dr.routingControls: a simple record has no standby for the routing controls to move traffic to');
  });
  c.check(() => requireRoutingControlsFailback(path, 'dns.failback', dns.failback));
  c.throwIfAny();
}

/** The failback modes routing controls can gate: one with a hold-down, not already on other controls. */
function requireRoutingControlsFailback(scope: ValidationScope, prop: string, failback: FailbackMode | undefined): asserts failback is FailbackMode {
  const mode = failback?.mode ?? 'automatic';
  if (mode === 'automatic') invalid(scope, prop, failback ?? FailbackMode.automatic(), 'FailbackMode.holdDown() or FailbackMode.operatorSwitch() with dr.routingControls: the routings get FailbackMode.manual on the routing controls, which keeps that hold-down (a routing control turned ON lets a region back only after it)');
  if (mode === 'manual') invalid(scope, prop, failback, 'FailbackMode.holdDown() or FailbackMode.operatorSwitch() with dr.routingControls: the platform gives the routings FailbackMode.manual on the routing controls it creates, the ones the plan and the runbook flip');
}

/**
 * The failback of an environment's routings with routing controls on: manual on the given controls,
 * with the hold-down of its `dns.failback` (rejected, never ignored, when it has none).
 */
export function routingControlsFailback(scope: ValidationScope, failback: FailbackMode | undefined, controls: Readonly<Record<string, RoutingControlSource>>): FailbackMode {
  requireRoutingControlsFailback(scope, 'dns.failback', failback);
  return FailbackMode.manual({ routingControlArns: controls, holdDown: failback.holdDownPeriod });
}

/** Weights as `region=percent` in region order, regions at 0 % left out: the form the agreement rule compares. */
function weightsText(weights: Readonly<Record<string, number>> | undefined): string {
  return Object.entries(weights ?? {}).filter(([, w]) => w !== 0).sort(([a], [b]) => a.localeCompare(b)).map(([r, w]) => `${r}=${w}`).join(', ');
}

/**
 * With an active-active strategy, the three halves split traffic the same way: DNS (weighted
 * routing), the mesh's cross-cluster weights and the DR weights the plan and the budget use.
 * Otherwise a failover plan built for 70/30 would run against a DNS split of, say, 50/50.
 */
export function validateTrafficAgreement(path: string, strategy: DrStrategy, dns: { routing: string; weights?: Readonly<Record<string, number>> }, mesh: { locality: string; crossClusterWeights?: Readonly<Record<string, number>> }): void {
  if (strategy.kind !== 'active-active') return;
  const c = new ValidationCollector(path);
  const dr = weightsText(strategy.weights);
  c.check(() => {
    if (dns.routing !== 'weighted') invalid(path, 'dns.routing', dns.routing, `"weighted" with dr.strategy active-active (${dr}): DNS must split traffic as the DR plan does`);
    if (weightsText(dns.weights) !== dr) invalid(path, 'dns.weights', dns.weights ?? {}, `the DR weights of dr.strategy (${dr})`);
  });
  c.check(() => {
    if (weightsText(mesh.crossClusterWeights) !== dr) invalid(path, 'mesh.crossClusterWeights', mesh.crossClusterWeights ?? {}, `the DR weights of dr.strategy (${dr}), with locality "zone-aware"`);
  });
  c.throwIfAny();
}

/** Whether an environment's stateful DR resources are retained and deletion-protected: its profile decides, never its name. */
export function drRetainsData(profile: EnvironmentProfile): boolean {
  return profile.statefulRemovalPolicy !== RemovalPolicy.DESTROY;
}
