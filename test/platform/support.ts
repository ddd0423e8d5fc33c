import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration } from 'aws-cdk-lib';
import { BackupPolicy } from '../../lib/encrypted-backup-vault';
import { EnvironmentDescription, EnvironmentProfile, ResiliencePlatform, ResiliencePlatformProps, ServiceDescription, ServicePublication, ServiceWorkload } from '../../lib/platform';
import { CanaryStrategy } from '../../lib/service-mesh-canary';
import { CDK_CONTEXT } from '../support/app';

/** A unit-test app: the real context, no CloudFormation validation engine. */
export function platformApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...CDK_CONTEXT, ...context }, builtinCloudFormationValidation: false, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'platform-unit-')) });
}

/** A platform without policy gates, its manifests in a scratch directory. */
export function buildPlatform(environments: readonly EnvironmentDescription[], options: Partial<ResiliencePlatformProps> & { app?: App } = {}): ResiliencePlatform {
  return new ResiliencePlatform(options.app ?? platformApp(), {
    manifestsDir: fs.mkdtempSync(path.join(os.tmpdir(), 'platform-k8s-')),
    policyValidation: false,
    ...options,
    environments,
  });
}

export function imageService(name: string, extra: Partial<ServiceDescription> = {}): ServiceDescription {
  return { name, workload: ServiceWorkload.image({ image: `registry.example.com/${name}:2.0.0` }), ...extra };
}

/**
 * Another team's platform, unlike this repository's: two environments in other regions, other
 * services, a custom profile and other figures.
 */
export function otherTeamEnvironments(services: readonly ServiceDescription[] = [
  imageService('checkout', { publication: ServicePublication.public({ hostLabel: 'shop' }), strategy: CanaryStrategy.seedProgressive() }),
  imageService('ledger', { backupTier: 'postgres' }),
]): EnvironmentDescription[] {
  const zones = { 'eu-central-1': ['eu-central-1a', 'eu-central-1b'], 'eu-west-2': ['eu-west-2a', 'eu-west-2b'], 'ap-southeast-2': ['ap-southeast-2a', 'ap-southeast-2b'] };
  const common = {
    capacity: { 'primary': { min: 2, max: 4 }, 'warm-standby': { min: 1, max: 2 } },
    mesh: { zones, locality: 'region-failover', localZonePercent: 90, monitoringRelease: 'prometheus', eastWestGateway: true },
    serviceDefaults: { allowedServiceAccounts: ['storefront/web'], localRateLimit: { requestsPerInterval: 50 } },
    services,
    backup: {
      policy: BackupPolicy.of([BackupPolicy.postgresTier()]),
      copyToOtherRegions: true,
      copyRetentionInPrimary: Duration.days(14),
      copyRetentionInStandby: Duration.days(35),
      breakGlassRoleName: 'shop-break-glass',
    },
  } as const;
  return [
    {
      ...common,
      name: 'test',
      account: '444444444444',
      profile: EnvironmentProfile.preProduction(),
      regions: [{ region: 'eu-central-1', role: 'primary' }, { region: 'eu-west-2', role: 'warm-standby' }],
      dns: { zoneName: 'test.shop.example.net', routing: 'latency-failover' },
    },
    {
      ...common,
      name: 'live',
      account: '555555555555',
      profile: EnvironmentProfile.production(),
      regions: [{ region: 'ap-southeast-2', role: 'primary' }, { region: 'eu-central-1', role: 'warm-standby' }],
      dns: { zoneName: 'shop.example.net', routing: 'latency-failover' },
      serviceStacks: { shards: 2 },
    },
  ];
}
