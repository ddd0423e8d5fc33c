import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { ValidationCache } from './validation-cache';
import { TemplatePluginIdentity, validateWithCache } from './template-results';

/** Props of {@link CachedTemplatePlugin}. */
export interface CachedTemplatePluginProps {
  /**
   * The plugin to cache. It must read only the templates it is given (`templatePaths` /
   * `stackTemplates`), never the construct tree: use {@link CachedNagPack} for cdk-nag's packs.
   */
  readonly plugin: IPolicyValidationPlugin;

  /**
   * What else the plugin's answer depends on, beyond its name, version and rule ids: e.g. the
   * content of custom rule files. Give it whenever the plugin is configured with such files.
   *
   * @default - only the plugin's name, version and rule ids
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
 * Any validation plugin that reads templates (e.g. `@cdklabs/cdk-validator-cfnguard`'s
 * `CfnGuardValidator`), with its results cached per template: only templates whose content, stack
 * path, account or region, or the plugin's name, version, rule ids or fingerprint, changed are
 * handed to it; when none did, it is not called.
 */
export class CachedTemplatePlugin implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];
  private readonly plugin: IPolicyValidationPlugin;
  private readonly cache: ValidationCache;
  private readonly identity: TemplatePluginIdentity;

  constructor(props: CachedTemplatePluginProps) {
    this.plugin = props.plugin;
    this.name = props.plugin.name;
    this.version = props.plugin.version;
    this.ruleIds = props.plugin.ruleIds;
    this.cache = props.cache ?? ValidationCache.default();
    this.identity = {
      name: this.name,
      parts: [this.version ?? '', JSON.stringify([...(this.ruleIds ?? [])].sort()), props.fingerprint ?? ''],
      // A plugin that reports a finding has not succeeded (what cfn-guard's plugin answers).
      success: (violations) => violations.length === 0,
    };
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return validateWithCache(this.cache, this.identity, context, (narrowed) => this.plugin.validate(narrowed));
  }
}
