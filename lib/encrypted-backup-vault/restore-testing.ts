import { CfnTag, Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BackupSchedule } from './backup-schedule';

/** How the vault proves its backups restore. */
export interface RestoreTestingOptions {
  /**
   * Create the restore testing plan (only when some tier names a `restoreTestResourceType`).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * When drills run (UTC). The seeds ask for daily drills.
   * @default BackupSchedule.daily({ hour: 6 })
   */
  readonly schedule?: BackupSchedule;
  /**
   * Drills pick the latest recovery point no older than this.
   * @default Duration.days(7)
   */
  readonly selectionWindow?: Duration;
  /**
   * Hours a restored resource is kept for validation before AWS Backup deletes it.
   * @default 1
   */
  readonly validationWindowHours?: number;
}

/** One resource type to restore in each drill, selected by tag. */
export interface RestoreTestSelection {
  /** Selection name: letters, digits and underscores. */
  readonly name: string;
  /** AWS Backup resource type, e.g. `RDS`. */
  readonly resourceType: string;
  /** Resources carrying one of these tags are drilled. */
  readonly tags: Record<string, string>;
}

export interface BackupRestoreTestingProps {
  /** Plan name: letters, digits and underscores. */
  readonly planName: string;
  readonly vaultArn: string;
  readonly schedule: BackupSchedule;
  readonly selectionWindow: Duration;
  readonly validationWindowHours: number;
  readonly selections: RestoreTestSelection[];
  readonly tags: CfnTag[];
}

/**
 * An AWS Backup restore testing plan: on schedule, restores the latest recovery point of each
 * selected resource type from this vault, lets it be validated, then deletes the restored copy.
 */
export class BackupRestoreTesting extends Construct {
  public readonly plan: backup.CfnRestoreTestingPlan;
  /** Role AWS Backup assumes to restore. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BackupRestoreTestingProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'RestoreRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
      description: 'AWS Backup restore testing role',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores')],
    });

    this.plan = new backup.CfnRestoreTestingPlan(this, 'Plan', {
      restoreTestingPlanName: props.planName,
      scheduleExpression: props.schedule.awsCronExpression,
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowHours: 1,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [props.vaultArn],
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: props.selectionWindow.toDays(),
      },
      tags: props.tags,
    });

    for (const selection of props.selections) {
      const resource = new backup.CfnRestoreTestingSelection(this, `Selection${selection.name}`, {
        restoreTestingPlanName: props.planName,
        restoreTestingSelectionName: selection.name,
        protectedResourceType: selection.resourceType,
        protectedResourceArns: ['*'],
        protectedResourceConditions: {
          stringEquals: Object.entries(selection.tags).map(([key, value]) => ({ key: `aws:ResourceTag/${key}`, value })),
        },
        iamRoleArn: this.role.roleArn,
        validationWindowHours: props.validationWindowHours,
      });
      resource.addResourceDependency(this.plan);
    }
  }
}

