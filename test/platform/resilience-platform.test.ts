import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ENVIRONMENTS } from '../../stacks/environments';
import { cfnResourcesOf, checkRecordsPerNameAndType, DEFAULT_PLATFORM_LIMITS, ServicePublication, ServicesStack, shardOf } from '../../lib/platform';
import { buildPlatform, CHECKOUT, imageService, otherTeamEnvironments, platformApp } from './support';

/** Every service's logical IDs, by `<env>/<region>/<service>`, with the stack they live in. */
function serviceResources(platform: ReturnType<typeof buildPlatform>): Record<string, { stack: string; ids: string[] }> {
  const out: Record<string, { stack: string; ids: string[] }> = {};
  for (const [key, stack] of platform.serviceStacks) {
    const env = key.split('/')[0];
    for (const child of stack.node.children) {
      const ids = cfnResourcesOf(stack).filter((r) => r.node.path.startsWith(`${child.node.path}/`)).map((r) => stack.resolve(r.logicalId) as string);
      // (the shard's alarms, at `Monitoring`, are not a service's scope)
      if (ids.length === 0 || child === stack.monitoring) continue;
      out[`${env}/${stack.region}/${child.node.id}`] = { stack: stack.stackName, ids: ids.sort() };
    }
  }
  return out;
}

describe('ResiliencePlatform, used by another team', () => {
  const platform = buildPlatform(otherTeamEnvironments());

  test('builds one Stage per environment with a stack per region, services stacks and the global stack', () => {
    expect([...platform.stages.keys()]).toEqual(['test', 'live']);
    expect(platform.allStacks.map((s) => s.node.path).sort()).toEqual([
      'Live/ApSoutheast2', ...[...new Set(['checkout', 'ledger'].map((s) => `Live/ApSoutheast2Services${shardOf(s, 2)}`))].sort(),
      'Live/EuCentral1', ...[...new Set(['checkout', 'ledger'].map((s) => `Live/EuCentral1Services${shardOf(s, 2)}`))].sort(),
      'Live/Global',
      'Test/EuCentral1', ...[...new Set(['checkout', 'ledger'].map((s) => `Test/EuCentral1Services${shardOf(s, 4)}`))].sort(),
      'Test/EuWest2', ...[...new Set(['checkout', 'ledger'].map((s) => `Test/EuWest2Services${shardOf(s, 4)}`))].sort(),
      'Test/Global',
    ].sort());
    expect(platform.globals.get('live')!.region).toBe('us-east-1');
    expect(platform.stacks.get('live/ap-southeast-2')!.account).toBe('555555555555');
  });

  test('takes termination protection and removal policies from the profile, not from the name', () => {
    for (const stack of platform.allStacks) expect([stack.node.path, stack.terminationProtection]).toEqual([stack.node.path, stack.node.path.startsWith('Live/')]);
    Template.fromStack(platform.stacks.get('test/eu-central-1')!).allResources('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('routes the public service\'s hostname in the global stack and leaves internal services out of DNS', () => {
    const template = Template.fromStack(platform.globals.get('live')!);
    template.hasResourceProperties('AWS::Route53::HostedZone', { Name: 'shop.example.net.' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'ap-southeast-2-failover.shop.shop.example.net.', Failover: 'PRIMARY', ResourceRecords: ['shop-ap-southeast-2.shop.example.net'] });
    // Route 53 only: the DR plans in the same stack name every scaled workload, internal ones included.
    expect(JSON.stringify(template.findResources('AWS::Route53::RecordSet'))).not.toContain('ledger');
    expect(JSON.stringify(template.findResources('AWS::Route53::HealthCheck'))).not.toContain('ledger');
  });

  test('gives each service a workload role for EKS Pod Identity, trusted only by its cluster, with no permissions', () => {
    const key = `live/eu-central-1/${shardOf('ledger', 2)}`;
    const template = Template.fromStack(platform.serviceStacks.get(key)!);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: { 'aws:SourceAccount': '555555555555' },
            ArnEquals: { 'aws:SourceArn': 'arn:aws:eks:eu-central-1:555555555555:cluster/live-eu-central-1' },
          },
        }],
      },
      Policies: Match.absent(),
      ManagedPolicyArns: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: 'live-eu-central-1',
      Namespace: 'ledger',
      ServiceAccount: 'ledger',
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LedgerWorkloadRole'), 'Arn'] },
    });
  });

  test('writes one manifest per service and cluster, plus the mesh-wide chart', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'other-k8s-'));
    const withDir = buildPlatform(otherTeamEnvironments(), { manifestsDir: dir });
    withDir.synthManifests();
    expect(fs.readdirSync(path.join(dir, 'live', 'eu-central-1')).sort()).toEqual(['backup.k8s.yaml', 'dr.k8s.yaml', 'service-checkout.k8s.yaml', 'service-ledger.k8s.yaml', 'service-mesh.k8s.yaml']);
    const checkout = fs.readFileSync(path.join(dir, 'live', 'eu-central-1', 'service-checkout.k8s.yaml'), 'utf8');
    expect(checkout).toContain('kind: Rollout');
    expect(checkout).toContain('shop-eu-central-1.shop.example.net');
    expect(checkout).toContain('tokens_per_fill: 50');
  });

  test('serviceScope is the service\'s construct in its stack, for resources other constructs add', () => {
    const platform = buildPlatform(otherTeamEnvironments());
    const scope = platform.serviceScope('live', 'eu-central-1', 'ledger');
    expect(Stack.of(scope)).toBe(platform.serviceStacks.get(`live/eu-central-1/${shardOf('ledger', 2)}`));
    expect(scope.workloadRole).toBeInstanceOf(iam.Role);
    new iam.Role(scope, 'Extra', { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
    expect(Template.fromStack(Stack.of(scope)).findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] } } }))
      .toEqual({ LedgerExtra7FEFAFA7: expect.anything() });
  });

  test('throws when serviceScope names an unknown environment, service or region', () => {
    expect(() => platform.serviceScope('prod', 'eu-central-1', 'ledger')).toThrow(/^platform: environment = "prod": an environment of the platform: test, live$/);
    expect(() => platform.serviceScope('live', 'eu-central-1', 'cart')).toThrow(/^environments\.live: service = "cart": a service of the environment: checkout, ledger$/);
    expect(() => platform.serviceScope('live', 'us-east-1', 'ledger')).toThrow(/^environments\.live\.services\.ledger: region = "us-east-1": a region the service runs in: ap-southeast-2, eu-central-1$/);
  });
});

describe('stable service assignment', () => {
  test('adding and removing services leaves every other service\'s stack and logical IDs unchanged', () => {
    const names = Array.from({ length: 30 }, (_, i) => `svc-${i}`);
    const before = serviceResources(buildPlatform(otherTeamEnvironments(names.map((n) => imageService(n)))));
    const withMore = serviceResources(buildPlatform(otherTeamEnvironments([imageService('brand-new'), ...names.map((n) => imageService(n)), imageService('another')])));
    const withFewer = serviceResources(buildPlatform(otherTeamEnvironments(names.filter((n) => n !== 'svc-3' && n !== 'svc-17').map((n) => imageService(n)))));
    for (const [key, value] of Object.entries(before)) {
      expect([key, withMore[key]]).toEqual([key, value]);
      if (!/\/Svc(3|17)$/.test(key)) expect([key, withFewer[key]]).toEqual([key, value]);
    }
    expect(Object.keys(withMore).filter((k) => !(k in before)).sort()).toEqual(['live/ap-southeast-2/Another', 'live/ap-southeast-2/BrandNew', 'live/eu-central-1/Another', 'live/eu-central-1/BrandNew', 'test/eu-central-1/Another', 'test/eu-central-1/BrandNew', 'test/eu-west-2/Another', 'test/eu-west-2/BrandNew']);
    // the hash spreads the services: every shard of a region is used
    expect(new Set(names.map((n) => shardOf(n, 4))).size).toBe(4);
  });

  test('a pinned service stays in its shard whatever its name hashes to', () => {
    // a shard valid in both environments (test has 4, live 2) and not the one the name hashes to in test
    const pinned = shardOf('ledger', 4) === 1 ? 0 : 1;
    // (the public checkout, which DR needs, pinned to the same shard)
    const platform = buildPlatform(otherTeamEnvironments([imageService('ledger', { shard: pinned }), { ...CHECKOUT, shard: pinned }]));
    expect([...platform.serviceStacks.keys()].filter((k) => k.startsWith('test/'))).toEqual([`test/eu-central-1/${pinned}`, `test/eu-west-2/${pinned}`]);
  });

  test('raising the shard count moves services only to the new shard', () => {
    const names = Array.from({ length: 200 }, (_, i) => `service-${i}`);
    const moved = names.filter((n) => shardOf(n, 4) !== shardOf(n, 5));
    expect(moved.every((n) => shardOf(n, 5) === 4)).toBe(true);
    expect(moved.length).toBeLessThan(names.length / 3);
  });

  test('the seeds\' services keep their workload roles\' logical IDs', () => {
    const platform = buildPlatform(ENVIRONMENTS);
    const prod = Object.entries(serviceResources(platform)).filter(([k]) => k.startsWith('prod/us-east-1/'));
    expect(Object.fromEntries(prod.map(([k, v]) => [k, v.ids]))).toEqual({
      'prod/us-east-1/Api': [expect.stringMatching(/^ApiPodIdentity[0-9A-F]{8}$/), expect.stringMatching(/^ApiWorkloadRole[0-9A-F]{8}$/)],
      'prod/us-east-1/BackgroundJobs': [expect.stringMatching(/^BackgroundJobsPodIdentity/), expect.stringMatching(/^BackgroundJobsWorkloadRole/)],
      'prod/us-east-1/Executions': [expect.stringMatching(/^ExecutionsPodIdentity/), expect.stringMatching(/^ExecutionsWorkloadRole/)],
      'prod/us-east-1/HealthChecks': [expect.stringMatching(/^HealthChecksPodIdentity/), expect.stringMatching(/^HealthChecksWorkloadRole/)],
      'prod/us-east-1/Main': [expect.stringMatching(/^MainPodIdentity/), expect.stringMatching(/^MainWorkloadRole/)],
    });
  });
});

describe('accounts', () => {
  const saved = process.env.CDK_DEFAULT_ACCOUNT;
  afterEach(() => {
    if (saved === undefined) delete process.env.CDK_DEFAULT_ACCOUNT;
    else process.env.CDK_DEFAULT_ACCOUNT = saved;
  });

  test('CDK_DEFAULT_ACCOUNT (the CLI\'s current credentials) never moves an environment', () => {
    process.env.CDK_DEFAULT_ACCOUNT = '999999999999';
    const platform = buildPlatform(ENVIRONMENTS);
    expect(platform.allStacks.map((s) => s.account).filter((a) => a === '999999999999')).toEqual([]);
    expect(platform.stacks.get('prod/us-east-1')!.account).toBe('333333333333');
  });

  test('context resilience:account:<env> sets one environment\'s account', () => {
    const platform = buildPlatform(ENVIRONMENTS, { app: platformApp({ 'resilience:account:prod': '777777777777' }) });
    expect(platform.stacks.get('prod/eu-west-1')!.account).toBe('777777777777');
    expect(platform.globals.get('prod')!.account).toBe('777777777777');
    expect(platform.stacks.get('staging/us-east-1')!.account).toBe('222222222222');
  });

  test('an environment without an account in the description takes it from context, or is rejected', () => {
    const [testEnv] = otherTeamEnvironments();
    expect(buildPlatform([{ ...testEnv, account: undefined }], { app: platformApp({ 'resilience:account:test': '121212121212' }) }).stacks.get('test/eu-central-1')!.account).toBe('121212121212');
    expect(() => buildPlatform([{ ...testEnv, account: undefined }])).toThrow(/^environments\.test: account = undefined: a 12-digit AWS account id, in the description or in context "resilience:account:test"$/);
  });
});

describe('two public services', () => {
  const [testEnv] = otherTeamEnvironments();
  const services = [
    imageService('checkout', { publication: ServicePublication.public({ hostLabel: 'shop' }) }),
    imageService('search', { publication: ServicePublication.public({ hostLabel: 'search', healthCheckPath: '/ping' }) }),
  ];

  test('each gets its routing; the zone service\'s routing holds the zone, the other references it, alarm names stay unique', () => {
    const platform = buildPlatform([{ ...testEnv, services, dns: { ...testEnv.dns, zoneService: 'checkout' } }]);
    const global = platform.globals.get('test')!;
    expect([...global.routings.keys()]).toEqual(['checkout', 'search']);
    const template = Template.fromStack(global);
    template.resourceCountIs('AWS::Route53::HostedZone', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'eu-central-1-failover.search.test.shop.example.net.', HostedZoneId: { Ref: Match.stringLikeRegexp('^RoutingZone') } });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ ResourcePath: '/ping', FullyQualifiedDomainName: 'search-eu-west-2.test.shop.example.net' }) });
    const alarmNames = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName as string);
    expect(new Set(alarmNames).size).toBe(alarmNames.length);
    expect(alarmNames).toContain('resilience-test-global-search-eu-west-2-endpoint-unhealthy');
  });

  test('throws when more than one service is public and no zone service is named', () => {
    expect(() => buildPlatform([{ ...testEnv, services }])).toThrow(
      /^environments\.test: dns\.zoneService = undefined: the public service whose routing holds the zone, one of checkout, search \(required with more than one public service\)$/,
    );
  });

  test('throws when the zone service is not a public service', () => {
    expect(() => buildPlatform([{ ...testEnv, services, dns: { ...testEnv.dns, zoneService: 'ledger' } }])).toThrow(/^environments\.test: dns\.zoneService = "ledger": a public service of the environment: checkout, search$/);
  });

  test('throws when two public services share a host label', () => {
    const same = [services[0], imageService('other', { publication: ServicePublication.public({ hostLabel: 'shop' }) })];
    expect(() => buildPlatform([{ ...testEnv, services: same, dns: { ...testEnv.dns, zoneService: 'checkout' } }])).toThrow(/^environments\.test: services\[\]\.publication\.hostLabel = "shop": each value at most once$/);
  });
});

describe('limits', () => {
  test('synth fails naming the stack, its count and the budget when a stack exceeds the resource budget', () => {
    const app = platformApp();
    buildPlatform(otherTeamEnvironments(), { app, limits: { resourcesPerStack: 20 } });
    expect(() => app.synth()).toThrow(/Test\/EuCentral1: resources = \d+: at most 20 resources per stack \(limits\.resourcesPerStack; CloudFormation refuses more than 500\)/);
  });

  test('synth fails when the account\'s stacks hold more Route 53 health checks than its quota', () => {
    const app = platformApp();
    buildPlatform(ENVIRONMENTS, { app, limits: { healthChecksPerAccount: 10 } });
    expect(() => app.synth()).toThrow(/Prod\/Global: healthChecks\(account 333333333333\) = 12: at most 10 Route 53 health checks per account \(limits\.healthChecksPerAccount, the account's quota\)/);
  });

  test('synth fails when more than 100 weighted records share a name and type', () => {
    const app = platformApp();
    const stack = new Stack(app, 'Dns', { env: { account: '123456789012', region: 'us-east-1' } });
    for (let i = 0; i < 101; i++) {
      new route53.CfnRecordSet(stack, `R${i}`, { hostedZoneId: 'Z1', name: 'api.example.com.', type: 'CNAME', setIdentifier: `r${i}`, weight: 1, ttl: '60', resourceRecords: ['x.example.com'] });
    }
    checkRecordsPerNameAndType(stack);
    expect(() => app.synth()).toThrow(/Dns: records\("api\.example\.com\." CNAME\) = 101: at most 100 weighted, latency or geolocation records sharing a name and type \(Route 53 quota\)/);
  });

  test('throws when a limit is out of range', () => {
    expect(() => buildPlatform(ENVIRONMENTS, { limits: { resourcesPerStack: 501, healthChecksPerAccount: 0 } })).toThrow(
      /^2 validation errors:\n {2}- platform: limits\.resourcesPerStack = 501: an integer from 1 to 500\n {2}- platform: limits\.healthChecksPerAccount = 0: an integer from 1 to 1000000$/,
    );
  });

  test('reports invalid limits and invalid environments together', () => {
    const [testEnv] = otherTeamEnvironments();
    expect(() => buildPlatform([{ ...testEnv, account: '1' }], { limits: { resourcesPerStack: 0 } })).toThrow(
      /^2 validation errors:\n {2}- platform: limits\.resourcesPerStack = 0: an integer from 1 to 500\n {2}- environments\.test: account = "1": a 12-digit AWS account id$/,
    );
  });

  test('200 services in 3 regions, watched in CloudWatch too, synthesize (no gates) with every stack within 400 resources and every template within budget', () => {
    // CPU time, not wall time: the test machine is shared; the figure is what synth costs.
    const started = process.cpuUsage();
    const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
    expect(prod.monitoring!.serviceMetricsNamespace).toBeDefined();
    const services = Array.from({ length: 200 }, (_, i) => imageService(`service-${String(i).padStart(3, '0')}`, i === 0 ? { publication: ServicePublication.public({ hostLabel: 'api' }) } : {}));
    const app = platformApp();
    const platform = buildPlatform([{ ...prod, services, serviceDefaults: { ...prod.serviceDefaults, tracingSamplingPercent: 10 } }], { app });
    app.synth();
    const counts = platform.allStacks.map((s) => [s.node.path, cfnResourcesOf(s).length] as const);
    for (const [, count] of counts) expect(count).toBeLessThanOrEqual(400);
    const servicesStacks = [...platform.serviceStacks.values()];
    expect(servicesStacks.length).toBe(3 * 4);
    // Each service's own two resources, and its four CloudWatch alarms in its shard's monitoring.
    expect(servicesStacks.reduce((n, s: ServicesStack) => n + cfnResourcesOf(s).length, 0)).toBe(200 * 3 * (2 + 4));
    // Every template, as written, within the default budget (CloudFormation takes 1 MB from S3).
    const bytes = Object.fromEntries(platform.allStacks.map((s) => [s.node.path, fs.statSync(Stage.of(s)!.synth().getStackArtifact(s.artifactId).templateFullPath).size]));
    for (const size of Object.values(bytes)) expect(size).toBeLessThanOrEqual(DEFAULT_PLATFORM_LIMITS.templateBytesPerStack);
    // The global view within CloudWatch's dashboard limits: at most 500 widgets, 100 alarms per alarm
    // status widget, 500 metrics per graph (CloudWatch User Guide, "CloudWatch service quotas").
    const global = platform.globals.get('prod')!;
    const [dashboard] = Object.values(Template.fromStack(global).findResources('AWS::CloudWatch::Dashboard'));
    const body = (dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : 'aws')).join('');
    const widgets = (JSON.parse(body) as { widgets: { type: string; properties: { alarms?: string[]; metrics?: unknown[] } }[] }).widgets;
    expect(widgets.length).toBeLessThanOrEqual(500);
    expect(Math.max(...widgets.map((w) => w.properties.alarms?.length ?? 0))).toBe(100);
    expect(Math.max(...widgets.map((w) => w.properties.metrics?.length ?? 0))).toBeLessThanOrEqual(500);
    // The view no longer grows with services: 3 regions x 200 alarm ARNs and fixed fleet graphs
    // (about 80 KB; it was most of the 1.6 MB global template with one graph per service).
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThan(150_000);
    const cpu = process.cpuUsage(started);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(20_000);
  });
});
