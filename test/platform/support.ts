import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration } from 'aws-cdk-lib';
import { BackupPolicy } from '../../lib/encrypted-backup-vault';
import { DrStrategy, FailoverRunbook, RecoveryTier, RegionCapacity } from '../../lib/multi-region-dr';
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

/** Another team's public storefront: the routing their failover plans move. */
export const CHECKOUT = imageService('checkout', { publication: ServicePublication.public({ hostLabel: 'shop' }), strategy: CanaryStrategy.seedProgressive() });

/**
 * Another team's platform, unlike this repository's: two environments in other regions, other
 * services, a custom profile and other figures. `checkout` is added when `services` has no public
 * service (MultiRegionDr moves a public service's routing).
 */
export function otherTeamEnvironments(services: readonly ServiceDescription[] = [
  CHECKOUT,
  imageService('ledger', { backupTier: 'postgres' }),
]): EnvironmentDescription[] {
  if (!services.some((s) => s.publication?.isPublic)) services = [...services, CHECKOUT];
  const zones = { 'eu-central-1': ['eu-central-1a', 'eu-central-1b'], 'eu-west-2': ['eu-west-2a', 'eu-west-2b'], 'ap-southeast-2': ['ap-southeast-2a', 'ap-southeast-2b'] };
  const dr = (regions: string[]) => ({
    strategy: DrStrategy.warmStandby(),
    tier: RecoveryTier.t3(),
    // Two zones: primary 4 (2 per zone), warm standby 2, scaling to 4 on failover.
    capacity: RegionCapacity.of({ zones: 2, replicasByRole: { 'primary': 4, 'warm-standby': 2 } }),
    runbook: FailoverRunbook.seeds({ scaleUp: Duration.minutes(8) }),
    approvalRoleName: 'shop-failback-approver',
    loadBalancers: Object.fromEntries(regions.map((r) => [r, { loadBalancer: `app/shop-${r}/00000000000000aa`, targetGroup: `targetgroup/shop-${r}/00000000000000bb` }])),
  });
  const common = {
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
      dr: dr(['eu-central-1', 'eu-west-2']),
      dns: { zoneName: 'test.shop.example.net', routing: 'latency-failover' },
    },
    {
      ...common,
      name: 'live',
      account: '555555555555',
      profile: EnvironmentProfile.production(),
      regions: [{ region: 'ap-southeast-2', role: 'primary' }, { region: 'eu-central-1', role: 'warm-standby' }],
      dr: dr(['ap-southeast-2', 'eu-central-1']),
      dns: { zoneName: 'shop.example.net', routing: 'latency-failover' },
      serviceStacks: { shards: 2 },
    },
  ];
}
