import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  invalid, RegionPlacement, RegionRole, requireAwsRegion, requireIntegerInRange, requireKebabName, requireUnique, ValidationCollector,
} from '../core';
import { BackupPolicy, VaultLock } from '../encrypted-backup-vault';
import { CanaryStrategy, ReplicaRange } from '../service-mesh-canary';
import { EnvironmentProfile } from './environment-profile';
import { EnvironmentDrDescription, validateDrDescription, validateRoutingControlsDns, validateTrafficAgreement } from './dr-model';
import type { EnvironmentDnsSettings } from './global-stack';
import type { EnvironmentMonitoringSettings } from './monitoring-settings';
import type { EnvironmentMeshSettings } from './service-mesh-chart';
import { PlatformService, SERVICE_DEFAULTS, ServiceDefaults, ServiceDescription, ServicePublication } from './service-model';
import { shardOf } from './service-sharding';

/** A region of an environment as written in the description: role by name, checked on validation. */
export interface RegionDescription {
  readonly region: string;
  /** `primary`, `hot-standby` or `warm-standby`. */
  readonly role: string;
}

/** Backup settings of an environment. */
export interface EnvironmentBackupDescription {
  readonly policy: BackupPolicy;
  /** @default - no lock */
  readonly lock?: VaultLock;
  /** Opt-in required for a compliance lock. @default false */
  readonly acknowledgeIrreversibleComplianceLock?: boolean;
  /** Copy rules that ask for it to the environment's other regions. */
  readonly copyToOtherRegions: boolean;
  /** Retention of copies landing in the primary region. */
  readonly copyRetentionInPrimary: Duration;
  /** Retention of copies landing in a standby (DR) region. */
  readonly copyRetentionInStandby: Duration;
  /** Name of the IAM role allowed to delete recovery points and change vault policies. */
  readonly breakGlassRoleName: string;
}

/**
 * Capacity by region role: the replica range (HPA min/max) of every service in a region of that
 * role, derived from the environment's `dr.capacity` (MultiRegionDr's RegionCapacity, the one place
 * the numbers live).
 */
export type CapacityByRole = Readonly<Record<string, ReplicaRange>>;

/** How a region's per-service AWS resources are spread over stacks. */
export interface ServiceStacksLayout {
  /**
   * Number of services stacks per region. Services are hashed into them by name (rendezvous
   * hashing): raising the count moves about 1/(n+1) of the services, each to the new stack, where
   * their resources are replaced; pin those to keep (`shard` on the service) before raising it.
   * @default 4
   */
  readonly shards?: number;
}

/** One environment (dev, staging, prod) as typed data. */
export interface EnvironmentDescription {
  /** Environment name, kebab-case; prefixes every physical name. */
  readonly name: string;
  /**
   * 12-digit AWS account id. Context `resilience:account:<name>` overrides it; `CDK_DEFAULT_ACCOUNT`
   * (the CLI's current credentials) is never used, so credentials of another account fail to deploy
   * instead of moving the environment.
   * @default - context `resilience:account:<name>`, required when this is unset
   */
  readonly account?: string;
  /** Termination protection, removal policies: what the environment's stakes decide. */
  readonly profile: EnvironmentProfile;
  readonly regions: readonly RegionDescription[];
  /** Disaster recovery (MultiRegionDr): strategy, tier, capacity by role, stores, runbook, drills. */
  readonly dr: EnvironmentDrDescription;
  readonly backup: EnvironmentBackupDescription;
  /** Mesh settings shared by every service: zones, locality, east–west gateway, monitoring release. */
  readonly mesh: EnvironmentMeshSettings;
  /** Route 53 zone and default routing of the public services. */
  readonly dns: EnvironmentDnsSettings;
  /** Settings every service takes unless it sets its own. @default - none */
  readonly serviceDefaults?: ServiceDefaults;
  /** The services of the environment. */
  readonly services: readonly ServiceDescription[];
  /** @default - 4 services stacks per region */
  readonly serviceStacks?: ServiceStacksLayout;
  /** Alert routing, runbooks and budgets of the environment's MonitoringStacks. @default - not monitored */
  readonly monitoring?: EnvironmentMonitoringSettings;
}

/** An environment after validation: roles resolved, account decided, primary found, services resolved. */
export interface Environment {
  readonly name: string;
  readonly account: string;
  readonly profile: EnvironmentProfile;
  readonly regions: readonly RegionPlacement[];
  readonly primary: RegionPlacement;
  /** Replica range by region role for every service, from `dr.capacity`. */
  readonly capacity: CapacityByRole;
  readonly dr: EnvironmentDrDescription;
  readonly backup: EnvironmentBackupDescription;
  readonly mesh: EnvironmentMeshSettings;
  readonly dns: EnvironmentDnsSettings;
  readonly services: readonly PlatformService[];
  /** Number of services stacks per region. */
  readonly serviceShards: number;
  readonly monitoring?: EnvironmentMonitoringSettings;
}

/** Where an account may come from besides the description. */
export interface AccountOverrides {
  /** From CDK context `resilience:account:<name>`, by environment name. */
  readonly context: (environmentName: string) => string | undefined;
}

/** The context key of an environment's account. */
export function accountContextKey(environmentName: string): string {
  return `resilience:account:${environmentName}`;
}

/** Default number of services stacks per region. */
export const DEFAULT_SERVICE_SHARDS = 4;
/** Upper bound of services stacks per region: far beyond need, low enough to catch a typo. */
const MAX_SERVICE_SHARDS = 64;

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Validates what spans constructs (each construct validates its own props): names, regions and
 * roles, exactly one primary, no region twice, account ids, capacity, profile, every service.
 * Every environment and every service is checked; all errors are thrown together.
 */
export function validateEnvironments(descriptions: readonly EnvironmentDescription[], overrides?: AccountOverrides): Environment[] {
  const collector = new ValidationCollector('environments');
  collector.check(() => requireUnique('environments', 'name', descriptions.map((d) => d.name)));
  const environments: Environment[] = [];
  collector.checkEach(descriptions, (d) => {
    const environment = validateEnvironment(d, overrides);
    environments.push(environment);
  });
  collector.throwIfAny();
  return environments;
}

function validateEnvironment(description: EnvironmentDescription, overrides?: AccountOverrides): Environment {
  const path = `environments.${description.name}`;
  const c = new ValidationCollector(path);
  c.check(() => requireKebabName('environments', 'name', description.name, 20));

  const account = overrides?.context(description.name) ?? description.account;
  c.check(() => {
    if (account === undefined) invalid(path, 'account', undefined, `a 12-digit AWS account id, in the description or in context "${accountContextKey(description.name)}"`);
    if (!ACCOUNT_ID.test(account)) invalid(path, 'account', account, 'a 12-digit AWS account id');
  });

  c.check(() => {
    if (description.regions.length === 0) invalid(path, 'regions', [], 'at least one region');
  });
  const regions: RegionPlacement[] = [];
  c.checkEach(description.regions, (r, i) => {
    requireAwsRegion(path, `regions[${i}].region`, r.region);
    regions.push({ region: r.region, role: RegionRole.of(path, `regions[${i}].role`, r.role) });
  });
  c.check(() => requireUnique(path, 'regions[].region', description.regions.map((r) => r.region)));

  const primaries = regions.filter((r) => r.role.isPrimary);
  c.check(() => {
    if (regions.length > 0 && regions.length === description.regions.length && primaries.length !== 1) {
      invalid(path, 'regions[].role', primaries.map((p) => `${p.region}=primary`), 'exactly one region with role "primary"');
    }
  });
  c.check(() => {
    if (description.backup.copyToOtherRegions && description.regions.length < 2) {
      invalid(path, 'backup.copyToOtherRegions', true, 'false for an environment with a single region: there is no other region to copy to');
    }
  });
  let capacity: CapacityByRole = {};
  c.check(() => {
    // DR checks need the regions resolved with exactly one primary (reported above otherwise).
    if (regions.length === description.regions.length && primaries.length === 1) capacity = validateDrDescription(path, description.dr, regions, description.mesh.zones);
  });
  c.check(() => validateProfile(path, description));
  c.checkEach(description.regions, (r) => {
    if (!description.mesh.zones[r.region]) invalid(path, `mesh.zones.${r.region}`, undefined, 'the availability zones of every region of the environment');
  });
  c.check(() => {
    const mesh = description.mesh;
    if (mesh.locality === 'region-failover' && mesh.crossClusterWeights) invalid(path, 'mesh.crossClusterWeights', mesh.crossClusterWeights, 'unset with locality "region-failover": Istio takes either weights or failover');
    if (mesh.locality === 'region-failover' && description.regions.length < 2) invalid(path, 'mesh.locality', mesh.locality, '"zone-aware" for a single-region environment: there is no region to fail over to');
  });

  c.check(() => validateTrafficAgreement(path, description.dr.strategy, description.dns, description.mesh));
  c.check(() => validateRoutingControlsDns(path, description.dr, {
    routing: description.dns.routing,
    failback: description.dns.failback,
    serviceRoutings: Object.fromEntries(description.services.filter((s) => s.publication?.isPublic).map((s) => [s.name, s.publication!.publicOptions!.routing])),
  }));

  const shards = description.serviceStacks?.shards ?? DEFAULT_SERVICE_SHARDS;
  c.check(() => requireIntegerInRange(path, 'serviceStacks.shards', shards, 1, MAX_SERVICE_SHARDS));

  const services: PlatformService[] = [];
  const regionNames = description.regions.map((r) => r.region);
  c.check(() => requireUnique(path, 'services[].name', description.services.map((s) => s.name)));
  c.checkEach(description.services, (s, i) => {
    services.push(resolveService(`${path}.services[${i}]`, description, s, regionNames, shards));
  });
  c.check(() => {
    const labels = services.filter((s) => s.publication.isPublic).map((s) => s.publication.publicOptions!.hostLabel);
    requireUnique(path, 'services[].publication.hostLabel', labels);
  });
  c.check(() => validateZoneService(path, description));
  c.throwIfAny();

  return {
    name: description.name,
    account: account!,
    profile: description.profile,
    regions,
    primary: primaries[0],
    capacity,
    dr: description.dr,
    backup: description.backup,
    mesh: description.mesh,
    dns: description.dns,
    services,
    serviceShards: shards,
    monitoring: description.monitoring,
  };
}

function validateProfile(path: string, description: EnvironmentDescription): void {
  const policy = description.profile.statefulRemovalPolicy;
  const kept = [RemovalPolicy.RETAIN, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE];
  if (![...kept, RemovalPolicy.DESTROY].includes(policy)) {
    invalid(path, 'profile.statefulRemovalPolicy', policy, 'RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY: keys, vaults and hosted zones have no snapshot');
  }
  if (policy === RemovalPolicy.DESTROY && description.backup.lock) {
    invalid(path, 'profile.statefulRemovalPolicy', policy, 'RETAIN or RETAIN_ON_UPDATE_OR_DELETE for an environment whose vault is locked: AWS Backup refuses to delete a locked vault holding recovery points');
  }
}

function validateZoneService(path: string, description: EnvironmentDescription): void {
  const publicNames = description.services.filter((s) => s.publication?.isPublic).map((s) => s.name);
  const zoneService = description.dns.zoneService;
  if (zoneService === undefined) {
    if (publicNames.length > 1) invalid(path, 'dns.zoneService', undefined, `the public service whose routing holds the zone, one of ${publicNames.join(', ')} (required with more than one public service)`);
    return;
  }
  if (!publicNames.includes(zoneService)) invalid(path, 'dns.zoneService', zoneService, `a public service of the environment: ${publicNames.join(', ') || 'none'}`);
}

/** Applies the environment's defaults to one service (the one `??` place) and checks it. */
function resolveService(path: string, environment: EnvironmentDescription, s: ServiceDescription, regionNames: readonly string[], shards: number): PlatformService {
  const d = environment.serviceDefaults ?? {};
  const c = new ValidationCollector(path);
  c.check(() => requireKebabName(path, 'name', s.name, 40));
  const namespace = s.namespace ?? s.name;
  c.check(() => {
    if (s.namespace !== undefined) requireKebabName(path, 'namespace', s.namespace, 63);
  });
  const regions = s.regions ?? regionNames;
  c.check(() => {
    // An environment without regions is reported once, on the environment.
    if (regions.length === 0 && regionNames.length > 0) invalid(path, 'regions', [], 'at least one region of the environment');
  });
  c.checkEach(regions, (region, i) => {
    if (!regionNames.includes(region)) invalid(path, `regions[${i}]`, region, `a region of the environment: ${regionNames.join(', ')}`);
  });
  c.check(() => requireUnique(path, 'regions', regions));
  const publication = s.publication ?? ServicePublication.internal();
  c.check(() => {
    if (publication.isPublic) requireKebabName(path, 'publication.hostLabel', publication.publicOptions!.hostLabel, 40);
  });
  c.check(() => {
    // DNS routes a public hostname over every region of the environment (failover pairs included).
    if (publication.isPublic && regions.length !== regionNames.length) {
      invalid(path, 'regions', regions, `every region of the environment for a public service (${regionNames.join(', ')}): its hostname is routed over all of them`);
    }
  });
  c.check(() => {
    // A public service in a subset of the regions is already reported above.
    if (!publication.isPublic) validateLocality(path, environment, regions, regionNames);
  });
  const backupTier = s.backupTier ?? d.backupTier;
  c.check(() => {
    const tiers = environment.backup.policy.tiers.map((t) => t.name);
    if (backupTier !== undefined && !tiers.includes(backupTier)) invalid(path, 'backupTier', backupTier, `a tier of the environment's backup policy: ${tiers.join(', ')}`);
  });
  const serviceAccountName = s.workload.deploymentOptions?.serviceAccountName ?? s.name;
  c.check(() => {
    if (s.workload.kind === 'deployment') requireKebabName(path, 'workload.serviceAccountName', serviceAccountName, 63);
  });
  c.check(() => {
    // ServiceMeshCanary's default strategy is the seeds' fixed split, which runs a canary track.
    const strategy = s.strategy ?? d.strategy ?? CanaryStrategy.seedFixedSplit();
    if (s.workload.kind === 'deployment' && !strategy.usesRollout && strategy.staticTracks.includes('canary') && !s.workload.deploymentOptions!.buildCanary) {
      invalid(path, 'workload.buildCanary', undefined, `a canary Deployment builder for the static strategy "${strategy.kind}" (it runs a canary track)`);
    }
    if (s.workload.deploymentOptions?.buildCanary && (strategy.usesRollout || !strategy.staticTracks.includes('canary'))) {
      invalid(path, 'workload.buildCanary', 'a builder', `unset for the strategy "${strategy.kind}": it runs no canary Deployment (a Rollout, or the stable track only)`);
    }
  });
  c.check(() => {
    // The probes belong to the construct's own builder; a handed-in Deployment carries its own.
    for (const prop of ['livenessPath', 'readinessPath'] as const) {
      if (s.workload.kind === 'deployment' && s[prop] !== undefined) invalid(path, prop, s[prop], 'unset with a handed-in Deployment: set its probes on its containers');
    }
  });
  const allowedServiceAccounts = s.allowedServiceAccounts ?? d.allowedServiceAccounts ?? [];
  c.check(() => {
    if (allowedServiceAccounts.length === 0) invalid(path, 'allowedServiceAccounts', [], 'at least one caller as "<namespace>/<service account>", on the service or in serviceDefaults');
  });
  c.check(() => {
    if (s.shard !== undefined) requireIntegerInRange(path, 'shard', s.shard, 0, shards - 1);
  });
  c.throwIfAny();
  return {
    name: s.name,
    namespace,
    workload: s.workload,
    serviceAccountName,
    publication,
    regions: [...regions],
    strategy: s.strategy ?? d.strategy,
    localRateLimit: s.localRateLimit ?? d.localRateLimit,
    allowedServiceAccounts,
    port: s.port ?? d.port ?? SERVICE_DEFAULTS.port,
    livenessPath: s.livenessPath ?? d.livenessPath ?? SERVICE_DEFAULTS.livenessPath,
    readinessPath: s.readinessPath ?? d.readinessPath ?? SERVICE_DEFAULTS.readinessPath,
    backupTier,
    tracingSamplingPercent: s.tracingSamplingPercent ?? d.tracingSamplingPercent,
    slos: s.slos ?? d.slos ?? [],
    dataStores: s.dataStores ?? [],
    shard: s.shard ?? shardOf(s.name, shards),
  };
}

/** A service in a subset of the regions must still find its locality targets among its own regions. */
function validateLocality(path: string, environment: EnvironmentDescription, regions: readonly string[], regionNames: readonly string[]): void {
  if (regions.length === regionNames.length) return;
  const mesh = environment.mesh;
  if (mesh.locality === 'zone-aware' && mesh.crossClusterWeights) {
    invalid(path, 'regions', regions, `every region of the environment (${regionNames.join(', ')}) with cross-cluster weights: they send traffic to every region`);
  }
  if (mesh.locality === 'region-failover') {
    for (const region of regions) {
      const target = failoverTarget(environment.regions, region);
      if (target !== undefined && !regions.includes(target)) {
        invalid(path, 'regions', regions, `a set holding the failover target of each of its regions (${region} fails over to ${target}) with locality "region-failover"`);
      }
    }
  }
}

/**
 * The region `region` fails over to: the primary to its hot standby (else its warm standby), every
 * standby to the primary. Undefined in a single-region environment. DNS failover pairs and mesh
 * locality failover both follow this one rule.
 */
export function failoverRegionOf(environment: Environment, region: string): string | undefined {
  return failoverTarget(environment.regions.map((r) => ({ region: r.region, role: r.role.name })), region);
}

/** The one failover rule, on regions with their role names (before or after validation). */
function failoverTarget(regions: readonly RegionDescription[], region: string): string | undefined {
  const placement = regions.find((r) => r.region === region);
  if (!placement) return undefined;
  const primary = regions.find((r) => r.role === RegionRole.PRIMARY.name);
  if (placement.role !== RegionRole.PRIMARY.name) return primary?.region;
  const byRole = (role: RegionRole): RegionDescription | undefined => regions.find((r) => r.role === role.name);
  return (byRole(RegionRole.HOT_STANDBY) ?? byRole(RegionRole.WARM_STANDBY))?.region;
}
