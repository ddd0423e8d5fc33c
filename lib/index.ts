// The public API: every capability, both halves. It loads cdk8s (the Kubernetes halves need it);
// an app that uses only AWS constructs imports their subpaths instead, e.g.
// `resilience-constructs/encrypted-backup-vault`, `…/multi-region-dr`, `…/monitoring-stack`, and
// needs no cdk8s. Construct authors find the
// house's validation helpers in `resilience-constructs/core`.
export { AWS_REGIONS, RegionRole, RegionPlacement, ResilienceValidationError, ResilienceValidationErrors, validationErrorsOf, ValidationScope, acknowledgeFinding, acknowledgeInCompliancePacks, DurationLike } from './core';
export * from './encrypted-backup-vault';
export * from './encrypted-backup-vault/k8s';
export * from './geo-dns-routing';
export * from './monitoring-stack';
export * from './monitoring-stack/k8s';
export * from './multi-region-dr';
export * from './multi-region-dr/k8s';
export * from './service-mesh-canary';
export * from './validation-cache';
// The platform's public API; its building blocks (naming, limits checks, chart builders) stay in
// `resilience-constructs/platform`.
export {
  ResiliencePlatform, ResiliencePlatformProps, synthPlatformApp,
  EnvironmentDescription, RegionDescription, EnvironmentBackupDescription, CapacityByRole, ServiceStacksLayout, Environment,
  EnvironmentProfile, EnvironmentProfileOptions,
  ServiceWorkload, ImageBuilderProps, ImageWorkloadOptions, WorkloadBuildContext, DeploymentWorkloadOptions, ServicePublication, PublicServiceOptions,
  ServiceSloDescription, ServiceDataStoreDescription, ServiceSettings, ServiceDefaults, ServiceDescription, PlatformService,
  PlatformLimits, DnsRoutingShape, DnsGeoOverride, EnvironmentDnsSettings, EnvironmentMeshSettings, MeshLocalityMode,
  GlobalStack, GlobalStackProps, RegionalStack, RegionalStackProps, ServicesStack, ServicesStackProps, ServiceResources, ServiceResourcesProps,
} from './platform';
