export * from './backup-audit';
export * from './backup-policy';
export * from './backup-schedule';
export * from './encrypted-backup-vault';
export * from './restore-testing';
export * from './velero-backups';
export * from './velero-types';
export * from './vault-lock';
