import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackupPolicy, VaultLock } from '../../lib/encrypted-backup-vault';
import { EnvironmentDescription, GlobalStack, RegionalStack, ResiliencePlatform, shardOf, validateEnvironments } from '../../lib/platform';
import { ENVIRONMENTS } from '../../stacks/environments';
import { unitTestApp } from '../support/app';

/**
 * Logical IDs of stateful resources are part of the public contract: a changed ID makes
 * CloudFormation replace the resource (a new key, an empty vault, a new bucket).
 */
const STATEFUL = ['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::Backup::BackupVault', 'AWS::S3::Bucket'];

function statefulIds(description: EnvironmentDescription, region: string): string[] {
  const environment = validateEnvironments([description])[0];
  const placement = environment.regions.find((r) => r.region === region)!;
  const stack = new RegionalStack(unitTestApp(), 'Stack', { env: { account: environment.account, region }, environment, placement });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
  return Object.entries(resources)
    .filter(([, r]) => STATEFUL.includes(r.Type))
    .map(([id, r]) => `${r.Type} ${id}`)
    .sort();
}

const PINNED = [
  'AWS::Backup::BackupVault BackupVault68B95C06',
  'AWS::KMS::Alias BackupVaultKeyAlias85EBA1A8',
  'AWS::KMS::Key BackupVaultKey74395416',
  'AWS::S3::Bucket BackupVaultAccessLogsBucketA2DD9A0C',
  'AWS::S3::Bucket BackupVaultAuditReportBucket065BF6D2',
  'AWS::S3::Bucket BackupVaultClusterBackupBucket226BDDF1',
];

describe('logical IDs of stateful resources', () => {
  test.each(ENVIRONMENTS.flatMap((e) => e.regions.map((r) => [e.name, r.region] as const)))('are pinned in %s %s', (env, region) => {
    expect(statefulIds(ENVIRONMENTS.find((e) => e.name === env)!, region)).toEqual(PINNED);
  });

  test('do not change when unrelated configuration changes', () => {
    const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
    const changed: EnvironmentDescription = {
      ...prod,
      account: '444444444444',
      regions: [
        { region: 'us-east-1', role: 'primary' },
        { region: 'eu-central-1', role: 'warm-standby' },
      ],
      mesh: { ...prod.mesh, zones: { ...prod.mesh.zones, 'eu-central-1': ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'] }, crossClusterWeights: undefined },
      dr: {
        ...prod.dr,
        stores: undefined,
        loadBalancers: { 'us-east-1': prod.dr.loadBalancers['us-east-1'], 'eu-central-1': { loadBalancer: 'app/ingress-eu-central-1/0123456789abcdef', targetGroup: 'targetgroup/ingress-eu-central-1/0123456789abcdef' } },
      },
      backup: {
        ...prod.backup,
        policy: BackupPolicy.of([BackupPolicy.postgresTier(), BackupPolicy.redisTier()]),
        lock: VaultLock.governance({ minRetention: Duration.days(1) }),
        acknowledgeIrreversibleComplianceLock: false,
        copyRetentionInStandby: Duration.days(120),
      },
    };
    expect(statefulIds(changed, 'us-east-1')).toEqual(PINNED);
  });
});

describe('logical IDs of DNS resources in the global stacks', () => {
  function dnsIds(name: string): string[] {
    const environment = validateEnvironments(ENVIRONMENTS).find((e) => e.name === name)!;
    const stack = new GlobalStack(unitTestApp(), 'Global', { environment, dns: environment.dns });
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
    return Object.entries(resources)
      .filter(([, r]) => ['AWS::Route53::HostedZone', 'AWS::Route53::RecordSet'].includes(r.Type))
      .map(([id, r]) => `${r.Type.replace('AWS::Route53::', '')} ${id}`)
      .sort();
  }

  const failoverPairs = [
    'RecordSet RoutingRecorduseast1failoverprimary2DEF2BDE',
    'RecordSet RoutingRecorduseast1failoversecondary7DC1B0A3',
    'RecordSet RoutingRecorduswest2failoverprimary292E5EFC',
    'RecordSet RoutingRecorduswest2failoversecondaryCE1CADEB',
  ];

  test.each([
    ['dev', ['HostedZone RoutingZone7ED08F31', 'RecordSet RoutingRecordrootsimpleBD9961E1']],
    ['staging', ['HostedZone RoutingZone7ED08F31', 'RecordSet RoutingRecordrootuseast16BBB5B1C', 'RecordSet RoutingRecordrootuswest25AC9DA4D', ...failoverPairs]],
    [
      'prod',
      [
        'RecordSet RoutingRecordeuwest1failoverprimary26895B88',
        'RecordSet RoutingRecordeuwest1failoversecondaryCFAF0E04',
        'RecordSet RoutingRecordlatencyeuwest1A5654A0B',
        'RecordSet RoutingRecordlatencyuseast19DF9E331',
        'RecordSet RoutingRecordlatencyuswest28C05FDBE',
        'RecordSet RoutingRecordrootcountrydeF8F174D6',
        'RecordSet RoutingRecordrootcountryfr17D53FA2',
        'RecordSet RoutingRecordrootdefaultA00C7873',
        'RecordSet RoutingRecordrootusca876266F4',
        'RecordSet RoutingRecordrootuswaC643CFA4',
        ...failoverPairs,
      ],
    ],
  ])('are pinned for %s (zone and records)', (name, expected) => {
    expect(dnsIds(name)).toEqual([...expected].sort());
  });
});

/** Shards of api, main, background-jobs, executions, health-checks (4 shards): pinned, the hash must never change. */
const SEED_SHARDS = [2, 0, 1, 3, 0];

describe('logical IDs and stacks of the services\' workload identities', () => {
  const SERVICES_PINNED = {
    'AWS::EKS::PodIdentityAssociation': ['ApiPodIdentityA385E001', 'BackgroundJobsPodIdentity93395A7A', 'ExecutionsPodIdentity63388A1D', 'HealthChecksPodIdentity09C0C2E2', 'MainPodIdentity7747F10D'],
    'AWS::IAM::Role': ['ApiWorkloadRoleC9DB2700', 'BackgroundJobsWorkloadRole948916D3', 'ExecutionsWorkloadRole5B10A9BF', 'HealthChecksWorkloadRole9495D9AF', 'MainWorkloadRoleDCAFDEA1'],
  };

  test.each(ENVIRONMENTS.flatMap((e) => e.regions.map((r) => [e.name, r.region] as const)))('are pinned in %s %s, each service in its hashed shard', (env, region) => {
    const platform = new ResiliencePlatform(unitTestApp(), { environments: ENVIRONMENTS, manifestsDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ids-k8s-')), policyValidation: false });
    const found: Record<string, string[]> = {};
    const stacks: Record<string, string> = {};
    for (const [key, stack] of platform.serviceStacks) {
      if (!key.startsWith(`${env}/${region}/`)) continue;
      for (const [id, r] of Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>)) {
        // (the shard's CloudWatch alarms are stateless; their names, not their IDs, are pinned elsewhere)
        if (!(r.Type in SERVICES_PINNED)) continue;
        (found[r.Type] ??= []).push(id);
        stacks[id.replace(/(PodIdentity|WorkloadRole).*$/, '')] = stack.stackName;
      }
    }
    expect(Object.fromEntries(Object.entries(found).map(([t, ids]) => [t, ids.sort()]))).toEqual(SERVICES_PINNED);
    // the seeds' assignment, 4 shards: a change here moves a service's role to another stack
    expect(stacks).toEqual({
      Api: `resilience-${env}-${region}-services-${shardOf('api', 4)}`,
      Main: `resilience-${env}-${region}-services-${shardOf('main', 4)}`,
      BackgroundJobs: `resilience-${env}-${region}-services-${shardOf('background-jobs', 4)}`,
      Executions: `resilience-${env}-${region}-services-${shardOf('executions', 4)}`,
      HealthChecks: `resilience-${env}-${region}-services-${shardOf('health-checks', 4)}`,
    });
    expect(['api', 'main', 'background-jobs', 'executions', 'health-checks'].map((s) => shardOf(s, 4))).toEqual(SEED_SHARDS);
  });
});
