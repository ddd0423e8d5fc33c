import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ServiceMonitoring, ServiceMonitoringProps } from '../monitoring-stack';
import { pascalCase } from '../core/naming';
import { Environment } from './environment-model';
import { clusterName } from './naming';
import { podIdentityPrincipal } from './pod-identity';
import { PlatformService } from './service-model';

export interface ServicesStackProps extends StackProps {
  readonly environment: Environment;
  readonly region: string;
  /** The shard this stack holds. */
  readonly shard: number;
}

/**
 * One shard of a region's per-service AWS resources. Each service gets a construct named after it
 * (`serviceScope`), so its logical IDs depend on its name only, never on its neighbours or shard.
 */
export class ServicesStack extends Stack {
  public readonly shard: number;
  /** The CloudWatch alarms of this shard's services, when the environment is monitored. */
  public monitoring?: ServiceMonitoring;
  private readonly services = new Map<string, ServiceResources>();

  constructor(scope: Construct, id: string, props: ServicesStackProps) {
    super(scope, id, props);
    this.shard = props.shard;
    Tags.of(this).add('resilience:environment', props.environment.name);
  }

  /** Adds a service's resources: its workload identity. */
  public addService(environment: Environment, region: string, service: PlatformService): ServiceResources {
    const resources = new ServiceResources(this, pascalCase(service.name), { environment, region, service });
    this.services.set(service.name, resources);
    return resources;
  }

  /**
   * Adds the CloudWatch alarms of this shard's services (at `Monitoring`): per-service alarms live
   * beside the service's other resources, so a region's stacks stay within the resource budget.
   */
  public addMonitoring(props: ServiceMonitoringProps): ServiceMonitoring {
    this.monitoring = new ServiceMonitoring(this, 'Monitoring', props);
    return this.monitoring;
  }

  /** The resources of a service of this stack. */
  public service(name: string): ServiceResources | undefined {
    return this.services.get(name);
  }
}

export interface ServiceResourcesProps {
  readonly environment: Environment;
  readonly region: string;
  readonly service: PlatformService;
}

/**
 * A service's AWS resources in one region. Today its workload identity: an IAM role for EKS Pod
 * Identity and the association of that role with the service's ServiceAccount on the region's
 * cluster. The role has no permissions yet; the constructs that own the service's data stores
 * (MultiRegionDr) grant to `workloadRole` in this same scope.
 */
export class ServiceResources extends Construct {
  /** The role the service's pods assume through EKS Pod Identity. */
  public readonly workloadRole: iam.Role;
  /** The Pod Identity association of the role with the service's ServiceAccount on the cluster. */
  public readonly podIdentityAssociation: eks.CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: ServiceResourcesProps) {
    super(scope, id);
    const { environment, region, service } = props;
    const cluster = clusterName(environment.name, region);
    this.workloadRole = new iam.Role(this, 'WorkloadRole', {
      assumedBy: podIdentityPrincipal(this, environment, region),
      description: `Workload role of ${service.name} on ${cluster} (EKS Pod Identity), no permissions until a data store grants them`,
    });
    this.podIdentityAssociation = new eks.CfnPodIdentityAssociation(this, 'PodIdentity', {
      clusterName: cluster,
      namespace: service.namespace,
      // ServiceMeshCanary names the service's ServiceAccount after the service; a handed-in workload names its own.
      serviceAccount: service.serviceAccountName,
      roleArn: this.workloadRole.roleArn,
    });
  }
}
