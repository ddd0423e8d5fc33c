import { Token } from 'aws-cdk-lib';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid, isAwsRegion, validateAll, withConstructPath } from '../core';
import { requireKebabName } from '../core/validate';
import { isValidBucketName } from './secure-bucket';
import { BackupPolicy } from './backup-policy';
import { VeleroBackupStorageLocation, VeleroObject, VeleroSchedule, VeleroVolumeSnapshotLocation } from './velero-types';

/**
 * Where a cluster's Velero writes: the bucket and key the AWS half created for the region. Plain
 * strings with deterministic values, so the Kubernetes half needs no CloudFormation tokens.
 */
export interface ClusterBackupTarget {
  /** The region's Velero bucket. */
  readonly bucketName: string;
  /** The bucket's region. */
  readonly region: string;
  /** Alias of the region's backup key, e.g. `alias/resilience-prod-us-east-1-backup`. */
  readonly kmsKeyAlias: string;
  /** The tiers whose `clusterSelection` becomes Velero schedules. */
  readonly policy: BackupPolicy;
}

export interface VeleroBackupsProps {
  /** Where backups go. */
  readonly target: ClusterBackupTarget;
  /** Cluster name, used as the object prefix in the bucket so clusters sharing a bucket never collide. */
  readonly clusterName: string;
  /**
   * Namespace Velero runs in.
   * @default 'velero'
   */
  readonly namespace?: string;
}

const HOURS_PER_DAY = 24;

/**
 * The Kubernetes half of `EncryptedBackupVault`: a `BackupStorageLocation` and a
 * `VolumeSnapshotLocation` in the region, and one Velero `Schedule` per rule of every tier with a
 * `clusterSelection`, with the rule's schedule (UTC) and retention as TTL.
 */
export class VeleroBackups extends Construct {
  /** Name of the storage location every schedule writes to. */
  public readonly storageLocationName: string;
  /** Every object emitted, typed. */
  public readonly objects: readonly VeleroObject[];

  constructor(scope: Construct, id: string, props: VeleroBackupsProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'velero';
    const { target } = props;
    // The target's strings go into manifests verbatim: a CloudFormation token there would reach the
    // cluster as "${Token[...]}", so each must be a literal (EncryptedBackupVault requires a
    // concrete environment for exactly this reason).
    validateAll(this, [
      () => requireKebabName(this, 'clusterName', props.clusterName),
      () => requireKebabName(this, 'namespace', namespace),
      () => {
        if (Token.isUnresolved(target.region) || !isAwsRegion(target.region)) invalid(this, 'target.region', target.region, 'a literal AWS region code such as "us-east-1" (not a token: it is written into the manifests)');
      },
      () => {
        if (Token.isUnresolved(target.bucketName) || !isValidBucketName(target.bucketName)) invalid(this, 'target.bucketName', target.bucketName, 'a literal S3 bucket name (not a token: it is written into the manifests)');
      },
      () => {
        if (Token.isUnresolved(target.kmsKeyAlias) || !/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(target.kmsKeyAlias)) invalid(this, 'target.kmsKeyAlias', target.kmsKeyAlias, 'a literal KMS key alias "alias/<name>" (not a token: it is written into the manifests)');
      },
    ]);
    this.storageLocationName = `aws-${target.region}`;
    this.objects = withConstructPath(this, () => this.build(props, namespace, this.storageLocationName));
  }

  private build(props: VeleroBackupsProps, namespace: string, storageLocationName: string): readonly VeleroObject[] {
    const { target } = props;
    const labels = { 'app.kubernetes.io/part-of': 'resilience-constructs', 'app.kubernetes.io/component': 'cluster-backup' };

    const storage: VeleroBackupStorageLocation = {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: { name: storageLocationName, namespace, labels },
      spec: {
        provider: 'aws',
        objectStorage: { bucket: target.bucketName, prefix: props.clusterName },
        config: { region: target.region, kmsKeyId: target.kmsKeyAlias },
        default: true,
        accessMode: 'ReadWrite',
        validationFrequency: '1m0s',
      },
    };
    const snapshots: VeleroVolumeSnapshotLocation = {
      apiVersion: 'velero.io/v1',
      kind: 'VolumeSnapshotLocation',
      metadata: { name: storageLocationName, namespace, labels },
      spec: { provider: 'aws', config: { region: target.region } },
    };

    const schedules: VeleroSchedule[] = target.policy.clusterTiers.flatMap((tier) => {
      const selection = tier.clusterSelection!;
      const fileSystem = selection.fileSystemBackup ?? false;
      const snapshots = selection.snapshotVolumes ?? !fileSystem;
      return tier.rules.map((rule): VeleroSchedule => ({
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: { name: `${tier.name}-${rule.name}`, namespace, labels: { ...labels, 'resilience.io/backup-tier': tier.name } },
        spec: {
          schedule: rule.schedule.kubernetesCronExpression,
          useOwnerReferencesInBackup: false,
          template: {
            includedNamespaces: selection.includedNamespaces ?? ['*'],
            excludedNamespaces: selection.excludedNamespaces,
            includeClusterResources: selection.includeClusterResources ?? true,
            labelSelector: selection.matchLabels ? { matchLabels: selection.matchLabels } : undefined,
            snapshotVolumes: snapshots,
            defaultVolumesToFsBackup: fileSystem || undefined,
            ttl: `${rule.retention.toDays() * HOURS_PER_DAY}h0m0s`,
            storageLocation: storageLocationName,
            volumeSnapshotLocations: snapshots ? [storageLocationName] : undefined,
            metadata: { labels: { 'resilience.io/backup-tier': tier.name, 'resilience.io/backup-rule': rule.name } },
          },
        },
      }));
    });

    const objects = [storage, snapshots, ...schedules];
    for (const object of objects) {
      new ApiObject(this, `${object.kind}-${object.metadata.name}`, withoutUndefined(object));
    }
    return objects;
  }
}

/** cdk8s keeps `undefined` keys out of YAML, but a clean object also keeps snapshots and schema checks exact. */
function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
