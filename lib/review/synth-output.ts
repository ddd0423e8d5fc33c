import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** One synthesized CloudFormation stack. */
export interface StackOutput {
  /** The stack's display name in the cloud assembly, e.g. `Prod/UsEast1`: the key of a stack across refs. */
  readonly id: string;
  /** The environment key (the Stage's name, kebab-cased: `Prod` → `prod`). */
  readonly environment: string;
  readonly stackName: string;
  readonly account?: string;
  readonly region?: string;
  readonly template: CfnTemplate;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly [section: string]: unknown;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly [key: string]: unknown;
}

/** One Kubernetes object of one cluster. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface ClusterOutput {
  /** `<environment>/<region>`, from `dist/k8s/<environment>/<region>/`. */
  readonly id: string;
  readonly environment: string;
  readonly region: string;
  /** Objects by file name (one file per chart). */
  readonly files: Readonly<Record<string, readonly K8sObject[]>>;
}

/**
 * The DR budget of an environment, as MultiRegionDr writes it to `dist/dr/<environment>.json`.
 */
export interface DrBudget {
  readonly environment: string;
  readonly strategy: string;
  readonly tier: { readonly name: string; readonly rtoMinutes: number; readonly rpoMinutes: number };
  readonly rto: DrEstimate;
  readonly rpo: DrEstimate;
  readonly meetsRto: boolean;
  readonly meetsRpo: boolean;
}

export interface DrEstimate {
  readonly minutes: number;
  readonly components: readonly { readonly name: string; readonly minutes: number; readonly source?: string }[];
}

/** Everything one ref synthesizes: templates, manifests and DR budgets. */
export interface SynthOutput {
  readonly stacks: readonly StackOutput[];
  readonly clusters: readonly ClusterOutput[];
  readonly dr: Readonly<Record<string, DrBudget>>;
}

/** Layout of a synthesized ref on disk (what `npm run synth` writes, and what the review caches). */
export interface OutputLayout {
  /** The cloud assembly directory. */
  readonly cdkOut: string;
  /** `<dir>/<environment>/<region>/*.k8s.yaml`. */
  readonly k8sDir: string;
  /** `<dir>/<environment>.json`. */
  readonly drDir: string;
}

/** The layout of a project root after `npm run synth`: `cdk.out/`, `dist/k8s/`, `dist/dr/`. */
export function projectLayout(root: string): OutputLayout {
  return { cdkOut: path.join(root, 'cdk.out'), k8sDir: path.join(root, 'dist', 'k8s'), drDir: path.join(root, 'dist', 'dr') };
}

/** `Prod` → `prod`, `StagingEu` → `staging-eu`, as the platform names its Stages after environments. */
export function environmentKey(stageName: string): string {
  return stageName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase();
}

/** Reads a synthesized ref. Missing k8s or DR directories mean that side produced nothing. */
export function readSynthOutput(layout: OutputLayout): SynthOutput {
  return { stacks: readStacks(layout.cdkOut), clusters: readClusters(layout.k8sDir), dr: readDr(layout.drDir) };
}

interface AssemblyManifest {
  readonly artifacts?: Record<string, { type: string; displayName?: string; environment?: string; properties?: Record<string, unknown> }>;
}

function readStacks(cdkOut: string, stage?: string): StackOutput[] {
  const manifestPath = path.join(cdkOut, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${cdkOut}: manifest.json = missing: a cloud assembly (run the app first)`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as AssemblyManifest;
  const stacks: StackOutput[] = [];
  for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const props = artifact.properties ?? {};
    if (artifact.type === 'cdk:cloud-assembly') {
      const nested = String(props.displayName ?? artifactId);
      stacks.push(...readStacks(path.join(cdkOut, String(props.directoryName)), nested));
    } else if (artifact.type === 'aws:cloudformation:stack') {
      const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '');
      const displayName = artifact.displayName ?? artifactId;
      stacks.push({
        id: displayName,
        environment: environmentKey(stage ?? displayName.split('/')[0]),
        stackName: String(props.stackName ?? artifactId),
        account: env && !env[1].startsWith('unknown') ? env[1] : undefined,
        region: env && !env[2].startsWith('unknown') ? env[2] : undefined,
        template: JSON.parse(fs.readFileSync(path.join(cdkOut, String(props.templateFile)), 'utf8')) as CfnTemplate,
      });
    }
  }
  return stacks.sort((a, b) => a.id.localeCompare(b.id));
}

function readClusters(k8sDir: string): ClusterOutput[] {
  if (!fs.existsSync(k8sDir)) return [];
  const clusters: ClusterOutput[] = [];
  for (const environment of sortedDirs(k8sDir)) {
    for (const region of sortedDirs(path.join(k8sDir, environment))) {
      const dir = path.join(k8sDir, environment, region);
      const files: Record<string, K8sObject[]> = {};
      for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
        files[file] = parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))
          .map((doc) => doc.toJS() as K8sObject | null)
          .filter((o): o is K8sObject => o !== null && typeof o === 'object');
      }
      clusters.push({ id: `${environment}/${region}`, environment, region, files });
    }
  }
  return clusters;
}

function readDr(drDir: string): Record<string, DrBudget> {
  if (!fs.existsSync(drDir)) return {};
  const budgets: Record<string, DrBudget> = {};
  for (const file of fs.readdirSync(drDir).filter((f) => f.endsWith('.json')).sort()) {
    budgets[file.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(drDir, file), 'utf8')) as DrBudget;
  }
  return budgets;
}

function sortedDirs(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
