import { Duration } from 'aws-cdk-lib';
import { invalid, RegionPlacement, RegionRole, requireAwsRegion, requireKebabName, requireUnique } from '../lib/core';
import { BackupPolicy, VaultLock } from '../lib/encrypted-backup-vault';
import type { EnvironmentDnsSettings } from './global-stack';
import { ServiceMeshSettings } from './service-mesh-chart';

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

/** One environment (dev, staging, prod) as typed data. */
export interface EnvironmentDescription {
  /** Environment name, kebab-case; prefixes every physical name. */
  readonly name: string;
  /** 12-digit AWS account id; overridable by context `resilience:account:<name>` or `CDK_DEFAULT_ACCOUNT`. */
  readonly account: string;
  readonly regions: readonly RegionDescription[];
  readonly backup: EnvironmentBackupDescription;
  /** The main API service on the mesh: strategy, replicas by role, locality. */
  readonly serviceMesh: ServiceMeshSettings;
  /** Route 53 routing of the environment's hostname. */
  readonly dns: EnvironmentDnsSettings;
}

/** An environment after validation: roles resolved, account decided, primary found. */
export interface Environment {
  readonly name: string;
  readonly account: string;
  readonly regions: readonly RegionPlacement[];
  readonly primary: RegionPlacement;
  readonly backup: EnvironmentBackupDescription;
  readonly serviceMesh: ServiceMeshSettings;
  readonly dns: EnvironmentDnsSettings;
}

/** Where an account override may come from, in order of precedence. */
export interface AccountOverrides {
  /** From CDK context, by environment name. */
  readonly context: (environmentName: string) => string | undefined;
  /** `CDK_DEFAULT_ACCOUNT`, when set. */
  readonly defaultAccount?: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Validates what spans constructs (each construct validates its own props): names, regions and
 * roles, exactly one primary, no region twice, account ids.
 */
export function validateEnvironments(descriptions: readonly EnvironmentDescription[], overrides?: AccountOverrides): Environment[] {
  requireUnique('environments', 'name', descriptions.map((d) => d.name));
  return descriptions.map((d) => validateEnvironment(d, overrides));
}

function validateEnvironment(description: EnvironmentDescription, overrides?: AccountOverrides): Environment {
  const path = `environments.${description.name}`;
  requireKebabName('environments', 'name', description.name, 20);

  const account = overrides?.context(description.name) ?? overrides?.defaultAccount ?? description.account;
  if (!ACCOUNT_ID.test(account)) {
    invalid(path, 'account', account, 'a 12-digit AWS account id');
  }

  if (description.regions.length === 0) {
    invalid(path, 'regions', [], 'at least one region');
  }
  const regions = description.regions.map((r, i): RegionPlacement => {
    requireAwsRegion(path, `regions[${i}].region`, r.region);
    return { region: r.region, role: RegionRole.of(path, `regions[${i}].role`, r.role) };
  });
  requireUnique(path, 'regions[].region', regions.map((r) => r.region));

  const primaries = regions.filter((r) => r.role.isPrimary);
  if (primaries.length !== 1) {
    invalid(path, 'regions[].role', primaries.map((p) => `${p.region}=primary`), 'exactly one region with role "primary"');
  }
  if (description.backup.copyToOtherRegions && regions.length < 2) {
    invalid(path, 'backup.copyToOtherRegions', true, 'false for an environment with a single region: there is no other region to copy to');
  }
  return { name: description.name, account, regions, primary: primaries[0], backup: description.backup, serviceMesh: description.serviceMesh, dns: description.dns };
}

/**
 * The region `region` fails over to: the primary to its hot standby (else its warm standby), every
 * standby to the primary. Undefined in a single-region environment. DNS failover pairs and mesh
 * locality failover both follow this one rule.
 */
export function failoverRegionOf(environment: Environment, region: string): string | undefined {
  const placement = environment.regions.find((r) => r.region === region);
  if (!placement) return undefined;
  if (!placement.role.isPrimary) return environment.primary.region;
  const byRole = (name: string): RegionPlacement | undefined => environment.regions.find((r) => r.role.name === name);
  return (byRole('hot-standby') ?? byRole('warm-standby'))?.region;
}
