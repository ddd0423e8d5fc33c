import { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { CachedCloudFormationValidatePlugin } from './cached-cloudformation-validate-plugin';
import { CachedNagPack } from './cached-nag-pack';
import { CachedTemplatePlugin } from './cached-template-plugin';
import { ValidationCache } from './validation-cache';

/** Options of {@link cachedValidationGates}. */
export interface CachedValidationGatesOptions {
  /**
   * Where results are kept between synths.
   *
   * @default ValidationCache.default()
   */
  readonly cache?: ValidationCache;

  /**
   * Include AWS Control Tower's proactive controls (cfn-guard, `@cdklabs/cdk-validator-cfnguard`).
   *
   * @default true
   */
  readonly controlTowerControls?: boolean;
}

/**
 * The house's five gates, each cached per template or stack: aws-cdk-lib's CloudFormation
 * validation engine, cdk-nag's AwsSolutions, HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1
 * packs, and AWS Control Tower's proactive controls through cfn-guard. Register them on the App:
 * `Validations.of(app).addPlugins(...cachedValidationGates())`. cdk-nag and the cfn-guard plugin
 * are loaded only when some stack has to be checked.
 */
export function cachedValidationGates(options: CachedValidationGatesOptions = {}): IPolicyValidationPlugin[] {
  const cache = options.cache ?? ValidationCache.default();
  // Loaded on first use only: an unchanged app never loads cdk-nag or its rules' modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  const nag = (): typeof import('cdk-nag') => require('cdk-nag') as typeof import('cdk-nag');
  return [
    new CachedCloudFormationValidatePlugin({ cache }),
    new CachedNagPack({ name: 'AwsSolutions', create: () => new (nag().AwsSolutionsChecks)(), cache }),
    new CachedNagPack({ name: 'HIPAA.Security', create: () => new (nag().HIPAASecurityChecks)(), cache }),
    new CachedNagPack({ name: 'NIST.800.53.R5', create: () => new (nag().NIST80053R5Checks)(), cache }),
    new CachedNagPack({ name: 'PCI.DSS.321', create: () => new (nag().PCIDSS321Checks)(), cache }),
    ...(options.controlTowerControls ?? true
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- cfn-guard is an optional peer, loaded only when asked for
        [new CachedTemplatePlugin({ plugin: new (require('@cdklabs/cdk-validator-cfnguard') as typeof import('@cdklabs/cdk-validator-cfnguard')).CfnGuardValidator(), cache })]
      : []),
  ];
}
