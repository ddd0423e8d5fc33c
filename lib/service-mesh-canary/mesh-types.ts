/**
 * The Kubernetes and CRD shapes this construct emits, taken from the generated model packages
 * (`kubernetes-models`, `@kubernetes-models/istio`, `@kubernetes-models/argo-rollouts`,
 * `@kubernetes-models/prometheus-operator`). Type-only imports: the packages are ESM and never load
 * at run time, but a misspelled field anywhere in an emitted object fails compilation.
 */
import type { IRollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import type { IAnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import type { ICanaryStep } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/CanaryStep';
import type { IMetric } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Metric';
import type { IDestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import type { IGateway } from '@kubernetes-models/istio/networking.istio.io/v1/Gateway';
import type { IVirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import type { IEnvoyFilter } from '@kubernetes-models/istio/networking.istio.io/v1alpha3/EnvoyFilter';
import type { IAuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import type { IPeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication';
import type { IRequestAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication';
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export type {
  IAnalysisTemplate, IAuthorizationPolicy, IDeployment, IDestinationRule, IEnvoyFilter, IGateway, IHorizontalPodAutoscaler,
  INetworkPolicy, IPeerAuthentication, IPodDisruptionBudget, IPodMonitor, IPodTemplateSpec, IRequestAuthentication, IRollout, IService,
  IServiceAccount, IVirtualService,
};

/** One HTTP route of a VirtualService. */
export type HttpRoute = NonNullable<NonNullable<IVirtualService['spec']>['http']>[number];
/** A weighted destination of an HTTP route. */
export type HttpRouteDestination = NonNullable<HttpRoute['route']>[number];
/** The traffic policy of a DestinationRule. */
export type TrafficPolicy = NonNullable<NonNullable<IDestinationRule['spec']>['trafficPolicy']>;
/** One step of an Argo Rollouts canary. */
export type RolloutCanaryStep = ICanaryStep;
/** One metric of an AnalysisTemplate. */
export type AnalysisMetric = IMetric;

/** Every object the construct emits. */
export type MeshObject =
  | IDeployment | IRollout | IService | IServiceAccount | IHorizontalPodAutoscaler | IPodDisruptionBudget
  | IVirtualService | IDestinationRule | IGateway | IEnvoyFilter
  | IPeerAuthentication | IAuthorizationPolicy | IRequestAuthentication
  | IAnalysisTemplate | IPodMonitor | INetworkPolicy;
