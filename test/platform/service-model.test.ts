import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { VaultLock } from '../../lib/encrypted-backup-vault';
import { EnvironmentDescription, EnvironmentProfile, ServicePublication, validateEnvironments } from '../../lib/platform';
import { CanaryStrategy } from '../../lib/service-mesh-canary';
import { ENVIRONMENTS } from '../../stacks/environments';
import { imageService, otherTeamEnvironments } from './support';

const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
const staging = ENVIRONMENTS.find((e) => e.name === 'staging')!;
const validate = (description: EnvironmentDescription) => () => validateEnvironments([description]);
const withServices = (description: EnvironmentDescription, ...services: EnvironmentDescription['services']): EnvironmentDescription => ({ ...description, services });

describe('services as data', () => {
  const [env] = validateEnvironments(ENVIRONMENTS.filter((e) => e.name === 'staging'));

  test('every environment lists the seeds\' five services', () => {
    for (const e of validateEnvironments(ENVIRONMENTS)) {
      expect(e.services.map((s) => s.name)).toEqual(['api', 'main', 'background-jobs', 'executions', 'health-checks']);
      expect(e.services.filter((s) => s.publication.isPublic).map((s) => s.name)).toEqual(['api']);
    }
  });

  test('services take the environment\'s defaults unless they set their own', () => {
    const api = env.services.find((s) => s.name === 'api')!;
    const jobs = env.services.find((s) => s.name === 'background-jobs')!;
    expect(api).toMatchObject({ namespace: 'api', port: 8080, livenessPath: '/healthz', readinessPath: '/readyz', allowedServiceAccounts: ['web/frontend'], regions: ['us-east-1', 'us-west-2'] });
    expect(jobs.allowedServiceAccounts).toEqual(['main/main']);
    expect(jobs.localRateLimit).toEqual({ requestsPerInterval: 100, burst: 200 });
    expect(api.strategy!.kind).toBe('progressive');
    expect(jobs.strategy).toBeUndefined();
  });

  test('carries backup tiers, tracing sampling, SLOs and data stores for the DR and monitoring constructs', () => {
    expect(env.services.map((s) => [s.name, s.backupTier, s.tracingSamplingPercent])).toEqual([
      ['api', undefined, 30], ['main', 'postgres', 20], ['background-jobs', 'redis', 5], ['executions', 'postgres', 50], ['health-checks', undefined, 1],
    ]);
    const [withSlo] = validateEnvironments([withServices(staging, imageService('pay', {
      allowedServiceAccounts: ['a/b'],
      slos: [{ name: 'availability', indicator: 'availability', objectivePercent: 99.9 }],
      dataStores: [{ name: 'payments', kind: 'aurora-postgresql' }],
    }))]);
    expect(withSlo.services[0]).toMatchObject({ slos: [{ name: 'availability', objectivePercent: 99.9 }], dataStores: [{ name: 'payments', kind: 'aurora-postgresql' }] });
  });

  test('a service may run in a subset of the regions', () => {
    const [e] = validateEnvironments([withServices(prod, imageService('eu-only', { regions: ['eu-west-1'], allowedServiceAccounts: ['a/b'] }))].map((d) => ({ ...d, mesh: { ...d.mesh, crossClusterWeights: undefined } })));
    expect(e.services[0].regions).toEqual(['eu-west-1']);
  });
});

describe('service validation', () => {
  const svc = (name: string, extra = {}) => imageService(name, { allowedServiceAccounts: ['web/frontend'], ...extra });

  test('throws when a service name is not a short DNS label', () => {
    expect(validate(withServices(staging, svc('Payments')))).toThrow(/^environments\.staging\.services\[0\]: name = "Payments": lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 40 characters$/);
  });

  test('throws when two services share a name', () => {
    expect(validate(withServices(staging, svc('pay'), svc('pay')))).toThrow(/^environments\.staging: services\[\]\.name = "pay": each value at most once$/);
  });

  test('throws when a namespace is not a DNS label', () => {
    expect(validate(withServices(staging, svc('pay', { namespace: 'Pay_ns' })))).toThrow(/^environments\.staging\.services\[0\]: namespace = "Pay_ns": lowercase letters/);
  });

  test('throws when a service runs in a region outside its environment', () => {
    expect(validate(withServices(staging, svc('pay', { regions: ['us-east-1', 'eu-west-1'] })))).toThrow(/^environments\.staging\.services\[0\]: regions\[1\] = "eu-west-1": a region of the environment: us-east-1, us-west-2$/);
  });

  test('throws when a service lists no region, or one twice', () => {
    expect(validate(withServices(staging, svc('pay', { regions: [] })))).toThrow(/^environments\.staging\.services\[0\]: regions = \[\]: at least one region of the environment$/);
    expect(validate(withServices(staging, svc('pay', { regions: ['us-east-1', 'us-east-1'] })))).toThrow(/^environments\.staging\.services\[0\]: regions = "us-east-1": each value at most once$/);
  });

  test('throws when a public service does not run in every region', () => {
    expect(validate(withServices(staging, svc('pay', { regions: ['us-east-1'], publication: ServicePublication.public({ hostLabel: 'pay' }) })))).toThrow(
      /^environments\.staging\.services\[0\]: regions = \["us-east-1"\]: every region of the environment for a public service \(us-east-1, us-west-2\): its hostname is routed over all of them$/,
    );
  });

  test('throws when a host label is not a DNS label', () => {
    expect(validate(withServices(staging, svc('pay', { publication: ServicePublication.public({ hostLabel: 'pay.api' }) })))).toThrow(/^environments\.staging\.services\[0\]: publication\.hostLabel = "pay\.api": lowercase letters/);
  });

  test('throws when a service in a subset of regions would get cross-cluster weights', () => {
    expect(validate(withServices(prod, svc('pay', { regions: ['us-east-1', 'us-west-2'] })))).toThrow(
      /^environments\.prod\.services\[0\]: regions = \["us-east-1","us-west-2"\]: every region of the environment \(us-east-1, us-west-2, eu-west-1\) with cross-cluster weights: they send traffic to every region$/,
    );
  });

  test('throws when a service in a subset of regions lacks its failover target under region failover', () => {
    const [other] = otherTeamEnvironments();
    expect(validate(withServices(other, svc('pay', { regions: ['eu-west-2'] })))).toThrow(
      /^environments\.test\.services\[0\]: regions = \["eu-west-2"\]: a set holding the failover target of each of its regions \(eu-west-2 fails over to eu-central-1\) with locality "region-failover"$/,
    );
  });

  test('throws when a backup tier is not a tier of the environment\'s policy', () => {
    expect(validate(withServices(staging, svc('pay', { backupTier: 'mysql' })))).toThrow(
      /^environments\.staging\.services\[0\]: backupTier = "mysql": a tier of the environment's backup policy: full-cluster, incremental, postgres, redis, configuration, compliance-archive$/,
    );
  });

  test('throws when a service has no caller, neither its own nor from the defaults', () => {
    expect(validate({ ...withServices(staging, imageService('pay')), serviceDefaults: {} })).toThrow(
      /^environments\.staging\.services\[0\]: allowedServiceAccounts = \[\]: at least one caller as "<namespace>\/<service account>", on the service or in serviceDefaults$/,
    );
  });

  test('throws when a pinned shard is outside the environment\'s shards', () => {
    expect(validate({ ...withServices(staging, svc('pay', { shard: 4 })) })).toThrow(/^environments\.staging\.services\[0\]: shard = 4: an integer from 0 to 3$/);
  });

  test('throws when the shard count is out of range', () => {
    expect(validate({ ...staging, serviceStacks: { shards: 0 } })).toThrow(/^environments\.staging: serviceStacks\.shards = 0: an integer from 1 to 64$/);
  });

  test('reports every invalid service of an environment together', () => {
    expect(validate(withServices(staging, svc('a', { backupTier: 'x' }), svc('b', { strategy: CanaryStrategy.seedProgressive(), shard: 9 })))).toThrow(
      /^2 validation errors:\n {2}- environments\.staging\.services\[0\]: backupTier = "x": .*\n {2}- environments\.staging\.services\[1\]: shard = 9: an integer from 0 to 3$/,
    );
  });
});

describe('environment profile', () => {
  test('prod is production, dev and staging pre-production', () => {
    expect(ENVIRONMENTS.map((e) => [e.name, e.profile.name, e.profile.terminationProtection, e.profile.statefulRemovalPolicy])).toEqual([
      ['dev', 'pre-production', false, RemovalPolicy.RETAIN],
      ['staging', 'pre-production', false, RemovalPolicy.RETAIN],
      ['prod', 'production', true, RemovalPolicy.RETAIN],
    ]);
  });

  test('throws when stateful resources would be destroyed in an environment whose vault is locked', () => {
    const profile = EnvironmentProfile.custom({ terminationProtection: false, statefulRemovalPolicy: RemovalPolicy.DESTROY });
    expect(validate({ ...staging, profile })).toThrow(
      /^environments\.staging: profile\.statefulRemovalPolicy = "destroy": RETAIN or RETAIN_ON_UPDATE_OR_DELETE for an environment whose vault is locked: AWS Backup refuses to delete a locked vault holding recovery points$/,
    );
    const dev = ENVIRONMENTS.find((e) => e.name === 'dev')!;
    expect(validateEnvironments([{ ...dev, profile }])[0].profile.statefulRemovalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(validate({ ...dev, profile, backup: { ...dev.backup, lock: VaultLock.governance({ minRetention: Duration.days(1) }) } })).toThrow(/profile\.statefulRemovalPolicy = "destroy"/);
  });

  test('throws when the removal policy is SNAPSHOT', () => {
    const profile = EnvironmentProfile.custom({ terminationProtection: true, statefulRemovalPolicy: RemovalPolicy.SNAPSHOT });
    expect(validate({ ...prod, profile })).toThrow(/^environments\.prod: profile\.statefulRemovalPolicy = "snapshot": RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY: keys, vaults and hosted zones have no snapshot$/);
  });
});
