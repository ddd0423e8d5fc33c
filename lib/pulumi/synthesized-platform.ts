import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps, BootstraplessSynthesizer, cx_api, Token } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { invalid } from '../core/errors';

/** What a builder returns: the CDK app and one cdk8s app per cluster (as the platform construct exposes them). */
export interface CdkApps {
  readonly app: App;
  /** cdk8s apps keyed by cluster (`<environment>/<region>` for the platform). @default - no Kubernetes side */
  readonly clusters?: ReadonlyMap<string, cdk8s.App>;
}

/**
 * Builds the apps. It must pass `appProps` to `new App(appProps)`: they select bootstrapless
 * synthesis (no CDK bootstrap stack, no asset bucket, no `BootstrapVersion` parameter) and a
 * private output directory.
 */
export type CdkAppsBuilder = (appProps: AppProps) => CdkApps;

/** One CloudFormation stack as Pulumi deploys it. */
export interface SynthesizedStack {
  /** Assembly path of the stack, e.g. `Prod/UsEast1`: the Pulumi resource name. */
  readonly id: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly templateBody: string;
  readonly capabilities: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  /** The stack's termination protection (prod): Pulumi's `protect` stands in, as the Stack resource has no such argument. */
  readonly terminationProtection: boolean;
  /** Ids of stacks this stack depends on (cross-stack references, explicit dependencies). */
  readonly dependsOn: readonly string[];
}

/** One cdk8s chart as objects. */
export interface SynthesizedChart {
  readonly cluster: string;
  readonly chart: string;
  readonly objects: readonly Record<string, unknown>[];
}

export interface SynthesizedPlatform {
  readonly stacks: readonly SynthesizedStack[];
  readonly charts: readonly SynthesizedChart[];
}

/**
 * Runs the builder with bootstrapless synthesis and returns every stack's template and every
 * chart's objects, in a stable order. Pure CDK and cdk8s: nothing of Pulumi is needed here.
 */
export function synthesizePlatform(build: CdkAppsBuilder): SynthesizedPlatform {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilience-pulumi-'));
  try {
    const apps = build({ outdir, defaultStackSynthesizer: new BootstraplessSynthesizer() });
    const assembly = apps.app.synth();
    const stacks = assembly.stacksRecursively.map(toStack).sort((a, b) => a.id.localeCompare(b.id));
    const charts: SynthesizedChart[] = [];
    for (const [cluster, k8sApp] of [...(apps.clusters ?? new Map<string, cdk8s.App>()).entries()].sort(([a], [b]) => a.localeCompare(b))) {
      for (const chart of k8sApp.charts) charts.push({ cluster, chart: chart.node.id, objects: chart.toJson() as Record<string, unknown>[] });
    }
    return { stacks, charts };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function toStack(artifact: cx_api.CloudFormationStackArtifact): SynthesizedStack {
  const id = artifact.hierarchicalId;
  const { account, region } = artifact.environment;
  // A provider is chosen per account and region: an environment-agnostic stack has neither.
  if (Token.isUnresolved(account) || account === 'unknown-account') invalid(id, 'env.account', account, 'a concrete 12-digit account: Pulumi picks the AWS provider by account and region');
  if (Token.isUnresolved(region) || region === 'unknown-region') invalid(id, 'env.region', region, 'a concrete region: Pulumi picks the AWS provider by account and region');
  const template = artifact.template as { Parameters?: Record<string, unknown>; Transform?: unknown };
  if (template.Parameters?.BootstrapVersion || artifact.requiresBootstrapStackVersion !== undefined) {
    invalid(id, 'synthesizer', 'a bootstrapped synthesizer', 'BootstraplessSynthesizer: pass the builder\'s appProps to new App() and give no stack its own synthesizer');
  }
  const parameters = Object.keys(template.Parameters ?? {});
  if (parameters.length) invalid(id, 'Parameters', parameters, 'none: the Pulumi route deploys templates without parameter values');
  return {
    id,
    stackName: artifact.stackName,
    account,
    region,
    templateBody: JSON.stringify(artifact.template),
    // IAM resources with names need CAPABILITY_NAMED_IAM; macros (Transform) need CAPABILITY_AUTO_EXPAND.
    capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', ...(template.Transform ? ['CAPABILITY_AUTO_EXPAND'] : [])],
    tags: artifact.tags,
    terminationProtection: artifact.terminationProtection ?? false,
    dependsOn: artifact.dependencies.filter((d): d is cx_api.CloudFormationStackArtifact => d instanceof cx_api.CloudFormationStackArtifact).map((d) => d.hierarchicalId).sort(),
  };
}
