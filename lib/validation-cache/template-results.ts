import * as fs from 'fs';
import { IPolicyValidationContext, PolicyValidationPluginReport, PolicyValidationStack, PolicyViolation, PolicyViolatingResource } from 'aws-cdk-lib';
import { ValidationCache } from './validation-cache';

/** The findings of one plugin for one template, as cached: no template path (it differs per out dir). */
export interface CachedStackFindings {
  readonly violations: PolicyViolation[];
}

/**
 * How a template-reading plugin is cached: the parts of its identity that its result depends on,
 * besides the template, the stack's path and its environment.
 *
 * @internal
 */
export interface TemplatePluginIdentity {
  readonly name: string;
  readonly parts: readonly string[];
  /** The plugin's own rule for `success`, applied to the merged findings. */
  readonly success: (violations: readonly PolicyViolation[]) => boolean;
}

/** @internal */
export function stackKey(identity: TemplatePluginIdentity, stack: PolicyValidationStack, template: string): string {
  return ValidationCache.key(identity.name, ...identity.parts, stack.stackConstructPath, stack.accountId ?? '', stack.region ?? '', template);
}

/**
 * Runs a plugin that reads templates on the stacks whose entry is missing, and answers the others
 * from the cache. `run` receives a context narrowed to the missing stacks (never called when none
 * is missing, so the plugin's engine is not even started). Findings are attributed to a stack by
 * their template path, or by construct path for findings without one; when a finding cannot be
 * attributed, nothing of that run is stored (it is reported all the same).
 *
 * @internal
 */
export function validateWithCache(
  cache: ValidationCache,
  identity: TemplatePluginIdentity,
  context: IPolicyValidationContext,
  run: (narrowed: IPolicyValidationContext) => PolicyValidationPluginReport,
): PolicyValidationPluginReport {
  const stacks = context.stackTemplates;
  const keys = stacks.map((s) => stackKey(identity, s, fs.readFileSync(s.templatePath, 'utf8')));
  const found = new Map<number, CachedStackFindings>();
  keys.forEach((key, i) => {
    const entry = cache.get<CachedStackFindings>(key);
    if (entry) found.set(i, entry);
  });
  const missing = stacks.map((_, i) => i).filter((i) => !found.has(i));
  let metadata: PolicyValidationPluginReport['metadata'];
  let pluginVersion: string | undefined;
  if (missing.length > 0) {
    const narrowedStacks = missing.map((i) => stacks[i]);
    const report = clone(run(narrow(context, narrowedStacks)));
    metadata = report.metadata;
    pluginVersion = report.pluginVersion;
    const perStack = splitByStack(report.violations, narrowedStacks);
    missing.forEach((i, j) => {
      const findings = { violations: perStack?.[j] ?? [] };
      if (perStack) cache.put(keys[i], findings);
      found.set(i, findings);
    });
    if (!perStack) {
      // Not attributable: report the run's answer as it is, for the stacks it covered.
      const cached = stacks.map((s, i) => (missing.includes(i) ? [] : withTemplatePath(found.get(i)!.violations, s))).flat();
      return finish(identity, [...cached, ...report.violations], metadata, pluginVersion);
    }
  }
  const violations = stacks.flatMap((s, i) => withTemplatePath(found.get(i)!.violations, s));
  return finish(identity, violations, metadata, pluginVersion);
}

function narrow(context: IPolicyValidationContext, stacks: PolicyValidationStack[]): IPolicyValidationContext {
  const same = <T>(values: T[]): T | undefined => (values.every((v) => v === values[0]) ? values[0] : undefined);
  return {
    templatePaths: stacks.map((s) => s.templatePath),
    stackTemplates: stacks,
    appConstruct: context.appConstruct,
    accountId: same(stacks.map((s) => s.accountId)),
    region: same(stacks.map((s) => s.region)),
  };
}

/** One list of violations per stack, template paths removed; `undefined` if a finding fits no stack. */
function splitByStack(violations: PolicyViolation[], stacks: PolicyValidationStack[]): PolicyViolation[][] | undefined {
  const result: PolicyViolation[][] = stacks.map(() => []);
  for (const v of violations) {
    const byStack = new Map<number, PolicyViolatingResource[]>();
    for (const r of v.violatingResources) {
      const i = stacks.findIndex((s) => (r.templatePath !== undefined ? samePath(r.templatePath, s.templatePath) : r.constructPath !== undefined && isWithin(r.constructPath, s.stackConstructPath)));
      if (i < 0) return undefined;
      // The template path differs per out dir: stored as a placeholder, put back on replay.
      byStack.set(i, [...(byStack.get(i) ?? []), r.templatePath !== undefined ? { ...r, templatePath: TEMPLATE } : r]);
    }
    for (const [i, resources] of byStack) result[i].push({ ...v, violatingResources: resources });
  }
  return result;
}

/** Stands for the current template path of the stack in a cached entry. */
const TEMPLATE = '<template>';

function withTemplatePath(violations: PolicyViolation[], stack: PolicyValidationStack): PolicyViolation[] {
  return clone(violations).map((v) => ({
    ...v,
    violatingResources: v.violatingResources.map((r) => (r.templatePath === TEMPLATE ? { ...r, templatePath: stack.templatePath } : r)),
  }));
}

/** Regroups findings of the same rule, severity and description, as the plugins group them. */
function finish(identity: TemplatePluginIdentity, violations: PolicyViolation[], metadata: PolicyValidationPluginReport['metadata'], pluginVersion: string | undefined): PolicyValidationPluginReport {
  const merged: PolicyViolation[] = [];
  for (const v of violations) {
    const same = merged.find((m) => m.ruleName === v.ruleName && m.severity === v.severity && m.description === v.description && m.fix === v.fix);
    if (same) same.violatingResources.push(...v.violatingResources);
    else merged.push({ ...v, violatingResources: [...v.violatingResources] });
  }
  return {
    success: identity.success(merged),
    violations: merged,
    ...(metadata ? { metadata } : {}),
    ...(pluginVersion ? { pluginVersion } : {}),
  };
}

function samePath(a: string, b: string): boolean {
  return a === b || fs.realpathSync.native(a) === fs.realpathSync.native(b);
}

function isWithin(constructPath: string, stackPath: string): boolean {
  return constructPath === stackPath || constructPath.startsWith(`${stackPath}/`);
}

/** @internal */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
