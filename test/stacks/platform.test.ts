import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as yaml from 'yaml';
import { Template } from 'aws-cdk-lib/assertions';
import { readValidationFindings, ResiliencePlatform, shardOf } from '../../lib/platform';
import { ENVIRONMENTS } from '../../stacks/environments';
import { CDK_CONTEXT } from '../support/app';
import { kubernetesSchemaErrors } from '../support/k8s-schema';

/**
 * The gate: the whole platform synthesized exactly as `npm run synth` does, with the CloudFormation
 * validation engine in strict mode, the four cdk-nag packs and the Control Tower proactive controls
 * (cfn-guard). Kept to one file so the engine is
 * built once per run of the suite.
 */
interface Output {
  readonly dir: string;
  readonly findings: ReturnType<typeof readValidationFindings>;
  readonly templates: Record<string, string>;
  readonly manifests: Record<string, string>;
  readonly platform: ResiliencePlatform;
}

function synthPlatform(): Output {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-'));
  const app = new App({ outdir: path.join(dir, 'cdk.out'), context: CDK_CONTEXT, analyticsReporting: false });
  const platform = new ResiliencePlatform(app, { environments: ENVIRONMENTS, manifestsDir: path.join(dir, 'k8s') });
  platform.synthManifests();
  const assembly = app.synth();
  const templates: Record<string, string> = {};
  const allStacks = [
    ...platform.stacks,
    ...[...platform.serviceStacks].map(([key, stack]) => [`${key.replace(/\/(\d+)$/, '/services-$1')}`, stack] as const),
    ...[...platform.globals].map(([env, stack]) => [`${env}/global`, stack] as const),
    ...[...platform.drStacks].map(([key, stack]) => [`${key}/database`, stack] as const),
  ];
  for (const [key, stack] of allStacks) {
    templates[key] = fs.readFileSync(path.join(Stage.of(stack)!.outdir, stack.templateFile), 'utf8');
  }
  const manifests: Record<string, string> = {};
  for (const file of listFiles(path.join(dir, 'k8s'))) manifests[path.relative(path.join(dir, 'k8s'), file)] = fs.readFileSync(file, 'utf8');
  return { dir, findings: readValidationFindings(assembly), templates, manifests, platform };
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort();
}

const REGIONS = ['dev/us-east-1', 'staging/us-east-1', 'staging/us-west-2', 'prod/us-east-1', 'prod/us-west-2', 'prod/eu-west-1'];
/** The shards the seeds' five services hash to (4 shards per region): 0 and 1 hold api and main, … */
const SHARDS = [...new Set(ENVIRONMENTS[0].services.map((s) => shardOf(s.name, 4)))].sort();
const STACKS = [
  ...REGIONS,
  ...REGIONS.flatMap((r) => SHARDS.map((shard) => `${r}/services-${shard}`)).sort((a, b) => REGIONS.indexOf(a.replace(/\/services-\d+$/, '')) - REGIONS.indexOf(b.replace(/\/services-\d+$/, '')) || a.localeCompare(b)),
  'dev/global', 'staging/global', 'prod/global',
  // The Aurora secondaries' stacks (MultiRegionDr).
  'staging/us-west-2/database', 'prod/us-west-2/database', 'prod/eu-west-1/database',
];

let first: Output;

describe('the platform', () => {
  // Inside this describe only, so the gate's own tests below run even while the platform has findings.
  beforeAll(() => {
    first = synthPlatform();
  });

  test('synthesizes with no unacknowledged finding from CloudFormation validation or cdk-nag', () => {
    expect(first.findings).toEqual([]);
  });

  test('writes a template for every environment and region plus each environment\'s global stack, and manifests for every cluster', () => {
    expect(Object.keys(first.templates).sort()).toEqual([...STACKS].sort());
    const clusters = ['dev/us-east-1', 'prod/eu-west-1', 'prod/us-east-1', 'prod/us-west-2', 'staging/us-east-1', 'staging/us-west-2'];
    const services = ['api', 'background-jobs', 'executions', 'health-checks', 'main'];
    expect(Object.keys(first.manifests)).toEqual(
      clusters.flatMap((c) => [`${c}/backup.k8s.yaml`, `${c}/dr.k8s.yaml`, `${c}/monitoring.k8s.yaml`, ...(c.startsWith('dev/') ? [] : [`${c}/service-mesh.k8s.yaml`]), ...services.map((s) => `${c}/service-${s}.k8s.yaml`)].sort()),
    );
  });

  test('is deterministic: a second synth gives byte-identical templates and manifests', () => {
    const second = synthPlatform();
    expect(second.templates).toEqual(first.templates);
    expect(second.manifests).toEqual(first.manifests);
  });

  test('stays far below CloudFormation\'s limits of 500 resources and 1 MB per template', () => {
    for (const body of Object.values(first.templates)) {
      expect(Object.keys(JSON.parse(body).Resources).length).toBeLessThan(500);
      expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
    }
  });

  test('gives every service of every region a workload role and a Pod Identity association, in its hashed services stack', () => {
    for (const region of REGIONS) {
      const shards = STACKS.filter((s) => s.startsWith(`${region}/services-`));
      const associations = shards.flatMap((id) => Object.values(JSON.parse(first.templates[id]).Resources as Record<string, { Type: string; Properties: { ServiceAccount: string } }>)
        .filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation').map((r) => `${id.split('/services-')[1]}:${r.Properties.ServiceAccount}`));
      expect([region, associations.sort()]).toEqual([region, ['api', 'main', 'background-jobs', 'executions', 'health-checks'].map((s) => `${shardOf(s, 4)}:${s}`).sort()]);
    }
  });

  test('emits only Kubernetes objects valid against their kind\'s schema', () => {
    const objects = Object.values(first.manifests).flatMap((m) => yaml.parseAllDocuments(m).map((d) => d.toJSON()));
    expect(objects.length).toBeGreaterThan(0);
    expect(kubernetesSchemaErrors(objects)).toEqual([]);
  });

  test.each(STACKS)(
    'template %s matches its snapshot',
    (id) => {
      expect(JSON.parse(first.templates[id])).toMatchSnapshot();
    },
  );

  test('manifests match their snapshots', () => {
    expect(first.manifests).toMatchSnapshot();
  });

  test('prod keeps stateful resources on deletion and protects its stacks from termination', () => {
    for (const id of REGIONS.filter((s) => s.startsWith('prod/'))) {
      const template = Template.fromJSON(JSON.parse(first.templates[id]));
      for (const type of ['AWS::KMS::Key', 'AWS::Backup::BackupVault', 'AWS::S3::Bucket']) {
        template.allResources(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
      expect(first.platform.stacks.get(id)!.terminationProtection).toBe(true);
    }
    expect(first.platform.globals.get('prod')!.terminationProtection).toBe(true);
    for (const [key, stack] of first.platform.serviceStacks) expect([key, stack.terminationProtection]).toEqual([key, key.startsWith('prod/')]);
    expect(first.platform.stacks.get('dev/us-east-1')!.terminationProtection).toBe(false);
  });
});

describe('the validation gate', () => {
  test('reports an unacknowledged cdk-nag finding (it is not vacuous)', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'gate-')), context: CDK_CONTEXT, analyticsReporting: false });
    new ResiliencePlatform(app, { environments: [], manifestsDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gate-k8s-')) });
    const stack = new Stack(app, 'Careless', { env: { account: '123456789012', region: 'us-east-1' } });
    new s3.Bucket(stack, 'Plain');
    // Under Jest the app runs in-memory, where CDK throws the full report instead of only writing it.
    expect(() => app.synth()).toThrow(/The S3 Bucket has server access logs disabled[\s\S]*Careless\/Plain\/Resource/);
  });

  test('reports an unacknowledged AWS Control Tower proactive control (cfn-guard) finding', () => {
    // GIVEN the platform's gates and a bucket without event notifications, a rule only Control Tower has (CT.S3.PR.4)
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'gate-')), context: CDK_CONTEXT, analyticsReporting: false });
    new ResiliencePlatform(app, { environments: [], manifestsDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gate-k8s-')) });
    const stack = new Stack(app, 'Careless', { env: { account: '123456789012', region: 'us-east-1' } });
    new s3.Bucket(stack, 'Plain');
    // WHEN synthesized THEN the cfn-guard plugin's finding fails the synth, naming the resource
    expect(() => app.synth()).toThrow(/cdk-validator-cfnguard[\s\S]*\[CT\.S3\.PR\.4\][\s\S]*Careless\/Plain\/Resource/);
  });
});
