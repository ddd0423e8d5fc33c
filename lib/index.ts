export * from './core';
export * from './encrypted-backup-vault';
