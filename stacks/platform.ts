import * as path from 'path';
import { App, Stage, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import * as cdk8s from 'cdk8s';
import { pascalCase } from '../lib/core/naming';
import { buildClusterApp } from './cluster-charts';
import { Environment } from './environment-model';
import { GlobalStack } from './global-stack';
import { RegionalStack } from './regional-stack';
import { regionalName } from './naming';

export interface PlatformOptions {
  /** Directory the Kubernetes manifests go to, as `<dir>/<environment>/<region>/`. */
  readonly manifestsDir: string;
  /**
   * Register the policy gates: the cdk-nag packs (AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1)
   * and AWS Control Tower proactive controls (cfn-guard).
   * @default true
   */
  readonly nag?: boolean;
}

/** The synthesized platform: the CDK stages and one cdk8s app per cluster. */
export interface Platform {
  readonly stages: ReadonlyMap<string, Stage>;
  readonly stacks: ReadonlyMap<string, RegionalStack>;
  /** The global stack (us-east-1) of each environment: Route 53 routing and health-check alarms. */
  readonly globals: ReadonlyMap<string, GlobalStack>;
  readonly clusters: ReadonlyMap<string, cdk8s.App>;
}

/**
 * Composes every environment onto `app`: one Stage per environment, one stack per region, and
 * one cdk8s app per cluster (environment × region). Keys of the maps are `<env>` and `<env>/<region>`.
 */
export function buildPlatform(app: App, environments: readonly Environment[], options: PlatformOptions): Platform {
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app), new CfnGuardValidator());
  }
  const stages = new Map<string, Stage>();
  const stacks = new Map<string, RegionalStack>();
  const globals = new Map<string, GlobalStack>();
  const clusters = new Map<string, cdk8s.App>();
  for (const environment of environments) {
    const stage = new Stage(app, pascalCase(environment.name), { env: { account: environment.account } });
    stages.set(environment.name, stage);
    const terminationProtection = environment.name === 'prod';
    globals.set(
      environment.name,
      new GlobalStack(stage, 'Global', {
        environment,
        dns: environment.dns,
        description: `resilience-constructs: ${environment.name} global (Route 53 routing, health-check alarms)`,
        terminationProtection,
      }),
    );
    for (const placement of environment.regions) {
      const key = `${environment.name}/${placement.region}`;
      const stack = new RegionalStack(stage, pascalCase(placement.region), {
        env: { account: environment.account, region: placement.region },
        stackName: regionalName(environment.name, placement.region),
        description: `resilience-constructs: ${environment.name} in ${placement.region} (${placement.role.name})`,
        environment,
        placement,
        terminationProtection,
      });
      stacks.set(key, stack);
      clusters.set(
        key,
        buildClusterApp(path.join(options.manifestsDir, environment.name, placement.region), {
          environment,
          placement,
          backupTarget: stack.backupVault.clusterBackupTarget,
        }),
      );
    }
  }
  return { stages, stacks, globals, clusters };
}
