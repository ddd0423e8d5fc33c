import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeFinding, acknowledgeInCompliancePacks, iamRoleArn, invalid, RegionPlacement, requireKebabName, requireUnique, validateAll, withConstructPath } from '../core';
import { DEFAULT_RECORD_TTL, HTTPS_HEALTH_CHECK_DEFAULTS, IGeoDnsRouting, ROUTING_SWITCH_METRIC, ROUTING_SWITCH_NAMESPACE } from '../geo-dns-routing';
import { DataStoresOptions, DEFAULT_STORE_BACKUP_TIERS } from './data-stores';
import {
  createAccessLogsBucket, createAuroraPrimary, DEFAULT_NONCURRENT_VERSION_RETENTION, createAuroraSecondary, createDataBucket, createGlobalTable, replicateBucket, StoreContext,
} from './data-store-resources';
import { validateStoreReplicas, validateStrategy } from './design-validation';
import { computeDrBudget, DetectionDesign, DrBudget, requireTierMet, standbyNeedsScaleUp, StoreDesign } from './dr-budget';
import { AURORA_MIN_MANAGED_RPO_SECONDS } from './dr-constants';
import { createRegionKey } from './dr-key';
import { DrDrill, DrDrillResources } from './dr-drill';
import { drNames } from './dr-naming';
import { DrStrategy } from './dr-strategy';
import { FailoverPlan, PlanRegion, ScaledWorkload } from './failover-plan';
import { FailoverRunbook } from './failover-runbook';
import { FailoverTriggers, IFailoverTriggers, RegionSignals, SEED_LATENCY_THRESHOLD } from './failover-triggers';
import { RecoveryTier } from './recovery-tier';
import { RegionCapacity } from './region-capacity';
import { IReplicationSignals, ReplicationSignal } from './replication-signals';
import { ResilienceHubObjectives } from './resilience-hub';
import { ARC_CONTROL_PLANE_REGION, RegionRoutingControls } from './routing-controls';
import { RunbookFunction } from './runbook-function';

const NO_ALARM_ACTIONS = 'No alarmActions were given: the trigger alarms drive the ARC Region switch plan (its trigger and application-health alarms) and the drills\' stop conditions, and are exposed through MultiRegionDr.triggers, where the monitoring construct attaches paging.';

/** Default evaluation periods of the trigger alarms (one minute each). */
export const DEFAULT_TRIGGER_EVALUATION_PERIODS = 3;

/** The scopes one region's parts go into. */
export interface DrRegionScopes {
  /** The region's stack: its key, stores, triggers, runbook function, drills and Resilience Hub app. */
  readonly stack: Stack;
  /**
   * A stack of the same region, deployed after the primary's stack, for the Aurora secondary
   * cluster. Needed in a standby that also receives S3 replication: the primary's stack waits for
   * the replica bucket (S3 rejects replication to a bucket that does not exist) and the secondary
   * waits for the primary's global cluster, so the two cannot share one stack.
   * @default - `stack`, when the order allows it (validated)
   */
  readonly secondaryDatabaseStack?: Stack;
}

/** ARC routing controls, when wanted. */
export interface RoutingControlsOptions {
  /** A stack in us-west-2 (ARC's control plane region) for the cluster, control panel and controls. */
  readonly stack: Stack;
}

/** The Kubernetes side the plan scales. */
export interface DrKubernetesOptions {
  /** EKS cluster name by region (ARNs are built from them). */
  readonly clusterNames: Readonly<Record<string, string>>;
  /** Workloads scaled to full capacity on failover. */
  readonly workloads: readonly ScaledWorkload[];
}

/** Props of MultiRegionDr. */
export interface MultiRegionDrProps {
  /** Environment name, kebab-case; prefixes every physical name. */
  readonly environment: string;
  /** Regions and their roles; exactly one primary. */
  readonly regions: readonly RegionPlacement[];
  readonly strategy: DrStrategy;
  readonly tier: RecoveryTier;
  /** One set of scopes per region of `regions`. */
  readonly regionScopes: Readonly<Record<string, DrRegionScopes>>;
  /** The environment's DNS routing: its health alarms and switch are what the plan moves. */
  readonly dns: IGeoDnsRouting;
  /** What each region's triggers watch. */
  readonly signals: Readonly<Record<string, RegionSignals>>;
  /** Retain stateful resources and turn on deletion protection (prod). */
  readonly retainData: boolean;
  /** Name of the IAM role approvers assume to approve a failback (created by the identity team). */
  readonly approvalRoleName: string;
  /**
   * Replicas by region role; the one place these numbers live.
   * @default RegionCapacity.seeds()
   */
  readonly capacity?: RegionCapacity;
  /**
   * The failover runbook's timeouts.
   * @default FailoverRunbook.seeds()
   */
  readonly runbook?: FailoverRunbook;
  /** @default - no data stores */
  readonly stores?: DataStoresOptions;
  /**
   * How GeoDnsRouting detects failure (its HTTPS health check settings) and how long triggers wait.
   * @default - GeoDnsRouting's defaults (10 s × 3) and DEFAULT_TRIGGER_EVALUATION_PERIODS
   */
  readonly detection?: Partial<DetectionDesign>;
  /**
   * TTL of the routed records.
   * @default DEFAULT_RECORD_TTL (GeoDnsRouting's 60 s)
   */
  readonly dnsTtl?: Duration;
  /**
   * The latency trigger's threshold.
   * @default SEED_LATENCY_THRESHOLD (1000 ms)
   */
  readonly latencyThreshold?: Duration;
  /** @default - no routing controls (they cost ARC_CLUSTER_USD_PER_HOUR) */
  readonly routingControls?: RoutingControlsOptions;
  /** @default - no EKS scaling step */
  readonly kubernetes?: DrKubernetesOptions;
  /** @default - no drills */
  readonly drills?: readonly DrDrill[];
  /**
   * Actions of every trigger alarm.
   * @default - none: the monitoring construct subscribes through `triggers`
   */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
}

/** One region's DR resources. */
export interface DrRegionResources {
  readonly region: string;
  readonly key: kms.Key;
  readonly triggers: IFailoverTriggers;
  readonly replication: IReplicationSignals;
  readonly bucket?: s3.Bucket;
  readonly table?: dynamodb.TableV2;
  readonly databaseCluster?: rds.DatabaseCluster | rds.CfnDBCluster;
  readonly globalCluster?: rds.CfnGlobalCluster;
  readonly runbook?: RunbookFunction;
  readonly drills: readonly DrDrillResources[];
  readonly resilienceHub: ResilienceHubObjectives;
}

/**
 * Multi-region disaster recovery of one environment: replicated data stores, failover triggers,
 * an ARC Region switch plan per standby, optional routing controls, FIS drills, the Kubernetes
 * capacity by role, Resilience Hub objectives, and the proof at synth that the design meets its
 * recovery tier (`budget`).
 *
 * Placed in the environment's global stack (us-east-1, beside GeoDnsRouting): the plans live
 * there; every regional part goes into the region's scopes (`regionScopes`), named
 * deterministically so no cross-region reference is needed.
 */
export class MultiRegionDr extends Construct {
  /** The RTO budget and RPO bound, computed from the design. */
  public readonly budget: DrBudget;
  /** Each region's trigger alarms, for MonitoringStack. */
  public readonly triggers: readonly IFailoverTriggers[];
  /** Each region's replication metrics, for MonitoringStack. */
  public readonly replicationSignals: readonly IReplicationSignals[];
  /** Each region's resources, by region. */
  public readonly regionResources: ReadonlyMap<string, DrRegionResources>;
  public readonly plans: readonly FailoverPlan[];
  public readonly routingControls?: RegionRoutingControls;
  public readonly capacity: RegionCapacity;

  constructor(scope: Construct, id: string, props: MultiRegionDrProps) {
    super(scope, id);
    const capacity = props.capacity ?? RegionCapacity.seeds();
    const runbook = props.runbook ?? FailoverRunbook.seeds();
    const detection: DetectionDesign = {
      healthCheckInterval: props.detection?.healthCheckInterval ?? HTTPS_HEALTH_CHECK_DEFAULTS.requestInterval,
      healthCheckFailureThreshold: props.detection?.healthCheckFailureThreshold ?? HTTPS_HEALTH_CHECK_DEFAULTS.failureThreshold,
      alarmEvaluationPeriods: props.detection?.alarmEvaluationPeriods ?? DEFAULT_TRIGGER_EVALUATION_PERIODS,
    };
    const dnsTtl = props.dnsTtl ?? DEFAULT_RECORD_TTL;
    const stores = props.stores ?? {};
    const primary = props.regions.find((r) => r.role.isPrimary);
    const standbys = props.regions.filter((r) => !r.role.isPrimary).map((r) => r.region);
    const replicasOf = (o?: { replicaRegions?: readonly string[] }): readonly string[] => o?.replicaRegions ?? (props.strategy.replicatesData ? standbys : []);
    this.capacity = capacity;

    validateAll(this, [
      () => requireKebabName(this, 'environment', props.environment, 20),
      () => { if (!primary) invalid(this, 'regions', props.regions.map((r) => `${r.region}=${r.role.name}`), 'exactly one region with role "primary"'); },
      () => validateStrategy(this, props.strategy, props.regions),
      () => props.tier.validate(this, 'tier'),
      () => capacity.validate(this, 'capacity', props.regions.map((r) => r.role)),
      () => runbook.validate(this, 'runbook', primary !== undefined && standbyNeedsScaleUp({ regions: props.regions, strategy: props.strategy, capacity })),
      () => {
        const missing = props.regions.map((r) => r.region).filter((r) => props.regionScopes[r] === undefined);
        if (missing.length > 0) invalid(this, 'regionScopes', Object.keys(props.regionScopes), `scopes for every region of the environment; missing ${missing.join(', ')}`);
      },
      () => {
        for (const [region, scopes] of Object.entries(props.regionScopes)) {
          if (scopes.stack.region !== region) invalid(this, `regionScopes.${region}.stack`, scopes.stack.region, `a stack in ${region}`);
          if (scopes.secondaryDatabaseStack && scopes.secondaryDatabaseStack.region !== region) invalid(this, `regionScopes.${region}.secondaryDatabaseStack`, scopes.secondaryDatabaseStack.region, `a stack in ${region}`);
        }
      },
      () => {
        const missing = props.regions.map((r) => r.region).filter((r) => props.signals[r] === undefined);
        if (missing.length > 0) invalid(this, 'signals', Object.keys(props.signals), `trigger signals for every region; missing ${missing.join(', ')}`);
        for (const [region, s] of Object.entries(props.signals)) {
          if (Object.keys(s.zoneHealthyHosts).length < 2) invalid(this, `signals.${region}.zoneHealthyHosts`, Object.keys(s.zoneHealthyHosts), 'a metric for at least two zones: the trigger fires when two or more zones are unhealthy');
        }
      },
      () => { if (props.routingControls && props.routingControls.stack.region !== ARC_CONTROL_PLANE_REGION) invalid(this, 'routingControls.stack', props.routingControls.stack.region, `a stack in ${ARC_CONTROL_PLANE_REGION}, the only region whose control plane creates ARC clusters and routing controls`); },
      () => { if (props.routingControls && !props.strategy.needsStandby) invalid(this, 'routingControls', 'on', 'off for backup and restore: there is no standby to route to'); },
      ...(['objectStorage', 'keyValue', 'postgres'] as const).map((key) => () => {
        const o = stores[key];
        if (!o || !primary) return;
        requireKebabName(this, `stores.${key}.name`, o.name, 30);
        validateStoreReplicas(this, `stores.${key}`, props.strategy, props.regions, replicasOf(o));
        if (replicasOf(o).length === 0 && o.backup === undefined) {
          invalid(this, `stores.${key}.backup`, undefined, 'the backup protection (interval, continuous) of a store without replicas: its RPO is its backup interval');
        }
      }),
      () => {
        const kv = stores.keyValue;
        if (kv?.consistency === 'strong' && replicasOf(kv).length !== 2) {
          invalid(this, 'stores.keyValue.consistency', 'strong', `"eventual", or exactly two replica regions: multi-Region strong consistency runs in three regions (has ${replicasOf(kv).length} replicas)`);
        }
      },
      () => {
        const pg = stores.postgres;
        if (!pg || !primary) return;
        const needed = [primary.region, ...replicasOf(pg)];
        const missing = needed.filter((r) => pg.networks[r] === undefined);
        if (missing.length > 0) invalid(this, 'stores.postgres.networks', Object.keys(pg.networks), `a database network (VPC and subnets) for ${needed.join(', ')}; missing ${missing.join(', ')} (networking is never invented)`);
        if (pg.managedRpo !== undefined) {
          const seconds = pg.managedRpo.toSeconds({ integral: false });
          if (!Number.isInteger(seconds) || seconds < AURORA_MIN_MANAGED_RPO_SECONDS) invalid(this, 'stores.postgres.managedRpo', pg.managedRpo, `whole seconds, at least ${AURORA_MIN_MANAGED_RPO_SECONDS} (rds.global_db_rpo)`);
        }
        // The primary's stack waits for the standby's replica bucket and key; the Aurora secondary waits for the primary's global cluster.
        const waitedFor = [...(stores.objectStorage ? replicasOf(stores.objectStorage) : []), ...(stores.keyValue ? replicasOf(stores.keyValue) : [])];
        const cyclic = replicasOf(pg).filter((r) => waitedFor.includes(r) && !props.regionScopes[r]?.secondaryDatabaseStack);
        if (cyclic.length > 0) invalid(this, 'regionScopes', cyclic.map((r) => `${r}: no secondaryDatabaseStack`), `a secondaryDatabaseStack for ${cyclic.join(', ')}: the primary's stack waits for the replica bucket and key there, and the Aurora secondary waits for the primary's global cluster`);
      },
      () => { if (props.kubernetes && primary) {
        const missing = props.regions.map((r) => r.region).filter((r) => props.kubernetes!.clusterNames[r] === undefined);
        if (missing.length > 0) invalid(this, 'kubernetes.clusterNames', props.kubernetes.clusterNames, `an EKS cluster name for every region; missing ${missing.join(', ')}`);
      } },
      ...(props.drills ?? []).map((drill, i) => () => drill.validate(this, `drills[${i}]`, {
        regions: props.regions.map((r) => r.region),
        zones: Object.fromEntries(Object.entries(props.signals).map(([r, s]) => [r, Object.keys(s.zoneHealthyHosts)])),
        clusterNames: props.kubernetes?.clusterNames,
      })),
      () => requireUnique(this, 'drills', (props.drills ?? []).map((d) => `${d.region}/${d.key}`)),
    ]);

    const storeDesigns: StoreDesign[] = [];
    if (stores.objectStorage) storeDesigns.push({ kind: 's3', name: drNames.bucket(props.environment, stores.objectStorage.name, primary!.region, Stack.of(props.regionScopes[primary!.region].stack).account), replicaRegions: replicasOf(stores.objectStorage), backup: stores.objectStorage.backup });
    if (stores.keyValue) storeDesigns.push({ kind: 'dynamodb', name: drNames.table(props.environment, stores.keyValue.name), replicaRegions: replicasOf(stores.keyValue), strongConsistency: stores.keyValue.consistency === 'strong', backup: stores.keyValue.backup });
    if (stores.postgres) storeDesigns.push({ kind: 'aurora', name: drNames.globalCluster(props.environment, stores.postgres.name), replicaRegions: replicasOf(stores.postgres), managedRpo: stores.postgres.managedRpo, backup: stores.postgres.backup });
    this.budget = computeDrBudget({ environment: props.environment, regions: props.regions, strategy: props.strategy, tier: props.tier, capacity, runbook, detection, dnsTtl, stores: storeDesigns });
    requireTierMet(this, this.budget);

    const regionResources = new Map<string, DrRegionResources>();
    const built = withConstructPath(this, () => {
      const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
      const primaryScopes = props.regionScopes[primary!.region];
      const account = primaryScopes.stack.account;
      const alarmActions = props.alarmActions ?? [];
      // Before the regions: each region's runbook rolls back through these controls when they are on.
      const routingControls = props.routingControls === undefined ? undefined : new RegionRoutingControls(props.routingControls.stack, `${id}-${props.environment}-RoutingControls`, {
        environment: props.environment, regions: props.regions.map((r) => r.region),
      });
      for (const placement of props.regions) {
        const region = placement.region;
        const scopes = props.regionScopes[region];
        const root = new Construct(scopes.stack, `${id}-${props.environment}`);
        const key = createRegionKey(root, props.environment, region, removalPolicy);
        const ctx: StoreContext = { environment: props.environment, account, region, key, removalPolicy, deletionProtection: props.retainData };
        const signals: ReplicationSignal[] = [];
        let bucket: s3.Bucket | undefined;
        let table: dynamodb.TableV2 | undefined;
        let databaseCluster: rds.DatabaseCluster | rds.CfnDBCluster | undefined;
        let globalCluster: rds.CfnGlobalCluster | undefined;
        const isPrimary = placement.role.isPrimary;

        const os = stores.objectStorage;
        if (os && (isPrimary || replicasOf(os).includes(region))) {
          const logs = createAccessLogsBucket(root, ctx, os.name);
          bucket = createDataBucket(root, 'Bucket', ctx, os.name, logs, os.backupTier ?? DEFAULT_STORE_BACKUP_TIERS.objectStorage, os.noncurrentVersionRetention ?? DEFAULT_NONCURRENT_VERSION_RETENTION);
          if (isPrimary && replicasOf(os).length > 0) {
            signals.push(...replicateBucket(bucket, ctx, os.name, replicasOf(os), os.deleteMarkers));
          } else if (isPrimary) {
            acknowledgeInCompliancePacks(bucket, 'S3BucketReplicationEnabled', `${props.strategy.kind}: the bucket is protected by its backups (${os.backupTier ?? DEFAULT_STORE_BACKUP_TIERS.objectStorage} tier), and its RPO budget counts their interval.`);
          } else {
            acknowledgeInCompliancePacks(bucket, 'S3BucketReplicationEnabled', `This is the replica of ${props.environment}'s ${os.name} bucket in ${region}; replicating a replica would chain regions.`);
            scopesDependency(primaryScopes.stack, scopes.stack);
          }
        }
        const kv = stores.keyValue;
        if (kv && isPrimary) {
          const created = createGlobalTable(root, ctx, {
            name: kv.name, partitionKey: kv.partitionKey, sortKey: kv.sortKey, consistency: kv.consistency ?? 'eventual',
            replicaRegions: replicasOf(kv), backupTier: kv.backupTier ?? DEFAULT_STORE_BACKUP_TIERS.keyValue,
          });
          table = created.table;
          signals.push(...created.signals);
          // Replica keys are named by alias ARN: their regions' stacks must exist first.
          for (const r of replicasOf(kv)) scopesDependency(primaryScopes.stack, props.regionScopes[r].stack);
        }
        const pg = stores.postgres;
        if (pg && (isPrimary || replicasOf(pg).includes(region))) {
          const aurora = {
            name: pg.name, network: pg.networks[region], engineVersion: pg.engineVersion,
            instanceType: pg.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
            managedRpo: pg.managedRpo, backupTier: pg.backupTier ?? DEFAULT_STORE_BACKUP_TIERS.postgres,
          };
          if (isPrimary) {
            const created = createAuroraPrimary(root, ctx, aurora);
            databaseCluster = created.cluster;
            globalCluster = created.globalCluster;
          } else {
            const dbStack = scopes.secondaryDatabaseStack ?? scopes.stack;
            const dbRoot = dbStack === scopes.stack ? root : new Construct(dbStack, `${id}-${props.environment}`);
            // The key stays in the region's main stack; the database stack references it (same region and account).
            const created = createAuroraSecondary(dbRoot, ctx, aurora);
            databaseCluster = created.cluster;
            signals.push(created.signal);
            scopesDependency(dbStack, primaryScopes.stack);
            if (dbStack !== scopes.stack) scopesDependency(dbStack, scopes.stack);
          }
        }

        const triggers = new FailoverTriggers(root, 'Triggers', {
          environment: props.environment,
          region,
          signals: props.signals[region],
          evaluationPeriods: detection.alarmEvaluationPeriods,
          latencyThreshold: props.latencyThreshold ?? SEED_LATENCY_THRESHOLD,
          writerClusterIdentifier: pg && isPrimary ? drNames.cluster(props.environment, pg.name, region) : undefined,
          alarmActions,
        });
        if (alarmActions.length === 0) {
          acknowledgeFinding(triggers, 'cdk-validator-cfnguard::cloudwatch_alarm_action_check', NO_ALARM_ACTIONS);
          acknowledgeInCompliancePacks(triggers, 'CloudWatchAlarmAction', 'No alarmActions were given: the trigger alarms drive the ARC Region switch plan (its trigger and application-health alarms) and are exposed through MultiRegionDr.triggers, where the monitoring construct attaches paging, so failover and paging policy stay separate.');
        }

        let runbookFn: RunbookFunction | undefined;
        if (props.strategy.needsStandby) {
          runbookFn = new RunbookFunction(root, 'Runbook', {
            environment: props.environment,
            alarmArns: props.regions.map((r) => alarmArn(scopes.stack, r.region, drNames.alarm(props.environment, r.region, 'failover'))).concat(
              props.dns.healthCheckAlarms.map((a) => a.alarm.alarmArn),
            ),
            timeout: Duration.minutes(Math.min(15, Math.max(...runbook.steps({ scaleUp: false, dataPromotion: false }).map((s) => s.timeoutMinutes)))),
            removalPolicy,
            routingControls: routingControls && {
              clusterArn: routingControls.cluster.attrClusterArn,
              controlPlaneRegion: ARC_CONTROL_PLANE_REGION,
              routingControlArns: routingControls.routingControlArns,
              activeActive: props.strategy.recoveryApproach === 'activeActive',
            },
          });
        }
        const drills = (props.drills ?? []).filter((d) => d.region === region).map((drill) => new DrDrillResources(root, `Drill-${drill.key}`, {
          environment: props.environment, drill, defaultStopCondition: triggers.failover, clusterName: props.kubernetes?.clusterNames[region],
        }));
        const resilienceHub = new ResilienceHubObjectives(root, 'ResilienceHub', { environment: props.environment, tier: props.tier });
        regionResources.set(region, {
          region, key, triggers, replication: { region, signals }, bucket, table, databaseCluster, globalCluster, runbook: runbookFn, drills, resilienceHub,
        });
      }

      const stack = Stack.of(this);
      const planRegion = (region: string): PlanRegion => ({
        region,
        failoverAlarmName: drNames.alarm(props.environment, region, 'failover'),
        failoverAlarmArn: alarmArn(stack, region, drNames.alarm(props.environment, region, 'failover')),
        runbookFunctionArn: stack.formatArn({ service: 'lambda', region, resource: 'function', resourceName: `${props.environment}-failover-runbook`, arnFormat: undefined }).replace(':function/', ':function:'),
        dnsAlarmNames: props.dns.healthCheckAlarms.filter((a) => a.region === region && (a.purpose === 'routing' || a.purpose === 'endpoint')).map((a) => a.alarm.alarmName),
        auroraClusterArn: stores.postgres ? `arn:${stack.partition}:rds:${region}:${account}:cluster:${drNames.cluster(props.environment, stores.postgres.name, region)}` : undefined,
        eksClusterArn: props.kubernetes ? `arn:${stack.partition}:eks:${region}:${account}:cluster/${props.kubernetes.clusterNames[region]}` : undefined,
        routingControlArn: routingControls?.routingControlArns[region],
      });
      const plans: FailoverPlan[] = [];
      if (props.strategy.needsStandby) {
        const switchAlarm = props.dns.routingSwitchAlarms[0];
        for (const standby of standbys) {
          plans.push(new FailoverPlan(this, `Plan-${standby}`, {
            environment: props.environment,
            strategy: props.strategy,
            tier: props.tier,
            runbook,
            primary: planRegion(primary!.region),
            standby: planRegion(standby),
            globalClusterIdentifier: stores.postgres ? drNames.globalCluster(props.environment, stores.postgres.name) : undefined,
            scaledWorkloads: props.kubernetes?.workloads ?? [],
            scaleUp: standbyNeedsScaleUp({ regions: props.regions, strategy: props.strategy, capacity }),
            dnsSwitch: switchAlarm ? { hostname: props.dns.hostname, namespace: ROUTING_SWITCH_NAMESPACE, metric: ROUTING_SWITCH_METRIC, region: Stack.of(props.dns).region } : undefined,
            dnsAlarmRegion: Stack.of(props.dns).region,
            approvalRoleArn: iamRoleArn(account, props.approvalRoleName, stack.partition),
          }));
        }
      }
      return { plans, routingControls };
    });
    this.plans = built.plans;
    this.routingControls = built.routingControls;
    this.regionResources = regionResources;
    this.triggers = [...regionResources.values()].map((r) => r.triggers);
    this.replicationSignals = [...regionResources.values()].map((r) => r.replication);
  }
}

function alarmArn(stack: Stack, region: string, name: string): string {
  return `arn:${stack.partition}:cloudwatch:${region}:${stack.account}:alarm:${name}`;
}

/** `dependent` deploys after `dependency` (deployment order only; no value crosses regions). */
function scopesDependency(dependent: Stack, dependency: Stack): void {
  if (dependent !== dependency) dependent.addStackDependency(dependency, 'MultiRegionDr: replication target or global cluster must exist first');
}
