// The AWS half (aws-cdk-lib only). The Kubernetes half (Velero objects, needs cdk8s) is ./k8s.
export * from './backup-audit';
export * from './backup-policy';
export * from './backup-schedule';
export * from './bucket-replication';
export * from './encrypted-backup-vault';
export * from './restore-testing';
export * from './vault-lock';
export type { ClusterBackupTarget } from './velero-backups';
