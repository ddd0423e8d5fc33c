// The public API: every capability, both halves. It loads cdk8s (the Kubernetes halves need it);
// an app that uses only AWS constructs imports their subpaths instead, e.g.
// `resilience-constructs/encrypted-backup-vault`, and needs no cdk8s. Construct authors find the
// house's validation helpers in `resilience-constructs/core`.
export { AWS_REGIONS, RegionRole, RegionPlacement, ResilienceValidationError, ResilienceValidationErrors, validationErrorsOf, ValidationScope, acknowledgeFinding, acknowledgeInCompliancePacks, DurationLike } from './core';
export * from './encrypted-backup-vault';
export * from './encrypted-backup-vault/k8s';
export * from './geo-dns-routing';
export * from './service-mesh-canary';
export * from './validation-cache';
export * from './platform';
