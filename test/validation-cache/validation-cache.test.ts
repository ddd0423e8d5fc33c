import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, CloudFormationValidatePlugin, IPolicyValidationPlugin, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CachedCloudFormationValidatePlugin, CachedNagPack, CachedTemplatePlugin, ValidationCache } from '../../lib/validation-cache';
import { CDK_CONTEXT } from '../support/app';

type Finding = { plugin: string; rule: string; path: string };

/** Every unacknowledged finding of the app's validation report, sorted. */
function findings(app: App): Finding[] {
  let outdir: string;
  try {
    outdir = app.synth().directory;
  } catch {
    outdir = app.outdir;
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  return report.pluginReports
    .flatMap((p) => p.violations.flatMap((v) => v.violatingConstructs.map((c) => ({ plugin: p.pluginName, rule: v.ruleName, path: c.constructPath }))))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/**
 * An app with two stacks: `Plain` holds an S3 bucket without access logs (AwsSolutions-S1) and a
 * resource with a property of the wrong type (a finding of the CloudFormation engine); `Other`
 * holds a bucket whose id can be changed to change only its template.
 */
function appWith(plugins: IPolicyValidationPlugin[], options: { otherBucketId?: string; acknowledgeS1?: boolean; engine?: boolean } = {}): App {
  const app = new App({
    context: { ...CDK_CONTEXT, '@aws-cdk/core:strictCfnValidateErrors': false },
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'vc-')),
    builtinCloudFormationValidation: options.engine ?? true,
  });
  Validations.of(app).addPlugins(...plugins);
  const env = { account: '123456789012', region: 'us-east-1' };
  const plain = new Stack(app, 'Plain', { env });
  const bucket = new s3.Bucket(plain, 'Bucket', { enforceSSL: true });
  if (options.acknowledgeS1) Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'test: logs are not wanted here' });
  new CfnResource(plain, 'Topic', { type: 'AWS::SNS::Topic', properties: { TopicName: 42, FifoTopic: 'perhaps' } });
  const other = new Stack(app, 'Other', { env });
  new s3.Bucket(other, options.otherBucketId ?? 'Logs', { enforceSSL: true });
  return app;
}

function freshCache(): ValidationCache {
  return new ValidationCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), 'vc-cache-')) });
}

// One engine for the whole file: starting it costs about 2 s.
const engine = new CloudFormationValidatePlugin();
function cachedEngine(cache: ValidationCache): CachedCloudFormationValidatePlugin {
  const plugin = new CachedCloudFormationValidatePlugin({ cache });
  // Share the uncached plugin's engine (started once for the file); the cached plugin's own
  // validation path is unchanged.
  const shared = engine as unknown as { engine: unknown; engineResourceTypes: unknown };
  Object.assign(plugin, { engine: shared.engine, engineResourceTypes: shared.engineResourceTypes });
  return plugin;
}
const nagPack = (cache: ValidationCache) => new CachedNagPack({ name: 'AwsSolutions', create: () => new AwsSolutionsChecks(), cache });

describe('validation cache', () => {
  let uncached: Finding[];
  beforeAll(() => {
    uncached = findings(appWith([engine, new AwsSolutionsChecks()]));
  });

  test('GIVEN an app with findings WHEN synthesized twice with the cache THEN both runs report exactly what the uncached gates report', () => {
    expect(uncached).toEqual(expect.arrayContaining([
      expect.objectContaining({ plugin: 'AwsSolutions', rule: 'AwsSolutions-S1', path: 'Plain/Bucket/Resource' }),
      expect.objectContaining({ plugin: 'CloudFormation Validate', path: 'Plain/Topic' }),
    ]));
    const cache = freshCache();
    const first = findings(appWith([cachedEngine(cache), nagPack(cache)]));
    expect(cache.stats).toEqual({ hits: 0, misses: 4 });
    const second = findings(appWith([cachedEngine(cache), nagPack(cache)]));
    expect(cache.stats).toEqual({ hits: 4, misses: 4 });
    expect(first).toEqual(uncached);
    expect(second).toEqual(uncached);
  });

  test('GIVEN nothing changed WHEN synthesized again THEN neither the engine nor cdk-nag runs', () => {
    const cache = freshCache();
    findings(appWith([cachedEngine(cache), nagPack(cache)]));
    const engineRuns = jest.spyOn(CloudFormationValidatePlugin.prototype, 'validate');
    const create = jest.fn(() => new AwsSolutionsChecks());
    const again = findings(appWith([cachedEngine(cache), new CachedNagPack({ name: 'AwsSolutions', create, cache })]));
    // The engine's validate (the cached plugin's super) is never called.
    expect(engineRuns).not.toHaveBeenCalled();
    expect(create).not.toHaveBeenCalled();
    expect(again).toEqual(uncached);
    engineRuns.mockRestore();
  });

  test('GIVEN one template changed WHEN synthesized again THEN only that stack is validated again', () => {
    const cache = freshCache();
    findings(appWith([cachedEngine(cache), nagPack(cache)]));
    const before = cache.stats;
    findings(appWith([cachedEngine(cache), nagPack(cache)], { otherBucketId: 'Renamed' }));
    // Plain: hit for both plugins; Other: miss for both.
    expect(cache.stats).toEqual({ hits: before.hits + 2, misses: before.misses + 2 });
  });

  test('GIVEN a finding acknowledged after it was cached WHEN synthesized again THEN it is acknowledged; and removing the acknowledgement brings it back', () => {
    const cache = freshCache();
    findings(appWith([cachedEngine(cache), nagPack(cache)]));
    const acknowledged = findings(appWith([cachedEngine(cache), nagPack(cache)], { acknowledgeS1: true }));
    expect(acknowledged).toContainEqual(expect.objectContaining({ rule: 'AwsSolutions-S1', path: 'Other/Logs/Resource' }));
    expect(acknowledged).not.toContainEqual(expect.objectContaining({ rule: 'AwsSolutions-S1', path: 'Plain/Bucket/Resource' }));
    expect(findings(appWith([cachedEngine(cache), nagPack(cache)]))).toEqual(uncached);
  });

  test('GIVEN the engine or rules change version WHEN the key is computed THEN it differs', () => {
    const parts = ['CloudFormation Validate', CachedCloudFormationValidatePlugin.engineFingerprint(), 'Plain', '{}'];
    expect(CachedCloudFormationValidatePlugin.engineFingerprint()).toMatch(/^aws-cdk-lib@\d+\.\d+\.\d+ @aws\/cloudformation-validate@\d+\.\d+\.\d+$/);
    expect(ValidationCache.key(...parts)).not.toEqual(ValidationCache.key(parts[0], parts[1].replace(/\d+$/, '999'), parts[2], parts[3]));
    // Parts are length-prefixed: moving a boundary changes the key.
    expect(ValidationCache.key('ab', 'c')).not.toEqual(ValidationCache.key('a', 'bc'));
  });

  test('GIVEN a template plugin WHEN nothing changed THEN it is not called and its findings are replayed with the current template path', () => {
    const cache = freshCache();
    const calls: string[][] = [];
    const plugin: IPolicyValidationPlugin = {
      name: 'every-bucket',
      version: '1.0.0',
      validate: (context) => {
        calls.push(context.templatePaths.map((p) => path.basename(p)));
        const violations = context.stackTemplates.flatMap((s) => {
          const resources = JSON.parse(fs.readFileSync(s.templatePath, 'utf8')).Resources as Record<string, { Type: string }>;
          return Object.entries(resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket').map(([id]) => ({ ruleName: 'NO-BUCKETS', description: 'no buckets', violatingResources: [{ resourceLogicalId: id, templatePath: s.templatePath, locations: [] }] }));
        });
        return { success: violations.length === 0, violations };
      },
    };
    const run = (otherBucketId?: string) => findings(appWith([new CachedTemplatePlugin({ plugin, cache })], { otherBucketId, engine: false }));
    const first = run();
    expect(first.filter((f) => f.rule === 'NO-BUCKETS').map((f) => f.path)).toEqual(['Other/Logs/Resource', 'Plain/Bucket/Resource']);
    expect(run()).toEqual(first);
    run('Renamed');
    expect(calls.map((c) => [...c].sort())).toEqual([['Other.template.json', 'Plain.template.json'], ['Other.template.json']]);
  });

  test('GIVEN CDK_VALIDATION=false WHEN synthesized THEN the cached engine validates nothing, as the built-in one', () => {
    const cache = freshCache();
    process.env.CDK_VALIDATION = 'false';
    try {
      expect(findings(appWith([cachedEngine(cache)]))).toEqual([]);
    } finally {
      delete process.env.CDK_VALIDATION;
    }
    expect(cache.stats).toEqual({ hits: 0, misses: 0 });
  });

  test('GIVEN a pack whose name differs from the one given WHEN it runs THEN it refuses, naming both', () => {
    const app = appWith([], { engine: false });
    const assembly = app.synth();
    const stackTemplates = ['Plain', 'Other'].map((id) => ({ stackConstructPath: id, templatePath: path.join(assembly.directory, `${id}.template.json`), accountId: '123456789012', region: 'us-east-1' }));
    const pack = new CachedNagPack({ name: 'Wrong', create: () => new AwsSolutionsChecks(), cache: freshCache() });
    expect(() => pack.validate({ appConstruct: app, stackTemplates, templatePaths: stackTemplates.map((s) => s.templatePath) })).toThrow(/CachedNagPack: name = Wrong: the pack built is named AwsSolutions/);
  });
});
