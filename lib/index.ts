export * from './core';
export * from './encrypted-backup-vault';
export * from './service-mesh-canary';
export * from './geo-dns-routing';
export * from './monitoring-stack';
export * from './platform';
