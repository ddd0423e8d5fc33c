import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { BackupPolicy, EncryptedBackupVault, EncryptedBackupVaultProps, VaultLock } from '../../lib/encrypted-backup-vault';
import { readValidationFindings } from '../../lib/platform/validation-gate';
import { CDK_CONTEXT } from '../support/app';

/**
 * The vault's gate: one synth with the CloudFormation validation engine in strict mode, the four
 * cdk-nag packs and the Control Tower proactive controls (cfn-guard), over the three shapes a vault
 * takes: unlocked in a single region; governance lock, and compliance lock, each with copies to and
 * replication into the other region.
 * Kept to one file so the engine is built once.
 */
const ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'us-west-2'];
const name = (region: string) => `gate-${region}`;

function vaultProps(region: string, lock?: VaultLock): EncryptedBackupVaultProps {
  const others = REGIONS.filter((r) => r !== region);
  return {
    vaultName: name(region),
    policy: BackupPolicy.seedTiers(),
    lock,
    acknowledgeIrreversibleComplianceLock: lock?.mode === 'compliance' || undefined,
    breakGlassRoleArns: [`arn:aws:iam::${ACCOUNT}:role/backup-break-glass`],
    copyDestinations: others.map((r) => EncryptedBackupVault.copyDestination({ account: ACCOUNT, region: r, vaultName: name(r), retention: Duration.days(90), lock })),
    clusterBackupStorage: { replicateTo: others.map((r) => EncryptedBackupVault.clusterBackupReplica({ account: ACCOUNT, region: r, vaultName: name(r) })) },
  };
}

test('every shape of the vault passes CloudFormation validation, cdk-nag and the Control Tower proactive controls with no unacknowledged finding', () => {
  // GIVEN the real app context (validation engine on, strict) and the five packs
  const app = new App({ context: CDK_CONTEXT, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'vault-gate-')) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app), new CfnGuardValidator());
  const single = new Stack(app, 'Single', { env: { account: ACCOUNT, region: 'us-east-1' } });
  new EncryptedBackupVault(single, 'Vault', { vaultName: 'gate-single', policy: BackupPolicy.seedTiers().withoutCopies(), breakGlassRoleArns: [`arn:aws:iam::${ACCOUNT}:role/backup-break-glass`] });
  const governance = new Stack(app, 'Governance', { env: { account: ACCOUNT, region: 'us-east-1' } });
  new EncryptedBackupVault(governance, 'Vault', vaultProps('us-east-1', VaultLock.governance({ minRetention: Duration.days(1), maxRetention: Duration.days(3650) })));
  const compliance = new Stack(app, 'Compliance', { env: { account: ACCOUNT, region: 'us-west-2' } });
  new EncryptedBackupVault(compliance, 'Vault', vaultProps('us-west-2', VaultLock.compliance({ minRetention: Duration.days(1), maxRetention: Duration.days(3650) })));
  // WHEN synthesized
  const assembly = app.synth();
  // THEN nothing is left unacknowledged
  expect(readValidationFindings(assembly)).toEqual([]);
});

test('the Control Tower controls do report what they catch (the gate above is not vacuous)', () => {
  // GIVEN a key whose policy lets grants be created for anything, under the cfn-guard plugin alone
  const app = new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'vault-gate-')) });
  Validations.of(app).addPlugins(new CfnGuardValidator());
  new kms.Key(new Stack(app, 'Plain', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Key', { enableKeyRotation: true });
  // THEN synth fails naming the control
  expect(() => app.synth()).toThrow(/CT\.KMS\.PR\.3/);
});
