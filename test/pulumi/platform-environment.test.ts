import * as os from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { App, AppProps } from 'aws-cdk-lib';
import { ENVIRONMENTS } from '../../stacks/environments';
import { ResiliencePlatform } from '../../lib/platform';
import { CDK_CONTEXT } from '../support/app';

const seen: { type: string; name: string; inputs: Record<string, unknown>; provider?: string }[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => (seen.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider }), { id: `${args.name}-id`, state: args.inputs }),
    call: (args) => args.inputs,
  },
  'project',
  'test',
  false,
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PlatformDeployment } = require('../../lib/pulumi') as typeof import('../../lib/pulumi');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const k8s = require('@pulumi/kubernetes') as typeof import('@pulumi/kubernetes');

/** The README's Pulumi program: this repository's staging environment, both sides. */
function staging(appProps: AppProps) {
  const app = new App({ ...appProps, context: CDK_CONTEXT, builtinCloudFormationValidation: false });
  const platform = new ResiliencePlatform(app, { environments: ENVIRONMENTS.filter((e) => e.name === 'staging'), manifestsDir: path.join(os.tmpdir(), 'pulumi-k8s'), policyValidation: false });
  return { app, clusters: platform.clusters };
}

test('a Pulumi program deploys the staging environment: its stacks and its clusters', async () => {
  // WHEN
  const kubernetesProviders = Object.fromEntries(['us-east-1', 'us-west-2'].map((r) => [`staging/${r}`, new k8s.Provider(`staging-${r}`, { context: `staging-${r}` })]));
  // Staging's regional stacks (its DR stores and triggers, its MonitoringStack) pass 51,200 bytes: they go through S3 (as in the README's program).
  const d = new PlatformDeployment('staging', { build: staging, kubernetesProviders, templateBucket: { bucketName: 'my-cfn-templates', region: 'us-east-1' } });
  await new Promise<void>((resolve) => pulumi.all([...Object.values(d.stacks), ...Object.values(d.configGroups)].map((r) => r.urn)).apply(() => resolve()));
  // THEN every stack of the environment, bootstrapless, with its own name
  const stacks = seen.filter((r) => r.type === 'aws:cloudformation/stack:Stack');
  // (the global stack, each region's stack, each region's services stacks, shards 0 to 3, and the standby's Aurora secondary)
  const servicesStacks = (region: string) => [0, 1, 2, 3].map((shard) => `resilience-staging-${region}-services-${shard}`);
  expect(stacks.map((s) => s.inputs.name).sort()).toEqual(
    ['resilience-staging-global', 'resilience-staging-us-east-1', ...servicesStacks('us-east-1'), 'resilience-staging-us-west-2', ...servicesStacks('us-west-2'), 'resilience-staging-us-west-2-database'].sort(),
  );
  const uploads = new Map(seen.filter((r) => r.type === 'aws:s3/bucketObjectv2:BucketObjectv2').map((r) => [`https://my-cfn-templates.s3.us-east-1.amazonaws.com/${String(r.inputs.key)}`, String(r.inputs.content)]));
  const bodyOf = (s: (typeof stacks)[number]) => String(s.inputs.templateBody ?? uploads.get(String(s.inputs.templateUrl)));
  for (const s of stacks) {
    const template = JSON.parse(bodyOf(s));
    expect(template.Parameters).toBeUndefined();
  }
  const regional = JSON.parse(bodyOf(stacks.find((s) => s.inputs.name === 'resilience-staging-us-east-1')!));
  expect(Object.values(regional.Resources).map((r) => (r as { Type: string }).Type)).toEqual(expect.arrayContaining(['AWS::KMS::Key', 'AWS::Backup::BackupVault']));
  // AND every chart of both clusters, as ConfigGroups of objects
  const groups = seen.filter((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup');
  expect(groups.map((g) => g.name).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^staging-staging\/us-east-1\//), expect.stringMatching(/^staging-staging\/us-west-2\//)]));
  // each cluster's charts through its own provider
  for (const g of groups) expect(g.provider).toContain(`::staging-${/^staging-staging\/([^/]+)\//.exec(g.name)![1]}::`);
  const kinds = groups.flatMap((g) => (g.inputs.objs as { kind: string }[]).map((o) => o.kind));
  expect(kinds).toEqual(expect.arrayContaining(['PeerAuthentication']));
});
