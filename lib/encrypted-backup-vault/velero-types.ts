/**
 * The parts of Velero's `velero.io/v1` API this library emits, typed so a misspelled field fails
 * compilation. Field names follow Velero's CRDs (Schedule, BackupStorageLocation,
 * VolumeSnapshotLocation); only what is emitted is declared.
 */

export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
}

export interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
}

export interface VeleroBackupSpec {
  readonly includedNamespaces?: string[];
  readonly excludedNamespaces?: string[];
  readonly includeClusterResources?: boolean;
  readonly labelSelector?: LabelSelector;
  readonly snapshotVolumes?: boolean;
  /** Back volumes up with the node agent (file system) instead of snapshots. */
  readonly defaultVolumesToFsBackup?: boolean;
  /** Go duration, e.g. `168h0m0s`. */
  readonly ttl?: string;
  readonly storageLocation?: string;
  readonly volumeSnapshotLocations?: string[];
  readonly metadata?: { readonly labels?: Record<string, string> };
}

export interface VeleroSchedule {
  readonly apiVersion: 'velero.io/v1';
  readonly kind: 'Schedule';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly schedule: string;
    readonly template: VeleroBackupSpec;
    readonly useOwnerReferencesInBackup?: boolean;
    readonly paused?: boolean;
  };
}

export interface VeleroBackupStorageLocation {
  readonly apiVersion: 'velero.io/v1';
  readonly kind: 'BackupStorageLocation';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly provider: string;
    readonly objectStorage: { readonly bucket: string; readonly prefix?: string };
    readonly config?: Record<string, string>;
    readonly default?: boolean;
    readonly accessMode?: 'ReadWrite' | 'ReadOnly';
    readonly backupSyncPeriod?: string;
    readonly validationFrequency?: string;
  };
}

export interface VeleroVolumeSnapshotLocation {
  readonly apiVersion: 'velero.io/v1';
  readonly kind: 'VolumeSnapshotLocation';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly provider: string;
    readonly config?: Record<string, string>;
  };
}

export type VeleroObject = VeleroSchedule | VeleroBackupStorageLocation | VeleroVolumeSnapshotLocation;
