import { Duration } from 'aws-cdk-lib';
import { BackupPolicy, VaultLock } from '../lib/encrypted-backup-vault';
import { FailbackMode, GeoArea } from '../lib/geo-dns-routing';
import { CanaryStrategy } from '../lib/service-mesh-canary';
import { EnvironmentDescription } from './environment-model';
import { ServiceMeshSettings } from './service-mesh-chart';

/** Break-glass role every environment's vaults admit, created and guarded by the identity team. */
const BREAK_GLASS_ROLE = 'resilience-backup-break-glass';

/** Seeds: copies stay 30 days in the primary region and 90 days in DR regions. */
const COPY_RETENTION = { copyRetentionInPrimary: Duration.days(30), copyRetentionInStandby: Duration.days(90) };

/** Seeds: fail back no sooner than 4 hours after a failover. */
const FAILBACK_HOLD_DOWN = Duration.hours(4);

/** Availability zones the API service spreads over, by region. */
const ZONES: Record<string, string[]> = {
  'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
};

/** The seeds' main API service: the same image, callers and monitoring release everywhere. */
const API_SERVICE = {
  image: 'registry.example.com/api:1.0.0',
  zones: ZONES,
  localZonePercent: 80,
  allowedServiceAccounts: ['web/frontend'],
  monitoringRelease: 'kube-prometheus-stack',
} satisfies Partial<ServiceMeshSettings>;

/**
 * The platform, as data. Everything that differs between environments is here; the constructs
 * hold only their defaults and presets.
 */
export const ENVIRONMENTS: readonly EnvironmentDescription[] = [
  {
    name: 'dev',
    account: '111111111111',
    regions: [{ region: 'us-east-1', role: 'primary' }],
    backup: {
      policy: BackupPolicy.seedTiers().withoutCopies(),
      copyToOtherRegions: false,
      ...COPY_RETENTION,
      breakGlassRoleName: BREAK_GLASS_ROLE,
    },
    // Fixed 90/10 split; zone-aware 80/20.
    serviceMesh: {
      ...API_SERVICE,
      canaryImage: 'registry.example.com/api:1.1.0',
      strategy: CanaryStrategy.seedFixedSplit(),
      replicasByRole: { primary: { min: 1, max: 3 } },
      locality: 'zone-aware',
      eastWestGateway: false,
    },
    // A single simple record to the only region.
    dns: { zoneName: 'dev.resilience.example.com', routing: 'simple' },
  },
  {
    name: 'staging',
    account: '222222222222',
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
    // Progressive canary (10/25/50/100 %, ten minutes each); each region fails over to the other.
    serviceMesh: {
      ...API_SERVICE,
      strategy: CanaryStrategy.seedProgressive(),
      replicasByRole: { 'primary': { min: 2, max: 6 }, 'hot-standby': { min: 2, max: 6 } },
      locality: 'region-failover',
      eastWestGateway: true,
    },
    // Latency over both regions, each a failover pair to the other.
    // Same failback as prod, so the prod runbook (operator switch) is rehearsed here first.
    dns: { zoneName: 'staging.resilience.example.com', routing: 'latency-failover', failback: FailbackMode.operatorSwitch({ holdDown: FAILBACK_HOLD_DOWN }) },
  },
  {
    name: 'prod',
    account: '333333333333',
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
    // Progressive canary; cross-cluster weights 40/40/20, each region's share split 80/20 by zone.
    // The warm standby runs fewer replicas; its HPA scales it up on failover.
    serviceMesh: {
      ...API_SERVICE,
      strategy: CanaryStrategy.seedProgressive(),
      replicasByRole: { 'primary': { min: 3, max: 12 }, 'hot-standby': { min: 3, max: 12 }, 'warm-standby': { min: 2, max: 6 } },
      locality: 'zone-aware',
      crossClusterWeights: { 'us-east-1': 40, 'us-west-2': 40, 'eu-west-1': 20 },
      eastWestGateway: true,
    },
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
