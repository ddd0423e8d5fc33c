import { createHash } from 'crypto';
import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { invalid } from '../core/errors';
import { CdkAppsBuilder, SynthesizedChart, SynthesizedStack, synthesizePlatform } from './synthesized-platform';

/**
 * CloudFormation accepts a template body of at most 51,200 bytes in the request; larger ones
 * (up to 1 MB) must come from S3 through TemplateURL (CloudFormation quotas, "Template body size").
 */
export const MAX_INLINE_TEMPLATE_BYTES = 51_200;

/** A bucket the user owns that receives templates too large to send inline. */
export interface TemplateBucket {
  readonly bucketName: string;
  /** The bucket's region (the object is uploaded through a provider there, and the URL names it). */
  readonly region: string;
  /** @default 'cloudformation/' */
  readonly keyPrefix?: string;
}

export interface PlatformDeploymentArgs {
  /** Builds the CDK app and cdk8s apps; must pass its argument to `new App()`. */
  readonly build: CdkAppsBuilder;
  /**
   * The Kubernetes provider of each cluster (key as the builder's `clusters` map). Required for
   * every cluster that has charts: an ambient kubeconfig would send every region's manifests to
   * one cluster.
   * @default - none: allowed only when the builder returns no cluster
   */
  readonly kubernetesProviders?: Readonly<Record<string, k8s.Provider>>;
  /**
   * Extra AWS provider arguments per target (e.g. `assumeRole` for the account).
   * @default - the ambient credentials, restricted to the stack's account by `allowedAccountIds`
   */
  readonly awsProviderArgs?: (target: { readonly account: string; readonly region: string }) => Omit<aws.ProviderArgs, 'region'>;
  /**
   * Where templates over 51,200 bytes go.
   * @default - none: a larger template is rejected
   */
  readonly templateBucket?: TemplateBucket;
  /**
   * Resources that install CRDs outside these charts (e.g. the Istio or Argo Rollouts Helm
   * releases); charts with custom resources wait for them.
   * @default - none
   */
  readonly crdDependsOn?: readonly pulumi.Resource[];
}

/** Kinds a group must apply before everything else of its cluster. */
const FOUNDATION_KINDS = ['CustomResourceDefinition', 'Namespace'];

/** API groups every cluster serves without a CRD. */
const BUILT_IN_GROUP = /^(v1|(apps|batch|policy|autoscaling|networking\.k8s\.io|rbac\.authorization\.k8s\.io|storage\.k8s\.io|scheduling\.k8s\.io|coordination\.k8s\.io|discovery\.k8s\.io|node\.k8s\.io|admissionregistration\.k8s\.io|apiextensions\.k8s\.io|certificates\.k8s\.io|events\.k8s\.io|flowcontrol\.apiserver\.k8s\.io)\/[^/]+)$/;

/**
 * Deploys what the CDK app and cdk8s apps synthesize with Pulumi: each CloudFormation template
 * as an `aws.cloudformation.Stack` (a provider per account and region), each chart as a
 * `kubernetes.yaml/v2.ConfigGroup`, CRDs and namespaces of a cluster first.
 */
export class PlatformDeployment extends pulumi.ComponentResource {
  /** CloudFormation stacks by assembly path (`Prod/UsEast1`). */
  public readonly stacks: Readonly<Record<string, aws.cloudformation.Stack>>;
  /** ConfigGroups by `<cluster>/<chart>` (`<cluster>/foundation` for CRDs and namespaces). */
  public readonly configGroups: Readonly<Record<string, k8s.yaml.v2.ConfigGroup>>;
  /** Which resource of this component waits for which (by the names above), as given to `dependsOn`. */
  public readonly ordering: Readonly<Record<string, readonly string[]>>;

  constructor(name: string, args: PlatformDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super('resilience-constructs:index:PlatformDeployment', name, {}, opts);
    const platform = synthesizePlatform(args.build);
    const ordering: Record<string, string[]> = {};

    const providers = new Map<string, aws.Provider>();
    const awsProvider = (account: string, region: string) => {
      const key = `${account}/${region}`;
      if (!providers.has(key)) {
        providers.set(key, new aws.Provider(`${name}-aws-${account}-${region}`, { allowedAccountIds: [account], ...(args.awsProviderArgs?.({ account, region }) ?? {}), region: region as aws.Region }, { parent: this }));
      }
      return providers.get(key)!;
    };

    const stacks: Record<string, aws.cloudformation.Stack> = {};
    for (const s of dependencyOrder(platform.stacks)) {
      const bytes = Buffer.byteLength(s.templateBody, 'utf8');
      let template: Pick<aws.cloudformation.StackArgs, 'templateBody' | 'templateUrl'> = { templateBody: s.templateBody };
      let upload: aws.s3.BucketObjectv2 | undefined;
      if (bytes > MAX_INLINE_TEMPLATE_BYTES) {
        if (!args.templateBucket) invalid(s.id, 'templateBody', `${bytes} bytes`, `at most ${MAX_INLINE_TEMPLATE_BYTES} bytes inline; set templateBucket to deploy larger templates through S3`);
        // The key carries the content hash, so a changed template is a new object and the stack update sees a new URL.
        const key = `${args.templateBucket.keyPrefix ?? 'cloudformation/'}${s.stackName}-${createHash('sha256').update(s.templateBody).digest('hex').slice(0, 16)}.json`;
        upload = new aws.s3.BucketObjectv2(`${name}-${s.id}-template`, { bucket: args.templateBucket.bucketName, key, content: s.templateBody, contentType: 'application/json' }, { parent: this, provider: awsProvider(s.account, args.templateBucket.region) });
        template = { templateUrl: `https://${args.templateBucket.bucketName}.s3.${args.templateBucket.region}.amazonaws.com/${key}` };
      }
      const dependsOn = [...s.dependsOn.map((d) => stacks[d]), ...(upload ? [upload] : [])];
      ordering[s.id] = [...s.dependsOn, ...(upload ? [`${s.id}-template`] : [])];
      stacks[s.id] = new aws.cloudformation.Stack(
        `${name}-${s.id}`,
        { name: s.stackName, ...template, capabilities: [...s.capabilities], tags: { ...s.tags } },
        // `protect` refuses `pulumi destroy` and replacement, as termination protection refuses a stack deletion.
        { parent: this, provider: awsProvider(s.account, s.region), dependsOn, protect: s.terminationProtection },
      );
    }

    const configGroups: Record<string, k8s.yaml.v2.ConfigGroup> = {};
    const clusters = [...new Set(platform.charts.map((c) => c.cluster))];
    const missing = clusters.filter((c) => !args.kubernetesProviders?.[c]);
    if (missing.length) invalid(name, 'kubernetesProviders', Object.keys(args.kubernetesProviders ?? {}), `a kubernetes.Provider for every cluster; missing: ${missing.join(', ')}`);
    for (const cluster of clusters) {
      const provider = args.kubernetesProviders![cluster];
      const charts = platform.charts.filter((c) => c.cluster === cluster);
      const foundation = charts.flatMap((c) => c.objects.filter((o) => FOUNDATION_KINDS.includes(String(o.kind))));
      let foundationGroup: k8s.yaml.v2.ConfigGroup | undefined;
      if (foundation.length) {
        const key = `${cluster}/foundation`;
        foundationGroup = configGroups[key] = new k8s.yaml.v2.ConfigGroup(`${name}-${key}`, { objs: foundation }, { parent: this, provider });
        ordering[key] = [];
      }
      for (const chart of charts) {
        const objs = chart.objects.filter((o) => !FOUNDATION_KINDS.includes(String(o.kind)));
        if (objs.length === 0) continue;
        const key = `${cluster}/${chart.chart}`;
        const custom = usesCustomResources(chart);
        const dependsOn = [...(foundationGroup ? [foundationGroup] : []), ...(custom ? (args.crdDependsOn ?? []) : [])];
        ordering[key] = [...(foundationGroup ? [`${cluster}/foundation`] : []), ...(custom && args.crdDependsOn?.length ? ['crdDependsOn'] : [])];
        configGroups[key] = new k8s.yaml.v2.ConfigGroup(`${name}-${key}`, { objs }, { parent: this, provider, dependsOn });
      }
    }

    this.stacks = stacks;
    this.configGroups = configGroups;
    this.ordering = ordering;
    this.registerOutputs({ stackIds: Object.fromEntries(Object.entries(stacks).map(([k, s]) => [k, s.id])) });
  }
}

/** Stacks ordered so that each comes after the stacks it depends on (ties by id). */
function dependencyOrder(stacks: readonly SynthesizedStack[]): SynthesizedStack[] {
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const done = new Set<string>();
  const out: SynthesizedStack[] = [];
  const visit = (s: SynthesizedStack) => {
    if (done.has(s.id)) return;
    done.add(s.id);
    for (const d of s.dependsOn) if (byId.has(d)) visit(byId.get(d)!);
    out.push(s);
  };
  stacks.forEach(visit);
  return out;
}

function usesCustomResources(chart: SynthesizedChart): boolean {
  return chart.objects.some((o) => !BUILT_IN_GROUP.test(String(o.apiVersion)));
}
