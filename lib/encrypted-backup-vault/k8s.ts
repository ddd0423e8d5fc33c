// The Kubernetes half of EncryptedBackupVault (cdk8s): `resilience-constructs/encrypted-backup-vault/k8s`.
export * from './velero-backups';
export * from './velero-types';
