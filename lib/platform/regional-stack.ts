import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RegionPlacement } from '../core';
import { iamRoleArn } from '../core/naming';
import { EncryptedBackupVault } from '../encrypted-backup-vault';
import { Environment } from './environment-model';
import { regionalName } from './naming';

export interface RegionalStackProps extends StackProps {
  readonly environment: Environment;
  readonly placement: RegionPlacement;
}

/** Everything one region of one environment runs on AWS. */
export class RegionalStack extends Stack {
  public readonly backupVault: EncryptedBackupVault;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id, props);
    const { environment, placement } = props;
    const backup = environment.backup;
    Tags.of(this).add('resilience:environment', environment.name);
    Tags.of(this).add('resilience:region-role', placement.role.name);

    const copyDestinations = backup.copyToOtherRegions
      ? environment.regions
          .filter((other) => other.region !== placement.region)
          .map((other) =>
            EncryptedBackupVault.copyDestination({
              account: environment.account,
              region: other.region,
              vaultName: regionalName(environment.name, other.region),
              retention: other.role.isPrimary ? backup.copyRetentionInPrimary : backup.copyRetentionInStandby,
              lock: backup.lock,
            }),
          )
      : [];

    this.backupVault = new EncryptedBackupVault(this, 'BackupVault', {
      vaultName: regionalName(environment.name, placement.region),
      policy: backup.policy,
      lock: backup.lock,
      acknowledgeIrreversibleComplianceLock: backup.acknowledgeIrreversibleComplianceLock,
      copyDestinations,
      breakGlassRoleArns: [iamRoleArn(environment.account, backup.breakGlassRoleName)],
      removalPolicy: environment.profile.statefulRemovalPolicy,
    });
  }
}
