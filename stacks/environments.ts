import { Duration } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Duration as ManifestDuration } from 'cdk8s';
import { BackupPolicy, VaultLock } from '../lib/encrypted-backup-vault';
import { FailbackMode, GeoArea } from '../lib/geo-dns-routing';
import { CostBudgetPlan } from '../lib/monitoring-stack';
import { BackupProtection, DrDrill, DrStrategy, FailoverRunbook, RecoveryTier, RegionCapacity } from '../lib/multi-region-dr';
import {
  DatabaseNetworkAttributes, EnvironmentDescription, EnvironmentDrStores, EnvironmentMonitoringSettings, EnvironmentProfile, RegionLoadBalancerDescription,
  ServiceDefaults, ServiceDescription, ServicePublication, ServiceSloDescription, ServiceWorkload,
} from '../lib/platform';
import { CanaryStrategy } from '../lib/service-mesh-canary';

/** Break-glass role every environment's vaults admit, created and guarded by the identity team. */
const BREAK_GLASS_ROLE = 'resilience-backup-break-glass';

/** Dev's backups stay in its only region. */
const DEV_BACKUP_POLICY = BackupPolicy.seedTiers().withoutCopies();

/** Seeds: copies stay 30 days in the primary region and 90 days in DR regions. */
const COPY_RETENTION = { copyRetentionInPrimary: Duration.days(30), copyRetentionInStandby: Duration.days(90) };

/** Seeds: fail back no sooner than 4 hours after a failover. */
const FAILBACK_HOLD_DOWN = Duration.hours(4);

/** Availability zones the services spread over, by region. */
const ZONES: Record<string, string[]> = {
  'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
};

/** Mesh settings every environment shares: zones, 80 % of a region's traffic kept in the caller's zone. */
const MESH = { zones: ZONES, localZonePercent: 80, monitoringRelease: 'kube-prometheus-stack' } as const;

/** Role approvers assume to approve a failback, created and guarded by the identity team. */
const FAILBACK_APPROVER_ROLE = 'resilience-failback-approver';

/** The seeds' runbook (2 + 5 + 10 + 5 + 2 min) with the standby's scale-up step (5 min, from the last drill). */
const SEED_RUNBOOK = FailoverRunbook.seeds({ scaleUp: Duration.minutes(5) });

/**
 * The ALB in front of each cluster's ingress gateway (AWS Load Balancer Controller), whose metrics
 * the failover triggers watch. Placeholders in the same shape as the real dimensions: replace with
 * the deployed load balancers' ARN suffixes (`app/...`, `targetgroup/...`).
 */
function loadBalancers(account: string, regions: readonly string[]): Record<string, RegionLoadBalancerDescription> {
  return Object.fromEntries(regions.map((region, i) => [region, {
    loadBalancer: `app/ingress-${region}/${account.slice(0, 4)}${i}000000000ab`,
    targetGroup: `targetgroup/ingress-${region}/${account.slice(0, 4)}${i}000000000cd`,
  }]));
}

/** ARN of a region's ingress load balancer (registered with ARC zonal shift), from its metric dimension. */
function ingressArn(account: string, regions: readonly string[], region: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${loadBalancers(account, regions)[region].loadBalancer}`;
}

/** The API's pods in a region's cluster: what a pod deletion drill deletes one of. */
const API_PODS = { namespace: 'api', labelSelector: { 'app.kubernetes.io/name': 'api' } };

/**
 * The database networks (isolated subnets, one per zone) the network team provides per region,
 * imported by attributes (no lookup at synth). Placeholders in the shape of real ids: replace with
 * the team's VPC and subnet ids before deploying (README, "MultiRegionDr").
 */
function databaseNetworks(account: string, regions: readonly string[]): Record<string, DatabaseNetworkAttributes> {
  const id = (kind: string, r: number, z: number): string => `${kind}-0${account.slice(0, 4)}${r}${z}0000000000`;
  return Object.fromEntries(regions.map((region, r) => [region, {
    vpcId: id('vpc', r, 9),
    availabilityZones: ZONES[region],
    isolatedSubnetIds: ZONES[region].map((_, z) => id('subnet', r, z)),
    isolatedSubnetRouteTableIds: ZONES[region].map((_, z) => id('rtb', r, z)),
  }]));
}

/**
 * The seeds' data stores: object storage (delete markers not replicated, so a delete in the
 * primary never empties the replicas), a key-value table, PostgreSQL. Without replicas
 * (`backup`), each is protected by its backup tier, and its RPO is that tier's.
 */
function seedStores(account: string, regions: readonly string[], backup?: { policy: BackupPolicy }): EnvironmentDrStores {
  const protection = (tier: string, continuous = false): BackupProtection | undefined => {
    if (!backup) return undefined;
    const rpo = backup.policy.tiers.find((t) => t.name === tier)?.rpo;
    if (rpo === undefined) throw new Error(`seedStores: backup tier "${tier}" has no RPO in the policy`);
    return { interval: rpo, continuous };
  };
  return {
    objectStorage: { name: 'objects', deleteMarkers: 'do-not-replicate', backup: protection('incremental') },
    keyValue: { name: 'sessions', partitionKey: 'pk', backup: protection('incremental') },
    // The postgres tier takes continuous backups (point-in-time recovery).
    postgres: { name: 'orders', networks: databaseNetworks(account, regions), backup: protection('postgres', true) },
  };
}

/**
 * Defaults of every service: the web frontend calls them; every service is rate-limited per pod
 * (answering 429 over the limit). The seeds give no figure: 100 requests per second per pod
 * sustained, bursts to 200.
 */
const SERVICE_DEFAULTS: ServiceDefaults = {
  allowedServiceAccounts: ['web/frontend'],
  localRateLimit: { requestsPerInterval: 100, burst: 200 },
};

/** The seeds' SLOs of the public API: 99.9 % available and p95 under 1000 ms, over 30 days. */
const API_SLOS: readonly ServiceSloDescription[] = [
  { name: 'requests-availability', indicator: 'availability', objectivePercent: 99.9 },
  { name: 'requests-latency', indicator: 'latency', objectivePercent: 95, latencyThreshold: ManifestDuration.millis(1000) },
];

/**
 * Monitoring of one environment. Each team fills in its own Slack workspace and channel ids
 * (authorised once in AWS Chatbot) and creates, in every cluster's `monitoring` namespace, the
 * Secret `alertmanager-slack` (key `webhook-url`). The mesh's request metrics reach CloudWatch in
 * `Resilience/Mesh` (embedded metric format from each cluster's collector).
 */
function monitoring(environment: string, slackChannelId: string, extra: Partial<EnvironmentMonitoringSettings> = {}): EnvironmentMonitoringSettings {
  return {
    slack: { workspaceId: 'T0RESILIENCE', channelId: slackChannelId, channelName: `#resilience-${environment}-alerts`, kubernetesWebhookUrl: { name: 'alertmanager-slack', key: 'webhook-url' } },
    runbookBaseUrl: `https://runbooks.example.com/resilience/${environment}`,
    serviceMetricsNamespace: 'Resilience/Mesh',
    ...extra,
  };
}

/**
 * The seeds' services, the same set in every environment: the public API on the environment's
 * delivery strategy, the main service, background jobs, executions and the internal health checks.
 * Tracing sampling from the seeds (main 20 %, API 30 %, background jobs 5 %, health checks 1 %,
 * executions 50 %), carried for MonitoringStack.
 */
function seedServices(apiStrategy: CanaryStrategy, apiCanaryImage?: string): ServiceDescription[] {
  return [
    {
      name: 'api',
      workload: ServiceWorkload.image({ image: 'registry.example.com/api:1.0.0', canaryImage: apiCanaryImage }),
      strategy: apiStrategy,
      publication: ServicePublication.public({ hostLabel: 'api' }),
      tracingSamplingPercent: 30,
      slos: API_SLOS,
    },
    { name: 'main', workload: ServiceWorkload.image({ image: 'registry.example.com/main:1.0.0' }), strategy: CanaryStrategy.seedProgressive(), backupTier: 'postgres', tracingSamplingPercent: 20, allowedServiceAccounts: ['web/frontend', 'api/api'] },
    { name: 'background-jobs', workload: ServiceWorkload.image({ image: 'registry.example.com/background-jobs:1.0.0' }), backupTier: 'redis', tracingSamplingPercent: 5, allowedServiceAccounts: ['main/main'] },
    { name: 'executions', workload: ServiceWorkload.image({ image: 'registry.example.com/executions:1.0.0' }), backupTier: 'postgres', tracingSamplingPercent: 50, allowedServiceAccounts: ['main/main', 'background-jobs/background-jobs'] },
    { name: 'health-checks', workload: ServiceWorkload.image({ image: 'registry.example.com/health-checks:1.0.0' }), tracingSamplingPercent: 1, allowedServiceAccounts: ['monitoring/prometheus'] },
  ];
}

/**
 * The platform, as data. Everything that differs between environments is here; the constructs
 * hold only their defaults and presets.
 */
export const ENVIRONMENTS: readonly EnvironmentDescription[] = [
  {
    name: 'dev',
    account: '111111111111',
    profile: EnvironmentProfile.preProduction(),
    regions: [{ region: 'us-east-1', role: 'primary' }],
    backup: {
      policy: DEV_BACKUP_POLICY,
      copyToOtherRegions: false,
      ...COPY_RETENTION,
      breakGlassRoleName: BREAK_GLASS_ROLE,
    },
    // Backup and restore on one region at T4: restore takes 4 hours (rebuild and restore, last drill).
    dr: {
      strategy: DrStrategy.backupAndRestore({ restoreTime: Duration.hours(4) }),
      tier: RecoveryTier.t4(),
      // One replica per zone: dev has no standby to scale to.
      capacity: RegionCapacity.of({ zones: 3, replicasByRole: { primary: 3 } }),
      stores: seedStores('111111111111', ['us-east-1'], { policy: DEV_BACKUP_POLICY }),
      approvalRoleName: FAILBACK_APPROVER_ROLE,
      loadBalancers: loadBalancers('111111111111', ['us-east-1']),
    },
    // API on a fixed 90/10 split; zone-aware 80/20.
    mesh: { ...MESH, locality: 'zone-aware', eastWestGateway: false },
    serviceDefaults: SERVICE_DEFAULTS,
    services: seedServices(CanaryStrategy.seedFixedSplit(), 'registry.example.com/api:1.1.0'),
    // Everything to Slack; nobody is paged.
    monitoring: monitoring('dev', 'C0DEVALERTS'),
    // A single simple record to the only region.
    dns: { zoneName: 'dev.resilience.example.com', routing: 'simple' },
  },
  {
    name: 'staging',
    account: '222222222222',
    profile: EnvironmentProfile.preProduction(),
    regions: [
      { region: 'us-east-1', role: 'primary' },
      { region: 'us-west-2', role: 'hot-standby' },
    ],
    backup: {
      policy: BackupPolicy.seedTiers(),
      lock: VaultLock.governance({ minRetention: Duration.days(1), maxRetention: Duration.days(3650) }),
      copyToOtherRegions: true,
      ...COPY_RETENTION,
      breakGlassRoleName: BREAK_GLASS_ROLE,
    },
    // Rehearses prod's plan on two regions, with the same capacity and stores, and drills every Tuesday.
    dr: {
      strategy: DrStrategy.hotStandby(),
      tier: RecoveryTier.t2(),
      capacity: RegionCapacity.seeds(),
      runbook: SEED_RUNBOOK,
      stores: seedStores('222222222222', ['us-east-1', 'us-west-2']),
      approvalRoleName: FAILBACK_APPROVER_ROLE,
      loadBalancers: loadBalancers('222222222222', ['us-east-1', 'us-west-2']),
      // Every drill in the standby, one a weekday morning: a zone's network cut (Tuesday), its traffic
      // shifted away by ARC (Wednesday), an API pod deleted (Thursday).
      drills: [DrDrill.zoneNetworkDisruption({
        region: 'us-west-2',
        zone: 'us-west-2a',
        subnetTags: { 'resilience:subnet-tier': 'workload' },
        schedule: scheduler.ScheduleExpression.cron({ weekDay: 'TUE', hour: '10', minute: '0' }),
      }), DrDrill.zonalShift({
        region: 'us-west-2',
        zone: 'us-west-2b',
        resourceArns: [ingressArn('222222222222', ['us-east-1', 'us-west-2'], 'us-west-2')],
        schedule: scheduler.ScheduleExpression.cron({ weekDay: 'WED', hour: '10', minute: '0' }),
      }), DrDrill.podDelete({
        region: 'us-west-2',
        ...API_PODS,
        schedule: scheduler.ScheduleExpression.cron({ weekDay: 'THU', hour: '10', minute: '0' }),
      })],
    },
    // API on the progressive canary (10/25/50/100 %, ten minutes each); each region fails over to the other.
    mesh: { ...MESH, locality: 'region-failover', eastWestGateway: true },
    serviceDefaults: SERVICE_DEFAULTS,
    services: seedServices(CanaryStrategy.seedProgressive()),
    // Everything to Slack; nobody is paged.
    monitoring: monitoring('staging', 'C0STAGINGALERTS'),
    // Latency over both regions, each a failover pair to the other.
    // Same failback as prod, so the prod runbook (operator switch) is rehearsed here first.
    dns: { zoneName: 'staging.resilience.example.com', routing: 'latency-failover', failback: FailbackMode.operatorSwitch({ holdDown: FAILBACK_HOLD_DOWN }) },
  },
  {
    name: 'prod',
    account: '333333333333',
    profile: EnvironmentProfile.production(),
    regions: [
      { region: 'us-east-1', role: 'primary' },
      { region: 'us-west-2', role: 'hot-standby' },
      { region: 'eu-west-1', role: 'warm-standby' },
    ],
    backup: {
      policy: BackupPolicy.seedTiers(),
      lock: VaultLock.compliance({ minRetention: Duration.days(1), maxRetention: Duration.days(3650), changeableFor: Duration.hours(72) }),
      acknowledgeIrreversibleComplianceLock: true,
      copyToOtherRegions: true,
      ...COPY_RETENTION,
      breakGlassRoleName: BREAK_GLASS_ROLE,
    },
    // The seeds: primary 9 (3 per zone), hot standby 6, warm standby 3, each scaling to 9 on failover.
    // T2: the 24-minute runbook misses T1's 15 minutes, and S3 RTC's 15-minute threshold T1's 5.
    dr: {
      strategy: DrStrategy.hotStandby(),
      tier: RecoveryTier.t2(),
      capacity: RegionCapacity.seeds(),
      runbook: SEED_RUNBOOK,
      stores: seedStores('333333333333', ['us-east-1', 'us-west-2', 'eu-west-1']),
      approvalRoleName: FAILBACK_APPROVER_ROLE,
      loadBalancers: loadBalancers('333333333333', ['us-east-1', 'us-west-2', 'eu-west-1']),
      // Templates only, started by hand on a game day once staging's scheduled runs pass: the
      // drills that touch only routing and one workload (an ARC zonal shift, which FIS cancels when
      // a stop condition fires; one API pod in each standby). No network cut in prod: it denies all
      // traffic of every tagged subnet in the zone, whatever else runs there; staging rehearses it.
      drills: [
        DrDrill.zonalShift({ region: 'us-west-2', zone: 'us-west-2b', resourceArns: [ingressArn('333333333333', ['us-east-1', 'us-west-2', 'eu-west-1'], 'us-west-2')] }),
        DrDrill.podDelete({ region: 'us-west-2', ...API_PODS }),
        DrDrill.podDelete({ region: 'eu-west-1', ...API_PODS }),
      ],
    },
    // Cross-cluster weights 40/40/20, each region's share split 80/20 by zone.
    mesh: { ...MESH, locality: 'zone-aware', crossClusterWeights: { 'us-east-1': 40, 'us-west-2': 40, 'eu-west-1': 20 }, eastWestGateway: true },
    serviceDefaults: SERVICE_DEFAULTS,
    // API on the progressive canary.
    services: seedServices(CanaryStrategy.seedProgressive()),
    // Critical pages PagerDuty (key in Secrets Manager, replicated to every prod region, and in the
    // clusters' Secret `alertmanager-pagerduty`); warning and info go to Slack. The account's
    // budgets ($100K/month, split by service and by resource) live here, in the primary region.
    monitoring: monitoring('prod', 'C0PRODALERTS', {
      pagerDuty: { integrationKeySecretName: 'resilience/prod/pagerduty', kubernetesRoutingKey: { name: 'alertmanager-pagerduty', key: 'routing-key' } },
      budgets: CostBudgetPlan.seeds(),
    }),
    // Country and state rules at the top, latency below, a failover pair to the standby under each
    // region. The seeds' alternative: routing: 'weighted', weights: { 'us-east-1': 70, 'us-west-2': 20, 'eu-west-1': 10 }.
    dns: {
      zoneName: 'resilience.example.com',
      // The existing public zone, imported by id (no lookup at synth); replace with the real id.
      hostedZoneId: 'Z0123456789PRODZONE01',
      routing: 'geo-latency-failover',
      geoOverrides: [
        { area: GeoArea.country('DE'), region: 'eu-west-1' },
        { area: GeoArea.country('FR'), region: 'eu-west-1' },
        { area: GeoArea.usState('CA'), region: 'us-west-2' },
        { area: GeoArea.usState('WA'), region: 'us-west-2' },
      ],
      // Manual failback without ARC: a failed-over region is back only after 4 h of health AND once
      // an operator has set its switch ON again (README, failback runbook).
      failback: FailbackMode.operatorSwitch({ holdDown: FAILBACK_HOLD_DOWN }),
    },
  },
];
