import * as fs from 'fs';
import { CfnResource, IPolicyValidationContext, IPolicyValidationPlugin, NestedStack, PolicyValidationPluginReport, PolicyViolation, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { clone } from './template-results';
import { ValidationCache } from './validation-cache';

/** What {@link CachedNagPack} needs of a cdk-nag pack (`NagPack` of cdk-nag 3). */
export interface INagPackLike {
  readonly name: string;
  readonly version?: string;
  /** Checks every `CfnResource` below `scope`, acknowledgements applied. */
  validateScope(scope: IConstruct): PolicyValidationPluginReport;
}

/** Props of {@link CachedNagPack}. */
export interface CachedNagPackProps {
  /** The pack's plugin name, as it appears in reports and acknowledgement ids (e.g. `AwsSolutions`). */
  readonly name: string;

  /**
   * Builds the pack, only when some stack is not cached (so cdk-nag and the aws-cdk-lib modules its
   * rules load are not even loaded when nothing changed). Build it without a scope.
   */
  readonly create: () => INagPackLike;

  /**
   * The version of the pack's package, part of the key.
   *
   * @default - the version of the installed `cdk-nag` package
   */
  readonly version?: string;

  /**
   * What else the pack's answer depends on (e.g. its `verbose` setting, or custom rules).
   *
   * @default - nothing else
   */
  readonly fingerprint?: string;

  /**
   * Where results are kept between synths.
   *
   * @default ValidationCache.default()
   */
  readonly cache?: ValidationCache;
}

/**
 * A cdk-nag 3 pack with its results cached per stack.
 *
 * cdk-nag's packs do not read templates: they walk the construct tree and check each `CfnResource`
 * (its resolved properties and options, the other resources of its stack) and skip what is
 * acknowledged on it or an ancestor. So the key of a stack is its template (the resolved form of
 * all of that), the construct path and logical id of each of its resources, every acknowledgement
 * recorded on the stack, below it or above it, and the pack's name, version and fingerprint.
 * A stack that contains nested stacks (their resources are in other templates) is never cached.
 * Only the stacks that missed are checked, each with `validateScope(stack)`.
 */
export class CachedNagPack implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version: string;
  private readonly create: () => INagPackLike;
  private readonly cache: ValidationCache;
  private readonly fingerprint: string;
  private pack?: INagPackLike;

  constructor(props: CachedNagPackProps) {
    this.name = props.name;
    this.version = props.version ?? (JSON.parse(fs.readFileSync(require.resolve('cdk-nag/package.json'), 'utf8')) as { version: string }).version;
    this.create = props.create;
    this.cache = props.cache ?? ValidationCache.default();
    this.fingerprint = props.fingerprint ?? '';
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const stacks = stacksInTreeOrder(context);
    const violations: PolicyViolation[] = [];
    for (const { stack, templatePath } of stacks) {
      const key = nestedStackInside(stack) ? undefined : this.key(stack, templatePath);
      let found = key ? this.cache.get<PolicyViolation[]>(key) : undefined;
      if (!found) {
        this.pack ??= this.checkedPack();
        found = clone(this.pack.validateScope(stack).violations);
        if (key) this.cache.put(key, found);
      }
      violations.push(...clone(found));
    }
    // Grouped by rule, as the pack groups them when it walks the whole app.
    const merged: PolicyViolation[] = [];
    for (const v of violations) {
      const same = merged.find((m) => m.ruleName === v.ruleName);
      if (same) same.violatingResources.push(...v.violatingResources);
      else merged.push(v);
    }
    return { success: merged.length === 0, violations: merged };
  }

  private checkedPack(): INagPackLike {
    const pack = this.create();
    if (pack.name !== this.name) throw new Error(`CachedNagPack: name = ${this.name}: the pack built is named ${pack.name}; give its own name, which reports and acknowledgements use`);
    return pack;
  }

  private key(stack: Stack, templatePath: string): string {
    return ValidationCache.key('cdk-nag', this.name, this.version, this.fingerprint, stackFingerprint(stack, templatePath));
  }
}

/**
 * What a pack's answer on `stack` depends on besides the pack: the stack's path, its template, each
 * resource's path and logical id, every acknowledgement on, below or above it. The same for every
 * pack, so computed once per stack and synth: the tree is final while the plugins run, and every
 * synth rewrites the template (a new modification time), which invalidates the memo.
 */
const fingerprints = new WeakMap<Stack, { readonly written: string; readonly fingerprint: string }>();
function stackFingerprint(stack: Stack, templatePath: string): string {
  const stat = fs.statSync(templatePath);
  const written = `${templatePath}:${stat.mtimeMs}:${stat.size}`;
  const known = fingerprints.get(stack);
  if (known?.written === written) return known.fingerprint;
  {
    const resources: string[] = [];
    const acknowledgements: string[] = [];
    const visit = (c: IConstruct): void => {
      if (CfnResource.isCfnResource(c)) resources.push(`${c.node.path}=${stack.resolve(c.logicalId)}`);
      acknowledgements.push(...acknowledgementsOn(c));
      c.node.children.forEach(visit);
    };
    visit(stack);
    for (let up = stack.node.scope; up; up = up.node.scope) acknowledgements.push(...acknowledgementsOn(up));
    const fingerprint = ValidationCache.key(stack.node.path, fs.readFileSync(templatePath, 'utf8'), resources.join('\n'), acknowledgements.join('\n'));
    fingerprints.set(stack, { written, fingerprint });
    return fingerprint;
  }
}

function acknowledgementsOn(c: IConstruct): string[] {
  return c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => `${c.node.path}:${JSON.stringify(m.data)}`);
}

/** The stacks of the context, each with its template, in construct-tree order (the pack's order). */
function stacksInTreeOrder(context: IPolicyValidationContext): { stack: Stack; templatePath: string }[] {
  const byPath = new Map(context.stackTemplates.map((s) => [s.stackConstructPath, s.templatePath]));
  const found: { stack: Stack; templatePath: string }[] = [];
  const visit = (c: IConstruct): void => {
    if (Stack.isStack(c) && !NestedStack.isNestedStack(c)) {
      const templatePath = byPath.get(c.node.path);
      if (templatePath) found.push({ stack: c, templatePath });
    }
    c.node.children.forEach(visit);
  };
  visit(context.appConstruct);
  if (found.length !== byPath.size) {
    const missing = [...byPath.keys()].filter((p) => !found.some((f) => f.stack.node.path === p));
    throw new Error(`CachedNagPack: stackTemplates = ${missing.join(', ')}: no stack with this construct path in the app`);
  }
  return found;
}

function nestedStackInside(stack: Stack): boolean {
  const visit = (c: IConstruct): boolean => c.node.children.some((child) => NestedStack.isNestedStack(child) || visit(child));
  return visit(stack);
}
