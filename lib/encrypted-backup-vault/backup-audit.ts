import { CfnTag, Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { backupReportsRoleArn } from './vault-key';

/** Thresholds of the Backup Audit Manager framework. */
export interface BackupComplianceOptions {
  /**
   * Create the framework and its report plan.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Longest allowed gap between backups of a protected resource (whole hours 1–24 or whole days).
   * @default Duration.hours(24)
   */
  readonly maxBackupInterval?: Duration;
  /**
   * Shortest retention a backup plan must offer.
   * @default Duration.days(90)
   */
  readonly minRetention?: Duration;
  /**
   * Report file formats.
   * @default ['CSV', 'JSON']
   */
  readonly reportFormats?: string[];
}

/** What the framework checks, decided by the vault's configuration. */
export interface BackupAuditFrameworkProps {
  /** Framework name: letters, digits and underscores. */
  readonly frameworkName: string;
  readonly maxBackupInterval: Duration;
  readonly minRetention: Duration;
  /** Regions copies go to; the cross-region control is emitted only when there are some. */
  readonly copyRegions: string[];
  /**
   * Vault lock bounds; the vault-lock control is emitted only when the vault is locked.
   * `maxRetention` is optional too: without it the control checks the minimum only.
   * @default - the vault is not locked: no vault-lock control
   */
  readonly lock?: { readonly minRetention: Duration; readonly maxRetention?: Duration };
  /** Principals allowed to delete recovery points (the break-glass roles). */
  readonly deletionPrincipalArns: string[];
  /** Bucket the compliance report is written to. */
  readonly reportBucket: s3.IBucket;
  readonly reportFormats: string[];
  readonly tags: CfnTag[];
}

type Control = backup.CfnFramework.FrameworkControlProperty;

const param = (parameterName: string, parameterValue: string) => ({ parameterName, parameterValue });

/**
 * A Backup Audit Manager framework whose controls are the seeds' checks, and a report plan that
 * delivers its compliance report to the audit bucket. Audit Manager evaluates controls through AWS
 * Config, which must be recording in the region.
 */
export class BackupAuditFramework extends Construct {
  public readonly framework: backup.CfnFramework;
  public readonly reportPlan: backup.CfnReportPlan;

  constructor(scope: Construct, id: string, props: BackupAuditFrameworkProps) {
    super(scope, id);
    const controls: Control[] = [
      {
        controlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
        controlInputParameters: [...frequencyParameters(props.maxBackupInterval), param('requiredRetentionDays', String(props.minRetention.toDays()))],
      },
      { controlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' },
      {
        controlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
        controlInputParameters: props.deletionPrincipalArns.length > 0 ? [param('principalArnList', props.deletionPrincipalArns.join(','))] : undefined,
      },
    ];
    if (props.copyRegions.length > 0) {
      controls.push({
        controlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
        controlInputParameters: [param('crossRegionList', props.copyRegions.join(','))],
      });
    }
    if (props.lock) {
      const lockParams = [param('minRetentionDays', String(props.lock.minRetention.toDays()))];
      if (props.lock.maxRetention) lockParams.push(param('maxRetentionDays', String(props.lock.maxRetention.toDays())));
      controls.push({ controlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', controlInputParameters: lockParams });
    }

    this.framework = new backup.CfnFramework(this, 'Framework', {
      frameworkName: props.frameworkName,
      frameworkDescription: 'Backup frequency, retention, encryption, cross-region copies, vault lock and manual-deletion controls',
      frameworkControls: controls,
      frameworkTags: props.tags,
    });

    props.reportBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'BackupAuditManagerWritesReports',
        // Matched by condition: the service-linked role may not exist before the first report plan.
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [props.reportBucket.arnForObjects('backup-audit/*')],
        conditions: {
          ArnEquals: { 'aws:PrincipalArn': backupReportsRoleArn(Stack.of(this)) },
          StringEquals: { 'aws:PrincipalAccount': Stack.of(this).account },
        },
      }),
    );

    this.reportPlan = new backup.CfnReportPlan(this, 'ReportPlan', {
      reportPlanName: `${props.frameworkName}_compliance`,
      reportPlanDescription: 'Daily control compliance report of the backup framework',
      reportDeliveryChannel: { S3BucketName: props.reportBucket.bucketName, S3KeyPrefix: 'backup-audit', Formats: props.reportFormats },
      reportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [this.framework.attrFrameworkArn] },
      reportPlanTags: props.tags,
    });
  }
}

/** Audit Manager takes frequency as a unit and a value: hours (1, 2, 3, 4, 6, 8, 12, 24) or days. */
function frequencyParameters(interval: Duration) {
  const hours = interval.toHours();
  return hours <= 24 && hours !== 24
    ? [param('requiredFrequencyUnit', 'hours'), param('requiredFrequencyValue', String(hours))]
    : [param('requiredFrequencyUnit', 'days'), param('requiredFrequencyValue', String(interval.toDays()))];
}
