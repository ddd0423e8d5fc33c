import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { denyGrantsNotForAwsResources, keyAdministrationByAccount } from '../core';
import { MESH_METRICS_LOG_STREAM, MonitoredService } from '../monitoring-stack';
import { MeshMetricsCollector } from '../monitoring-stack/k8s';
import { Environment } from './environment-model';
import { clusterName } from './naming';
import { podIdentityPrincipal } from './pod-identity';

/** Log group of a cluster's EMF events: `/resilience/<environment>/<region>/mesh-metrics`. */
export function meshMetricsLogGroupName(environment: string, region: string): string {
  return `/resilience/${environment}/${region}/mesh-metrics`;
}

/** A year, the least AWS Control Tower's CT.CLOUDWATCH.PR.2 accepts for a log group. */
const EMF_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

export interface MeshMetricsIdentityProps {
  readonly environment: Environment;
  readonly region: string;
  /** Namespace and ServiceAccount of the collector on the cluster. */
  readonly namespace: string;
  readonly serviceAccountName: string;
}

/**
 * The AWS half of a cluster's mesh-metrics collector: a CMK-encrypted log group for its EMF
 * events, a role for EKS Pod Identity that may write to that group only, and the association of
 * the role with the collector's ServiceAccount.
 */
export class MeshMetricsIdentity extends Construct {
  public readonly key: kms.Key;
  public readonly logGroup: logs.LogGroup;
  public readonly role: iam.Role;
  public readonly podIdentityAssociation: eks.CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: MeshMetricsIdentityProps) {
    super(scope, id);
    const { environment, region } = props;
    const stack = Stack.of(this);
    const logGroupName = meshMetricsLogGroupName(environment.name, region);
    const logGroupArn = `arn:${stack.partition}:logs:${region}:${environment.account}:log-group:${logGroupName}`;
    const retain = environment.profile.statefulRemovalPolicy !== RemovalPolicy.DESTROY;

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the mesh-metrics EMF log group of ${clusterName(environment.name, region)}`,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      policy: new iam.PolicyDocument({
        statements: [
          keyAdministrationByAccount('AccountAdministers'),
          // CloudWatch Logs uses the key for this log group only: the encryption context carries the
          // group's ARN (CloudWatch Logs User Guide, "Encrypt log data using AWS KMS", step 2).
          new iam.PolicyStatement({
            sid: 'LogsEncryptsThisGroup',
            principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
            actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            resources: ['*'],
            conditions: {
              ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn },
              StringEquals: { 'aws:SourceAccount': environment.account },
            },
          }),
          denyGrantsNotForAwsResources(),
        ],
      }),
    });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      encryptionKey: this.key,
      retention: EMF_LOG_RETENTION,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: podIdentityPrincipal(this, environment, region),
      description: `Mesh-metrics collector on ${clusterName(environment.name, region)}: writes EMF to ${logGroupName} only`,
    });
    // The awsemf exporter writes with PutLogEvents into streams it creates and looks up; the group
    // exists (never CreateLogGroup), and the metrics come out of the events (no cloudwatch:PutMetricData).
    // A customer-managed policy (the HIPAA/NIST/PCI packs reject inline ones), on the one stream
    // the exporter writes (`MESH_METRICS_LOG_STREAM`), so no wildcard.
    new iam.ManagedPolicy(this, 'WriteEmfPolicy', {
      description: `Writes the mesh-metrics EMF events of ${clusterName(environment.name, region)}`,
      roles: [this.role],
      statements: [new iam.PolicyStatement({
        sid: 'WriteEmfEvents',
        actions: ['logs:PutLogEvents', 'logs:CreateLogStream', 'logs:DescribeLogStreams'],
        resources: [logGroupArn, `${logGroupArn}:log-stream:${MESH_METRICS_LOG_STREAM}`],
      })],
    });
    this.podIdentityAssociation = new eks.CfnPodIdentityAssociation(this, 'PodIdentity', {
      clusterName: clusterName(environment.name, region),
      namespace: props.namespace,
      serviceAccount: props.serviceAccountName,
      roleArn: this.role.roleArn,
    });
  }
}

export interface MeshMetricsCollectorCompositionInputs {
  readonly environment: Environment;
  readonly region: string;
  /** The region's stack (the AWS half goes there). */
  readonly stack: Stack;
  /** The cluster's `monitoring` chart (the Kubernetes half goes there). */
  readonly chart: cdk8s.Chart;
  /** Namespace of the kube-prometheus-stack release. */
  readonly namespace: string;
  readonly services: readonly MonitoredService[];
}

/** Everything of one cluster's collector, or undefined where the environment publishes no service metrics. */
export interface MeshMetricsCollectorParts {
  readonly collector: MeshMetricsCollector;
  readonly identity: MeshMetricsIdentity;
}

/**
 * A cluster's mesh-metrics collector, both halves, where the environment sets
 * `monitoring.serviceMetricsNamespace`: the collector in the `monitoring` chart and its
 * identity at `MeshMetrics` in the regional stack.
 */
export function composeMeshMetricsCollector(inputs: MeshMetricsCollectorCompositionInputs): MeshMetricsCollectorParts | undefined {
  const { environment, region } = inputs;
  const namespace = environment.monitoring?.serviceMetricsNamespace;
  if (namespace === undefined) return undefined;
  const latencyBoundsMs = inputs.services.flatMap((s) => (s.slos ?? []).map((slo) => slo.indicator.latencyOptions?.threshold.toMilliseconds())).filter((b): b is number => b !== undefined);
  const collector = new MeshMetricsCollector(inputs.chart, 'MeshMetricsCollector', {
    namespace: inputs.namespace,
    release: environment.mesh.monitoringRelease,
    cloudWatchNamespace: namespace,
    region,
    logGroupName: meshMetricsLogGroupName(environment.name, region),
    latencyBoundsMs,
  });
  const identity = new MeshMetricsIdentity(inputs.stack, 'MeshMetrics', {
    environment,
    region,
    namespace: inputs.namespace,
    serviceAccountName: collector.serviceAccountName,
  });
  return { collector, identity };
}
