import { validateEnvironments } from '../../lib/platform';
import { ENVIRONMENTS } from '../../stacks/environments';

const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;

describe('the environment description', () => {
  test('describes dev, staging and prod with the seeds\' regions and roles', () => {
    const envs = validateEnvironments(ENVIRONMENTS);
    expect(envs.map((e) => [e.name, e.regions.map((r) => `${r.region}:${r.role.name}`)])).toEqual([
      ['dev', ['us-east-1:primary']],
      ['staging', ['us-east-1:primary', 'us-west-2:hot-standby']],
      ['prod', ['us-east-1:primary', 'us-west-2:hot-standby', 'eu-west-1:warm-standby']],
    ]);
    expect(envs.map((e) => e.primary.region)).toEqual(['us-east-1', 'us-east-1', 'us-east-1']);
  });

  test('takes the account from context first, then the description', () => {
    const context = (name: string) => (name === 'prod' ? '999999999999' : undefined);
    const envs = validateEnvironments(ENVIRONMENTS, { context });
    expect(envs.map((e) => e.account)).toEqual(['111111111111', '222222222222', '999999999999']);
    expect(validateEnvironments(ENVIRONMENTS, { context: () => undefined }).map((e) => e.account)).toEqual(['111111111111', '222222222222', '333333333333']);
  });

  test('throws when an environment has no account in the description nor in context', () => {
    expect(() => validateEnvironments([{ ...prod, account: undefined }], { context: () => undefined })).toThrow(
      /^environments\.prod: account = undefined: a 12-digit AWS account id, in the description or in context "resilience:account:prod"$/,
    );
  });

  test('reports every invalid environment and service at once', () => {
    const dev = ENVIRONMENTS.find((e) => e.name === 'dev')!;
    const badDev = { ...dev, account: '12', services: [{ ...dev.services[0], backupTier: 'nope' }, { ...dev.services[1], regions: ['eu-west-3'] }] };
    const badProd = { ...prod, account: 'abc' };
    let message = '';
    try {
      validateEnvironments([badDev, badProd]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      '4 validation errors:',
      '  - environments.dev: account = "12": a 12-digit AWS account id',
      expect.stringMatching(/^  - environments\.dev\.services\[0\]: backupTier = "nope": a tier of the environment's backup policy: /),
      '  - environments.dev.services[1]: regions[0] = "eu-west-3": a region of the environment: us-east-1',
      '  - environments.prod: account = "abc": a 12-digit AWS account id',
    ]);
  });

  test('throws when there is no primary region', () => {
    const regions = [{ region: 'us-east-1', role: 'hot-standby' }];
    expect(() => validateEnvironments([{ ...prod, regions }])).toThrow(/^ *(- )?environments.prod: regions\[\].role = \[\]: exactly one region with role "primary"$/m);
  });

  test('throws when there are two primary regions', () => {
    const regions = [{ region: 'us-east-1', role: 'primary' }, { region: 'us-west-2', role: 'primary' }];
    expect(() => validateEnvironments([{ ...prod, regions }])).toThrow(/^environments.prod: regions\[\].role = \["us-east-1=primary","us-west-2=primary"\]: exactly one region with role "primary"/);
  });

  test('throws when a region appears twice', () => {
    const regions = [{ region: 'us-east-1', role: 'primary' }, { region: 'us-east-1', role: 'hot-standby' }];
    expect(() => validateEnvironments([{ ...prod, regions }])).toThrow(/environments.prod: regions\[\].region = "us-east-1": each value at most once/);
  });

  test('throws when a region code is not an AWS region', () => {
    const regions = [{ region: 'us-east-7', role: 'primary' }];
    expect(() => validateEnvironments([{ ...prod, regions }])).toThrow(/environments.prod: regions\[0\].region = "us-east-7": an AWS region code such as "us-east-1"/);
  });

  test('throws when a role is unknown', () => {
    const regions = [{ region: 'us-east-1', role: 'primary' }, { region: 'us-west-2', role: 'cold-standby' }];
    expect(() => validateEnvironments([{ ...prod, regions }])).toThrow(/environments.prod: regions\[1\].role = "cold-standby": one of "primary", "hot-standby", "warm-standby"/);
  });

  test('throws when an account id is not 12 digits, wherever it came from', () => {
    expect(() => validateEnvironments([{ ...prod, account: '1234' }])).toThrow(/environments.prod: account = "1234": a 12-digit AWS account id/);
    expect(() => validateEnvironments([prod], { context: () => 'abc' })).toThrow(/account = "abc"/);
  });

  test('throws when an environment name is not a short DNS label', () => {
    expect(() => validateEnvironments([{ ...prod, name: 'Production' }])).toThrow(
      /^environments: name = "Production": lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 20 characters$/,
    );
  });

  test('throws when an environment has no region', () => {
    expect(() => validateEnvironments([{ ...prod, regions: [] }])).toThrow(/^ *(- )?environments\.prod: regions = \[\]: at least one region$/m);
  });

  test('throws when two environments share a name', () => {
    expect(() => validateEnvironments([prod, prod])).toThrow(/environments: name = "prod": each value at most once/);
  });

  test('throws when a single-region environment asks for cross-region copies', () => {
    const regions = [{ region: 'us-east-1', role: 'primary' }];
    expect(() => validateEnvironments([{ ...prod, regions }])).toThrow(/environments.prod: backup.copyToOtherRegions = true: false for an environment with a single region/);
  });
});
