import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The library as a user gets it: `npm pack` (its `prepack` builds), the tarball unpacked into a
 * scratch CDK app's node_modules as npm installs it, the peer dependencies linked from this
 * project's install (offline), and the examples type-checked against the tarball's typings and
 * run with plain node. Three scratch apps: one with only aws-cdk-lib and constructs (a user of the
 * AWS constructs, no cdk8s anywhere), one that adds cdk-monitoring-constructs for MonitoringStack
 * (still no cdk8s), one with cdk8s too.
 */
const root = path.join(__dirname, '..', '..');
const examples = path.join(__dirname, 'examples');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tarball-'));
let tarball: string;
let listing: string[];
let awsOnly: string;
let monitoring: string;
let full: string;

interface Run {
  resources: Record<string, number>;
  kinds?: Record<string, number>;
  rootExportsTheSameClass?: boolean;
  library: string;
  libraryFiles: string[];
  cdk8sLoaded: boolean;
  loaded: string[];
}

/** A loaded file of this repository's sources or build (the linked peers under its node_modules are not). */
const fromThisRepository = (file: string): boolean => file.startsWith(root + path.sep) && !file.startsWith(path.join(root, 'node_modules') + path.sep);

/** The first TypeScript block of the README's "Smallest example" section, synthesized. */
function smallestExample(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Smallest example'));
  const code = section?.match(/```ts\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error('README.md: no ```ts block in "## Smallest example"');
  return `${code}\nimport { report } from './report';\nreport(app);\n`;
}

/** A scratch app: the tarball unpacked as npm does, `peers` linked, `files` written. */
function scratchApp(name: string, peers: string[], files: Record<string, string>): string {
  const dir = path.join(work, name);
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, 'resilience-constructs'), { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', path.join(modules, 'resilience-constructs'), '--strip-components=1']);
  for (const peer of peers) {
    fs.mkdirSync(path.dirname(path.join(modules, peer)), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules', peer)), path.join(modules, peer), 'dir');
  }
  // @types/node for the examples' `require`/`process` (as every CDK app has).
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules', '@types', 'node')), path.join(modules, '@types', 'node'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, dependencies: { 'resilience-constructs': `file:${tarball}` } }));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/**
 * Type errors of the apps' files and of the package's own typings, in one program, resolving
 * through package.json `exports` (Node16).
 */
function typeErrors(dirs: string[]): string[] {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: ['node'], module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
  const rootNames = dirs.flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f)));
  const program = ts.createProgram(rootNames, options);
  // skipLibCheck skips every .d.ts; check the package's own typings explicitly (stripInternal
  // must leave them whole), and only them, not aws-cdk-lib's.
  const ours = program.getSourceFiles().filter((sf) => rootNames.includes(sf.fileName) || dirs.some((dir) => sf.fileName.startsWith(path.join(dir, 'node_modules', 'resilience-constructs'))));
  return ours
    .flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)])
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** Where TypeScript finds the typings of `specifier` from `dir` under node10 resolution (`cdk init`'s). */
function node10Typings(dir: string, specifier: string): string | undefined {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 };
  return ts.resolveModuleName(specifier, path.join(dir, 'app.ts'), options, ts.sys).resolvedModule?.resolvedFileName;
}

/** Transpiles the app's files to CommonJS and runs the `entries` one after another in one node process. */
function run(dir: string, ...entries: string[]): Run[] {
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const js = ts.transpileModule(fs.readFileSync(path.join(dir, file), 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    fs.writeFileSync(path.join(dir, file.replace(/\.ts$/, '.js')), js);
  }
  const out = execFileSync(process.execPath, ['-e', entries.map((e) => `require('./${e.replace(/\.ts$/, '.js')}');`).join('')], {
    cwd: dir,
    env: { ...process.env, CDK_OUTDIR: fs.mkdtempSync(path.join(work, 'cdk.out-')), NODE_PATH: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return out.toString('utf8').trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Run);
}

const example = (file: string) => fs.readFileSync(path.join(examples, file), 'utf8');

/**
 * Whether dist/lib is the build of the current sources: every compiled file newer than every
 * source and build setting, and every compiled file with its source (no leftover of a deleted one).
 */
function buildIsCurrent(): boolean {
  const walk = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])) : []);
  const sources = walk(path.join(root, 'lib')).filter((f) => f.endsWith('.ts'));
  const built = walk(path.join(root, 'dist', 'lib')).filter((f) => f.endsWith('.js'));
  if (built.length === 0) return false;
  const newestInput = Math.max(...[...sources, ...['package.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => path.join(root, f))].map((f) => fs.statSync(f).mtimeMs));
  const oldestOutput = Math.min(...built.map((f) => fs.statSync(f).mtimeMs));
  const sourceOf = (js: string) => path.join(root, path.relative(path.join(root, 'dist'), js)).replace(/\.js$/, '.ts');
  return oldestOutput > newestInput && built.every((js) => fs.existsSync(sourceOf(js))) && sources.every((ts) => fs.existsSync(path.join(root, 'dist', path.relative(root, ts)).replace(/\.ts$/, '.js')));
}

beforeAll(() => {
  // `npm pack` runs `prepack` (the build) first, as `npm publish` would; a build that is already
  // current is packed as it is.
  const scripts = buildIsCurrent() ? ['--ignore-scripts'] : [];
  execFileSync('npm', ['pack', '--silent', ...scripts, '--pack-destination', work], { cwd: root, env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
  tarball = path.join(work, fs.readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  listing = execFileSync('tar', ['-tzf', tarball]).toString('utf8').trim().split('\n');
  awsOnly = scratchApp('aws-only', ['aws-cdk-lib', 'constructs'], {
    'smallest.ts': smallestExample(),
    'geo-dns-routing.ts': example('geo-dns-routing.ts'),
    'multi-region-dr.ts': example('multi-region-dr.ts'),
    'report.ts': example('report.ts'),
  });
  // MonitoringStack builds its CloudWatch side with cdk-monitoring-constructs, its only extra peer.
  monitoring = scratchApp('monitoring', ['aws-cdk-lib', 'constructs', 'cdk-monitoring-constructs'], {
    'monitoring-stack.ts': example('monitoring-stack.ts'),
    'report.ts': example('report.ts'),
  });
  // The root also exports the platform, whose gates need cdk-nag and the cfn-guard plugin.
  full = scratchApp('full', ['aws-cdk-lib', 'constructs', 'cdk8s', 'cdk8s-plus-28', 'cdk-nag', '@cdklabs/cdk-validator-cfnguard', 'cdk-monitoring-constructs'], {
    'kubernetes.ts': example('kubernetes.ts'),
    'report.ts': example('report.ts'),
  });
}, 180_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const SUBPATHS = ['', '/core', '/encrypted-backup-vault', '/encrypted-backup-vault/k8s', '/geo-dns-routing', '/monitoring-stack', '/monitoring-stack/k8s', '/multi-region-dr', '/multi-region-dr/k8s', '/platform', '/pulumi', '/review', '/service-mesh-canary', '/validation-cache'];

describe('the packed tarball', () => {
  test('holds the compiled library, its typings without @internal members, the LICENSE and nothing else', () => {
    expect(listing).toEqual(expect.arrayContaining(['package/package.json', 'package/LICENSE', 'package/README.md', 'package/dist/lib/index.js', 'package/dist/lib/index.d.ts', 'package/dist/lib/encrypted-backup-vault/k8s.js']));
    expect(listing.filter((f) => !/^package\/(package\.json|LICENSE|README\.md|dist\/lib\/.+\.(js|d\.ts))$/.test(f))).toEqual([]);
    const installed = path.join(awsOnly, 'node_modules', 'resilience-constructs', 'dist', 'lib', 'geo-dns-routing');
    expect(fs.readFileSync(path.join(installed, 'routing-plan.d.ts'), 'utf8')).not.toMatch(/planRouting|recordsOfRegion/);
    expect(fs.readFileSync(path.join(installed, 'routing-plan.js'), 'utf8')).toMatch(/function planRouting/);
  });

  test('the examples and the package\'s own typings type-check against the tarball (package.json exports)', () => {
    expect(typeErrors([awsOnly, monitoring, full])).toEqual([]);
  });

  test.each(SUBPATHS)('resilience-constructs%s has typings under node10 resolution too (typesVersions)', (subpath) => {
    expect(node10Typings(awsOnly, `resilience-constructs${subpath}`)).toMatch(/node_modules\/resilience-constructs\/dist\/lib\/.+\.d\.ts$/);
  });

  test('GIVEN an app with only aws-cdk-lib and constructs WHEN it runs the README\'s smallest example and GeoDnsRouting from the tarball THEN both synthesize, without cdk8s', () => {
    const [smallest, dns] = run(awsOnly, 'smallest.ts', 'geo-dns-routing.ts');
    expect(smallest.resources).toEqual(expect.objectContaining({ 'AWS::Backup::BackupVault': 1, 'AWS::Backup::BackupPlan': 2, 'AWS::Backup::RestoreTestingPlan': 1, 'AWS::KMS::Key': 1 }));
    // Latency at the root over two failover pairs: 2 + 2 × 2 records; per region an endpoint check, a hold-down and a switch check, and the calculated gate.
    expect(dns.resources).toEqual(expect.objectContaining({ 'AWS::Route53::RecordSet': 6, 'AWS::Route53::HealthCheck': 8, 'AWS::CloudWatch::Alarm': 8 }));
    // The tarball's files, not this repository's sources or build; and no cdk8s at all.
    expect(dns.library).toBe(path.join(fs.realpathSync(awsOnly), 'node_modules', 'resilience-constructs'));
    expect(dns.libraryFiles.length).toBeGreaterThan(0);
    expect(dns.libraryFiles.filter((f) => !(f.startsWith(dns.library + path.sep) && f.endsWith('.js')))).toEqual([]);
    expect(dns.loaded.filter(fromThisRepository)).toEqual([]);
    expect(dns.cdk8sLoaded).toBe(false);
  });

  test('GIVEN an app with only aws-cdk-lib and constructs WHEN it runs MultiRegionDr from the tarball THEN it synthesizes its stores and triggers, and no cdk8s or kubernetes-models module loads', () => {
    const [dr] = run(awsOnly, 'multi-region-dr.ts');
    expect(dr.resources).toEqual(expect.objectContaining({ 'AWS::S3::Bucket': expect.any(Number), 'AWS::DynamoDB::GlobalTable': 1, 'AWS::CloudWatch::CompositeAlarm': expect.any(Number) }));
    expect(dr.library).toBe(path.join(fs.realpathSync(awsOnly), 'node_modules', 'resilience-constructs'));
    expect(dr.loaded.filter(fromThisRepository)).toEqual([]);
    expect(dr.cdk8sLoaded).toBe(false);
    expect(dr.loaded.filter((f) => /[\\/]node_modules[\\/](cdk8s-plus-28|kubernetes-models|@kubernetes-models)[\\/]/.test(f))).toEqual([]);
    // Not even the Kubernetes half's own compiled file.
    expect(dr.libraryFiles.filter((f) => f.endsWith(`${path.sep}dr-cluster-chart.js`))).toEqual([]);
  });

  test('GIVEN an app with aws-cdk-lib, constructs and cdk-monitoring-constructs only WHEN it runs MonitoringStack from the tarball THEN its topics and alarms synthesize, and no cdk8s module loads', () => {
    const [mon] = run(monitoring, 'monitoring-stack.ts');
    expect(mon.resources).toEqual(expect.objectContaining({ 'AWS::SNS::Topic': expect.any(Number), 'AWS::CloudWatch::Alarm': expect.any(Number), 'AWS::CloudWatch::Dashboard': expect.any(Number) }));
    expect(mon.library).toBe(path.join(fs.realpathSync(monitoring), 'node_modules', 'resilience-constructs'));
    expect(mon.loaded.filter(fromThisRepository)).toEqual([]);
    expect(mon.cdk8sLoaded).toBe(false);
    expect(mon.loaded.filter((f) => /[\\/]node_modules[\\/](cdk8s-plus-28|kubernetes-models|@kubernetes-models)[\\/]/.test(f))).toEqual([]);
    expect(mon.libraryFiles.filter((f) => /[\\/](kubernetes-monitoring|grafana-dashboards|tracing|mesh-rules)\.js$/.test(f))).toEqual([]);
  });

  test('GIVEN an app with cdk8s too WHEN it runs ServiceMeshCanary and the Velero half THEN the chart holds their objects and the root exports the same classes', () => {
    const [k8s] = run(full, 'kubernetes.ts');
    expect(k8s.kinds).toEqual(expect.objectContaining({ Rollout: 1, VirtualService: 1, DestinationRule: 1, PeerAuthentication: 1, AuthorizationPolicy: 1, BackupStorageLocation: 1, Schedule: expect.any(Number) }));
    expect(k8s.rootExportsTheSameClass).toBe(true);
    expect(k8s.library).toBe(path.join(fs.realpathSync(full), 'node_modules', 'resilience-constructs'));
    expect(k8s.loaded.filter(fromThisRepository)).toEqual([]);
  });
});
