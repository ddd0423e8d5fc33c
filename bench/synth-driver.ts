/**
 * One synth, in a process of its own, for the benchmark (bench/synth.bench.ts): prints one JSON
 * line with the phases' times, the peak RSS and the resources per stack. Not a user entry point.
 *
 * Argument: a JSON `DriverConfig`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, CloudFormationValidatePlugin, DefaultStackSynthesizer, IPolicyValidationPlugin, Stack, Stage, Validations } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import * as cdk8s from 'cdk8s';
import { EnvironmentDescription, ResiliencePlatform, ServiceDescription, ServicePublication, ServiceWorkload } from '../lib/platform';
import { cachedValidationGates, ValidationCache } from '../lib/validation-cache';
import { ENVIRONMENTS } from '../stacks/environments';

export interface DriverConfig {
  /** `app`: the platform built from its description; `replay`: the same templates and manifests re-emitted. */
  readonly mode: 'app' | 'replay';
  /** `none`: no engine, no packs; `builtin`: the platform's gates as registered today; `cached`: the same gates, cached. */
  readonly gates: 'none' | 'builtin' | 'cached';
  readonly outdir: string;
  readonly manifestsDir: string;
  /** For `cached`: the cache directory. */
  readonly cacheDir?: string;
  /** Generated services on prod's three regions instead of this repository's environments. */
  readonly services?: number;
  /** For `replay`: a cloud assembly and a manifests directory of an earlier `app` run. */
  readonly replayFrom?: { readonly outdir: string; readonly manifestsDir: string };
}

const config = JSON.parse(process.argv[2]) as DriverConfig;
const context = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')).context as Record<string, unknown>;
// Process start to here: node, ts-node's transpiling and the modules (imports run first).
const phases: Record<string, number> = { load: process.uptime() * 1000 };

/** Adds the time of `fn` to `phase`. */
function timed<T>(phase: string, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    phases[phase] = (phases[phase] ?? 0) + (performance.now() - start);
  }
}

function phaseOfPlugin(name: string): string {
  if (name === CloudFormationValidatePlugin.PLUGIN_NAME) return 'engine';
  if (/^(AwsSolutions|HIPAA|NIST|PCI)/.test(name)) return 'cdk-nag';
  return `plugin:${name}`;
}

/** Times every plugin registered on `stage` (and the engine's start), without changing what they do. */
function timePlugins(stage: Stage): void {
  const plugins = (stage as unknown as { _validationPlugins: IPolicyValidationPlugin[] })._validationPlugins;
  for (const plugin of plugins) {
    const validate = plugin.validate.bind(plugin);
    const phase = phaseOfPlugin(plugin.name);
    (plugin as { validate: IPolicyValidationPlugin['validate'] }).validate = (ctx) => timed(phase, () => validate(ctx));
  }
}
// The engine: its start (`initializeEngine`, private) apart from its validation.
const proto = CloudFormationValidatePlugin.prototype as unknown as { validate: (c: unknown) => unknown; initializeEngine: (t: unknown) => unknown };
const engineValidate = proto.validate;
const engineStart = proto.initializeEngine;
proto.initializeEngine = function (this: unknown, types: unknown) {
  return timed('engine-start', () => engineStart.call(this, types));
};
let nested = 0;
proto.validate = function (this: unknown, c: unknown) {
  // The cached plugin's validate calls this one (super) only for templates that changed.
  if (nested++ > 0 || this instanceof CloudFormationValidatePlugin === false) return engineValidate.call(this, c);
  try {
    return this.constructor === CloudFormationValidatePlugin ? timed('engine', () => engineValidate.call(this, c)) : engineValidate.call(this, c);
  } finally {
    nested--;
  }
};

function generatedEnvironments(count: number): EnvironmentDescription[] {
  const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
  const services: ServiceDescription[] = Array.from({ length: count }, (_, i) => ({
    name: `service-${String(i).padStart(3, '0')}`,
    workload: ServiceWorkload.image({ image: `registry.example.com/service-${i}:1.0.0` }),
    ...(i === 0 ? { publication: ServicePublication.public({ hostLabel: 'api' }) } : {}),
  }));
  // Sampling is set once per environment (serviceDefaults), as the platform requires of every service.
  return [{ ...prod, services, serviceDefaults: { ...prod.serviceDefaults, tracingSamplingPercent: 10 } }];
}

function buildApp(app: App): { synthManifests: () => void; stacks: Stack[] } {
  const environments = config.services !== undefined ? generatedEnvironments(config.services) : ENVIRONMENTS;
  const platform = new ResiliencePlatform(app, { environments, manifestsDir: config.manifestsDir, policyValidation: config.gates === 'builtin' });
  return { synthManifests: () => platform.synthManifests(), stacks: platform.allStacks };
}

/** The replay: every template of an earlier run through CfnInclude, every manifest through cdk8s Include. */
function buildReplay(app: App): { synthManifests: () => void; stacks: Stack[] } {
  const from = config.replayFrom!;
  const root = JSON.parse(fs.readFileSync(path.join(from.outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; properties?: { directoryName?: string } }> };
  const stacks: Stack[] = [];
  for (const [id, artifact] of Object.entries(root.artifacts)) {
    if (artifact.type !== 'cdk:cloud-assembly') continue;
    const dir = path.join(from.outdir, artifact.properties!.directoryName!);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; environment?: string; displayName?: string; properties?: { templateFile: string; stackName?: string; terminationProtection?: boolean } }> };
    const stage = new Stage(app, id.replace(/^assembly-/, ''));
    for (const stack of Object.values(manifest.artifacts)) {
      if (stack.type !== 'aws:cloudformation:stack') continue;
      const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(stack.environment!)!;
      const s = new Stack(stage, stack.displayName!.split('/').pop()!, { env: { account, region }, stackName: stack.properties!.stackName, terminationProtection: stack.properties!.terminationProtection,
        // The template already holds the bootstrap parameter and rule.
        synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) });
      new CfnInclude(s, 'Template', { templateFile: path.join(dir, stack.properties!.templateFile) });
      stacks.push(s);
    }
  }
  if (config.gates === 'builtin') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- only the gated replay needs it
    const nag = require('cdk-nag') as typeof import('cdk-nag');
    Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(), new nag.HIPAASecurityChecks(), new nag.NIST80053R5Checks(), new nag.PCIDSS321Checks());
  }
  const files: string[] = [];
  const walk = (d: string): void => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.yaml') && files.push(path.join(d, e.name))));
  walk(from.manifestsDir);
  return {
    stacks,
    synthManifests: () => {
      for (const file of files.sort()) {
        const rel = path.relative(from.manifestsDir, file);
        const k8sApp = new cdk8s.App({ outdir: path.join(config.manifestsDir, path.dirname(rel)) });
        const chart = new cdk8s.Chart(k8sApp, path.basename(rel, '.k8s.yaml'), { disableResourceNameHashes: true });
        new cdk8s.Include(chart, 'Manifest', { url: file });
        k8sApp.synth();
      }
    },
  };
}

const app = new App({ context, outdir: config.outdir, builtinCloudFormationValidation: config.gates !== 'none' });
const built = timed('build', () => (config.mode === 'app' ? buildApp(app) : buildReplay(app)));
if (config.gates === 'cached') {
  // The same gates as the platform registers today (the four packs; the engine replaces the built-in one).
  Validations.of(app).addPlugins(...cachedValidationGates({ cache: new ValidationCache({ directory: config.cacheDir }), controlTowerControls: false }));
}
timePlugins(app);
timed('cdk8s', () => built.synthManifests());
let failure: string | undefined;
const synthStart = performance.now();
try {
  app.synth();
} catch (e) {
  failure = (e as Error).message.split('\n')[0].slice(0, 200);
}
const validation = ['engine', 'cdk-nag'].reduce((n, p) => n + (phases[p] ?? 0), 0) + Object.entries(phases).filter(([p]) => p.startsWith('plugin:')).reduce((n, [, t]) => n + t, 0);
phases.synth = performance.now() - synthStart - validation;
if (phases.engine !== undefined && phases['engine-start'] !== undefined) phases.engine -= phases['engine-start'];

/** Resources of every template the synth wrote (nested assemblies included). */
function resourcesPerTemplate(dir: string): number[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return resourcesPerTemplate(file);
    return e.name.endsWith('.template.json') ? [Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources?: object }).Resources ?? {}).length] : [];
  });
}
const resourcesPerStack = resourcesPerTemplate(config.outdir);
process.stdout.write(`${JSON.stringify({ phases, peakRssMb: process.resourceUsage().maxRSS / 1024, resourcesPerStack, stacks: built.stacks.length, failure })}\n`);
