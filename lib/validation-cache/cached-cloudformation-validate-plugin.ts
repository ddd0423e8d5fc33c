import * as fs from 'fs';
import * as path from 'path';
import { App, CloudFormationValidatePlugin, CloudFormationValidatePluginProps, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { ValidationCache } from './validation-cache';
import { TemplatePluginIdentity, validateWithCache } from './template-results';

/** Props of {@link CachedCloudFormationValidatePlugin}. */
export interface CachedCloudFormationValidatePluginProps extends CloudFormationValidatePluginProps {
  /**
   * Where results are kept between synths.
   *
   * @default ValidationCache.default()
   */
  readonly cache?: ValidationCache;
}

/**
 * aws-cdk-lib's built-in CloudFormation validation (the `@aws/cloudformation-validate` engine with
 * CDK's default rules, strict when the app's context says so) with its results cached per template.
 *
 * A template is validated again whenever anything its result depends on changes: its content, the
 * stack's construct path, account and region (the engine's pseudo-parameter overrides), the
 * versions of aws-cdk-lib (its rules and exclusions) and of the engine, and custom rules given
 * here. When every template is cached, the engine is not started at all. Acknowledgements are
 * applied by aws-cdk-lib after the plugins report, so they need not be part of the key: a cached
 * finding is acknowledged, or not, exactly like a fresh one.
 *
 * Register it on the App (`Validations.of(app).addPlugins(...)`): a registered
 * `CloudFormationValidatePlugin` replaces the built-in instance, so the templates are not
 * validated twice. Like the built-in one, it is off when the app says so
 * (`builtinCloudFormationValidation: false`, or `CDK_VALIDATION=false`).
 */
export class CachedCloudFormationValidatePlugin extends CloudFormationValidatePlugin {
  /** Versions of what the engine's answer depends on, read from package files: no engine start. */
  public static engineFingerprint(): string {
    const cdkDir = path.dirname(require.resolve('aws-cdk-lib/package.json'));
    const cdkVersion = (JSON.parse(fs.readFileSync(path.join(cdkDir, 'package.json'), 'utf8')) as { version: string }).version;
    const engineDir = path.dirname(require.resolve('@aws/cloudformation-validate', { paths: [cdkDir] }));
    return `aws-cdk-lib@${cdkVersion} @aws/cloudformation-validate@${packageVersion(engineDir)}`;
  }

  private readonly cache: ValidationCache;
  private readonly identity: TemplatePluginIdentity;

  constructor(props: CachedCloudFormationValidatePluginProps = {}) {
    const { cache, ...pluginProps } = props;
    super(pluginProps);
    this.cache = cache ?? ValidationCache.default();
    this.identity = {
      name: this.name,
      parts: [
        CachedCloudFormationValidatePlugin.engineFingerprint(),
        JSON.stringify({ includeDefaultRules: pluginProps.includeDefaultRules ?? true, regoRules: pluginProps.regoRules ?? [], guardRules: pluginProps.guardRules ?? [] }),
      ],
      // The engine's own rule: warnings do not fail (strict mode is applied by aws-cdk-lib).
      success: (violations) => violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'),
    };
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    if (!builtinValidationEnabled(context)) return { success: true, violations: [] };
    return validateWithCache(this.cache, this.identity, context, (narrowed) => super.validate(narrowed));
  }
}

/** The switches of the built-in plugin, honoured by the one that replaces it. */
function builtinValidationEnabled(context: IPolicyValidationContext): boolean {
  if (process.env.CDK_VALIDATION === 'false') return false;
  // aws-cdk-lib keeps the App prop in this field and offers no getter for it.
  const app = context.appConstruct as unknown as { _builtinCloudFormationValidation?: boolean };
  return !(App.isApp(context.appConstruct) && app._builtinCloudFormationValidation === false);
}

/** The version in the package.json at or above `dir`. */
function packageVersion(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    if (path.dirname(d) === d) return 'unknown';
  }
}
