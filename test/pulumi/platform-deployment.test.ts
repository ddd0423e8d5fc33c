import * as pulumi from '@pulumi/pulumi';
import { App, AppProps, CfnOutput, Fn, Stack, Stage } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import * as cdk8s from 'cdk8s';
import { CDK_CONTEXT } from '../support/app';

interface Seen {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly provider?: string;
}

const seen: Seen[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      seen.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  'project',
  'test',
  false,
);

// Loaded after the mocks, as a Pulumi program would be.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PlatformDeployment } = require('../../lib/pulumi') as typeof import('../../lib/pulumi');

/** A tiny platform: a regional stack and a global stack that reads its export, and one cluster. */
function smallPlatform(options: { parameters?: number; envAgnostic?: boolean } = {}) {
  return (appProps: AppProps) => {
    const app = new App({ ...appProps, context: CDK_CONTEXT, builtinCloudFormationValidation: false });
    const stage = new Stage(app, 'Prod');
    const regional = new Stack(stage, 'UsEast1', { stackName: 'resilience-prod-us-east-1', terminationProtection: true, env: options.envAgnostic ? undefined : { account: '111111111111', region: 'us-east-1' } });
    const key = new Key(regional, 'Key', { enableKeyRotation: true });
    new CfnOutput(regional, 'KeyArn', { value: key.keyArn, exportName: 'prod-key-arn' });
    for (let i = 0; i < (options.parameters ?? 0); i++) new StringParameter(regional, `P${i}`, { stringValue: 'x'.repeat(200) });
    const global = new Stack(stage, 'Global', { stackName: 'resilience-prod-global', env: { account: '111111111111', region: 'eu-west-1' } });
    new StringParameter(global, 'KeyRef', { stringValue: Fn.importValue('prod-key-arn') });
    global.addStackDependency(regional);

    const k8sApp = new cdk8s.App();
    const crds = new cdk8s.Chart(k8sApp, 'crds');
    new cdk8s.ApiObject(crds, 'crd', { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' } });
    new cdk8s.ApiObject(crds, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } });
    const mesh = new cdk8s.Chart(k8sApp, 'mesh');
    new cdk8s.ApiObject(mesh, 'pa', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'app' }, spec: { mtls: { mode: 'STRICT' } } });
    const plain = new cdk8s.Chart(k8sApp, 'plain');
    new cdk8s.ApiObject(plain, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'app' }, data: { a: 'b' } });
    return { app, clusters: new Map([['prod/us-east-1', k8sApp]]) };
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const k8s = require('@pulumi/kubernetes') as typeof import('@pulumi/kubernetes');
const kubernetesProviders = { 'prod/us-east-1': new k8s.Provider('prod-us-east-1', { kubeconfig: 'stand-in' }) };

/** Waits until every resource of the component is registered with the mocks. */
async function settle(d: InstanceType<typeof PlatformDeployment>): Promise<void> {
  const urns = [...Object.values(d.stacks), ...Object.values(d.configGroups)].map((r) => r.urn);
  await new Promise<void>((resolve) => pulumi.all(urns).apply(() => resolve()));
}

beforeEach(() => seen.splice(0));

describe('PlatformDeployment (Pulumi mocks)', () => {
  test('deploys each template as a CloudFormation stack through a provider of its account and region', async () => {
    // WHEN
    const d = new PlatformDeployment('platform', { build: smallPlatform(), kubernetesProviders });
    await settle(d);
    // THEN one provider per account and region, pinned to the account
    const providers = seen.filter((r) => r.type === 'pulumi:providers:aws');
    expect(providers.map((p) => [p.name, p.inputs.region, p.inputs.allowedAccountIds])).toEqual(
      expect.arrayContaining([
        ['platform-aws-111111111111-us-east-1', 'us-east-1', JSON.stringify(['111111111111'])],
        ['platform-aws-111111111111-eu-west-1', 'eu-west-1', JSON.stringify(['111111111111'])],
      ]),
    );
    const stacks = seen.filter((r) => r.type === 'aws:cloudformation/stack:Stack');
    expect(stacks.map((s) => s.name)).toEqual(['platform-Prod/UsEast1', 'platform-Prod/Global']);
    const regional = stacks[0];
    expect(regional.inputs).toMatchObject({ name: 'resilience-prod-us-east-1', capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'] });
    expect(regional.provider).toMatch(/platform-aws-111111111111-us-east-1::platform-aws-111111111111-us-east-1-id$/);
    // AND the template is bootstrapless: no BootstrapVersion parameter or rule, the key inside
    const template = JSON.parse(String(regional.inputs.templateBody));
    expect(template.Parameters).toBeUndefined();
    expect(template.Rules).toBeUndefined();
    expect(Object.values(template.Resources).map((r) => (r as { Type: string }).Type)).toContain('AWS::KMS::Key');
    expect(d.ordering['Prod/Global']).toEqual(['Prod/UsEast1']);
    // AND termination protection becomes Pulumi's protect option (the SDK records it on the resource)
    const protectedOf = (r: object) => (r as { __protect?: boolean }).__protect;
    expect([protectedOf(d.stacks['Prod/UsEast1']), protectedOf(d.stacks['Prod/Global'])]).toEqual([true, false]);
  });

  test('deploys each chart as a yaml/v2 ConfigGroup, CRDs and namespaces first', async () => {
    const d = new PlatformDeployment('platform', { build: smallPlatform(), kubernetesProviders });
    await settle(d);
    const groups = seen.filter((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup').sort((a, b) => a.name.localeCompare(b.name));
    expect(groups.map((g) => g.name)).toEqual(['platform-prod/us-east-1/foundation', 'platform-prod/us-east-1/mesh', 'platform-prod/us-east-1/plain']);
    const kinds = (g: Seen) => (g.inputs.objs as { kind: string }[]).map((o) => o.kind);
    for (const g of groups) expect(g.provider).toMatch(/::prod-us-east-1::prod-us-east-1-id$/);
    expect(groups.map(kinds)).toEqual([['CustomResourceDefinition', 'Namespace'], ['PeerAuthentication'], ['ConfigMap']]);
    expect(d.ordering).toMatchObject({ 'prod/us-east-1/foundation': [], 'prod/us-east-1/mesh': ['prod/us-east-1/foundation'], 'prod/us-east-1/plain': ['prod/us-east-1/foundation'] });
  });

  test('charts with custom resources also wait for CRDs installed elsewhere', async () => {
    // GIVEN a stand-in for the Helm release that installs Istio's CRDs
    const istio = new pulumi.ComponentResource('test:index:IstioBase', 'istio-base');
    const d = new PlatformDeployment('platform', { build: smallPlatform(), kubernetesProviders, crdDependsOn: [istio] });
    await settle(d);
    expect(d.ordering['prod/us-east-1/mesh']).toEqual(['prod/us-east-1/foundation', 'crdDependsOn']);
    expect(d.ordering['prod/us-east-1/plain']).toEqual(['prod/us-east-1/foundation']);
  });

  test('sends a template over 51,200 bytes through the named bucket', async () => {
    const d = new PlatformDeployment('platform', { build: smallPlatform({ parameters: 300 }), kubernetesProviders, templateBucket: { bucketName: 'my-templates', region: 'us-east-1' } });
    await settle(d);
    const upload = seen.find((r) => r.type === 'aws:s3/bucketObjectv2:BucketObjectv2')!;
    expect(upload.inputs).toMatchObject({ bucket: 'my-templates', key: expect.stringMatching(/^cloudformation\/resilience-prod-us-east-1-[0-9a-f]{16}\.json$/), contentType: 'application/json' });
    const regional = seen.find((r) => r.name === 'platform-Prod/UsEast1')!;
    expect(regional.inputs.templateBody).toBeUndefined();
    expect(regional.inputs.templateUrl).toBe(`https://my-templates.s3.us-east-1.amazonaws.com/${upload.inputs.key}`);
  });

  test('throws when a cluster has no Kubernetes provider', () => {
    expect(() => new PlatformDeployment('platform', { build: smallPlatform() })).toThrow(/^platform: kubernetesProviders = \[\]: a kubernetes.Provider for every cluster; missing: prod\/us-east-1$/);
  });

  test('throws when a template is too large to send inline and no bucket is named', () => {
    expect(() => new PlatformDeployment('platform', { build: smallPlatform({ parameters: 300 }), kubernetesProviders })).toThrow(/^Prod\/UsEast1: templateBody = "\d+ bytes": at most 51200 bytes inline; set templateBucket to deploy larger templates through S3$/);
  });

  test('throws when a stack is environment-agnostic', () => {
    expect(() => new PlatformDeployment('platform', { build: smallPlatform({ envAgnostic: true }), kubernetesProviders })).toThrow(/^Prod\/UsEast1: env.account = .*: a concrete 12-digit account: Pulumi picks the AWS provider by account and region$/);
  });

  test('throws when the builder ignores the bootstrapless app props', () => {
    const build = () => {
      const app = new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false });
      new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
      return { app };
    };
    expect(() => new PlatformDeployment('platform', { build })).toThrow(/^S: synthesizer = "a bootstrapped synthesizer": BootstraplessSynthesizer: pass the builder's appProps to new App\(\) and give no stack its own synthesizer$/);
  });
});
