import { RemovalPolicy } from 'aws-cdk-lib';

/** Options of a custom environment profile. */
export interface EnvironmentProfileOptions {
  /** Protect every stack of the environment from `cdk destroy` / stack deletion. */
  readonly terminationProtection: boolean;
  /**
   * What happens to stateful resources (KMS keys, vaults, buckets, hosted zones) when they leave
   * the template: `RETAIN` or `RETAIN_ON_UPDATE_OR_DELETE` keep them, `DESTROY` deletes them.
   * `DESTROY` is rejected for an environment whose vault is locked (AWS Backup cannot delete a
   * locked vault that holds recovery points).
   */
  readonly statefulRemovalPolicy: RemovalPolicy;
}

/**
 * What an environment's stakes decide: everything the composition once decided by comparing the
 * environment's name with `'prod'`. Presets for the usual cases, `custom()` for the rest.
 */
export class EnvironmentProfile {
  /** Production: termination protection on every stack, stateful resources retained. */
  public static production(): EnvironmentProfile {
    return new EnvironmentProfile('production', { terminationProtection: true, statefulRemovalPolicy: RemovalPolicy.RETAIN });
  }

  /**
   * A pre-production environment (dev, staging): stacks can be deleted, stateful resources are
   * still retained, so a mistaken delete never loses a key or a recovery point.
   */
  public static preProduction(): EnvironmentProfile {
    return new EnvironmentProfile('pre-production', { terminationProtection: false, statefulRemovalPolicy: RemovalPolicy.RETAIN });
  }

  /** Any other combination, validated with the environment. */
  public static custom(options: EnvironmentProfileOptions): EnvironmentProfile {
    return new EnvironmentProfile('custom', options);
  }

  public readonly terminationProtection: boolean;
  public readonly statefulRemovalPolicy: RemovalPolicy;

  private constructor(public readonly name: 'production' | 'pre-production' | 'custom', options: EnvironmentProfileOptions) {
    this.terminationProtection = options.terminationProtection;
    this.statefulRemovalPolicy = options.statefulRemovalPolicy;
  }

  /** For error messages. */
  public toHumanString(): string {
    return `${this.name} (terminationProtection=${this.terminationProtection}, statefulRemovalPolicy=${this.statefulRemovalPolicy})`;
  }
}
