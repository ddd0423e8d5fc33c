import { Stack } from 'aws-cdk-lib';
import * as arcregionswitch from 'aws-cdk-lib/aws-arcregionswitch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { invalid, physicalName, validateAll } from '../core';
import { leastPrivilegeRole } from './least-privilege-role';
import { DrStrategy } from './dr-strategy';
import { FailoverRunbook } from './failover-runbook';
import { RecoveryTier } from './recovery-tier';

/** How long an approver has to approve a failback before the execution times out. */
export const FAILBACK_APPROVAL_TIMEOUT_MINUTES = 60;

/** Least time between two automatic executions of a plan: one failover at a time, no flapping. */
export const MIN_MINUTES_BETWEEN_AUTOMATIC_EXECUTIONS = 60;

/** What the plan knows of one region (all names deterministic, so no cross-region reference). */
export interface PlanRegion {
  readonly region: string;
  /** Name and ARN of the region's failover composite alarm. */
  readonly failoverAlarmName: string;
  readonly failoverAlarmArn: string;
  /** ARN of the region's runbook function. */
  readonly runbookFunctionArn: string;
  /** Names of GeoDnsRouting's health alarms of this region (us-east-1). */
  readonly dnsAlarmNames: readonly string[];
  /** ARN of the region's Aurora cluster, when there is one. */
  readonly auroraClusterArn?: string;
  /** ARN of the region's EKS cluster, when its workloads are scaled. */
  readonly eksClusterArn?: string;
  /** ARC routing control of the region, when routing controls are on. */
  readonly routingControlArn?: string;
}

/**
 * The only Kubernetes resource type ARC's EKS resource scaling block documents ("apps/v1
 * Deployment"). Its access policy grants `*\/scale` in every API group, but Region switch samples
 * and scales only what it documents, so anything else (an Argo Rollout, a StatefulSet) is rejected.
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/eks-resource-scaling-block.html
 */
export const ARC_SCALABLE_RESOURCE_TYPE = { apiVersion: 'apps/v1', kind: 'Deployment' } as const;

/** A Kubernetes workload the plan scales to full capacity in the activating region. */
export interface ScaledWorkload {
  readonly namespace: string;
  /** Name of the workload (the same in every region unless `nameByRegion` says otherwise). */
  readonly name: string;
  /**
   * API version of the workload; only `apps/v1` can be scaled by ARC.
   * @default 'apps/v1'
   */
  readonly apiVersion?: string;
  /**
   * Kind of the workload; only `Deployment` can be scaled by ARC.
   * @default 'Deployment'
   */
  readonly kind?: string;
  /**
   * The workload's name where it differs by region (e.g. a Deployment a user builds per cluster).
   * @default - `name` in every region
   */
  readonly nameByRegion?: Readonly<Record<string, string>>;
  /**
   * Regions the workload runs in; a plan scales it only when it runs in both of the plan's regions.
   * @default - every region
   */
  readonly regions?: readonly string[];
  /**
   * Its HorizontalPodAutoscaler: ARC patches it so it cannot scale the workload back down
   * (`behavior.scaleDown.selectPolicy: Disabled`) during or after the execution.
   * @default - the workload's name
   */
  readonly hpaName?: string;
}

/** Deterministic name of a plan's execution role, so an EKS access entry in any region can name it without a cross-region reference. */
export function planExecutionRoleName(planName: string): string {
  return `${planName}-execution`;
}

/** Props of one Region switch plan (one pair of regions). */
export interface FailoverPlanProps {
  readonly environment: string;
  readonly strategy: DrStrategy;
  readonly tier: RecoveryTier;
  readonly runbook: FailoverRunbook;
  /** The region traffic normally runs in (the environment's primary). */
  readonly primary: PlanRegion;
  /** The standby this plan fails over to. */
  readonly standby: PlanRegion;
  /** Aurora global cluster identifier, when there is one. */
  readonly globalClusterIdentifier?: string;
  /** Workloads to scale up; empty: no EKS step. */
  readonly scaledWorkloads: readonly ScaledWorkload[];
  readonly scaleUp: boolean;
  /** GeoDnsRouting's operator switch, when its failback mode has one. */
  readonly dnsSwitch?: { readonly hostname: string; readonly namespace: string; readonly metric: string; readonly region: string };
  /** Region of GeoDnsRouting's health alarms (us-east-1). */
  readonly dnsAlarmRegion: string;
  /** ARN of the IAM role approvers assume to approve a failback. */
  readonly approvalRoleArn: string;
}

type Step = arcregionswitch.CfnPlan.StepProperty;

/**
 * The seeds' failover runbook as an ARC Region switch plan for one pair of regions: a failover
 * workflow (automatic, triggered by the primary's failover alarm) and a failback workflow that
 * starts with a manual approval. Steps ARC has a block for use it (Aurora global database,
 * EKS resource scaling, ARC routing control, manual approval); pre-checks, the DNS switch,
 * verification with rollback and notifications are custom Lambda actions (see RunbookFunction).
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/region-switch-plans.html
 */
export class FailoverPlan extends Construct {
  public readonly plan: arcregionswitch.CfnPlan;
  public readonly executionRole: iam.Role;
  /** Physical name of the execution role (`<plan>-execution`). */
  public readonly executionRoleName: string;
  public readonly planName: string;
  /**
   * Regions whose EKS cluster the plan's scaling step acts on (both of the plan's regions, or none):
   * each needs an EKS access entry for the execution role.
   */
  public readonly scaledClusterRegions: readonly string[];

  constructor(scope: Construct, id: string, props: FailoverPlanProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { primary, standby } = props;
    this.planName = physicalName(props.environment, 'region-switch', standby.region);
    const planArn = stack.formatArn({ service: 'arc-region-switch', region: '', resource: 'plan', resourceName: `${this.planName}/*` });
    const both = [primary, standby];
    validateAll(this, props.scaledWorkloads.map((w, i) => () => {
      const apiVersion = w.apiVersion ?? ARC_SCALABLE_RESOURCE_TYPE.apiVersion;
      const kind = w.kind ?? ARC_SCALABLE_RESOURCE_TYPE.kind;
      if (apiVersion !== ARC_SCALABLE_RESOURCE_TYPE.apiVersion || kind !== ARC_SCALABLE_RESOURCE_TYPE.kind) {
        invalid(this, `scaledWorkloads[${i}]`, `${apiVersion} ${kind} ${w.namespace}/${w.name}`, 'an apps/v1 Deployment: ARC\'s EKS resource scaling block scales only Deployments; give other kinds their full capacity at rest instead');
      }
    }));
    const scaled = scaledIn(props.scaledWorkloads, primary.region, standby.region);
    const scales = props.scaleUp && scaled.length > 0;
    this.scaledClusterRegions = scales ? both.filter((r) => r.eksClusterArn).map((r) => r.region) : [];
    const statements: iam.PolicyStatement[] = [];
    statements.push(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: both.map((r) => r.runbookFunctionArn) }));
    statements.push(new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: both.map((r) => r.failoverAlarmArn) }));
    if (props.globalClusterIdentifier !== undefined) {
      statements.push(new iam.PolicyStatement({
        actions: ['rds:FailoverGlobalCluster', 'rds:SwitchoverGlobalCluster', 'rds:DescribeGlobalClusters', 'rds:DescribeDBClusters'],
        resources: [
          stack.formatArn({ service: 'rds', region: '', resource: 'global-cluster', resourceName: props.globalClusterIdentifier, arnFormat: undefined }),
          ...both.filter((r) => r.auroraClusterArn).map((r) => r.auroraClusterArn!),
        ],
      }));
    }
    if (scales) {
      // ARC's sample policy: DescribeCluster on the clusters, ListAssociatedAccessPolicies on their access entries.
      const clusters = both.filter((r) => r.eksClusterArn).map((r) => r.eksClusterArn!);
      statements.push(new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: clusters }));
      statements.push(new iam.PolicyStatement({ actions: ['eks:ListAssociatedAccessPolicies'], resources: clusters.map((arn) => `${arn.replace(':cluster/', ':access-entry/')}/*`) }));
    }
    if (standby.routingControlArn !== undefined) {
      statements.push(new iam.PolicyStatement({
        actions: ['route53-recovery-cluster:GetRoutingControlState', 'route53-recovery-cluster:UpdateRoutingControlState', 'route53-recovery-cluster:UpdateRoutingControlStates'],
        resources: both.map((r) => r.routingControlArn!),
      }));
    }

    this.executionRole = leastPrivilegeRole(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('arc-region-switch.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': planArn } },
      }),
      description: `ARC Region switch plan ${this.planName}`,
      statements,
      wildcardReason: scales ? 'eks:ListAssociatedAccessPolicies acts on access entries, whose ARNs end in an id EKS generates; the wildcard covers only the entries of the two clusters this plan scales (ARC\'s sample policy for the EKS resource scaling block).' : undefined,
    });
    this.executionRoleName = planExecutionRoleName(this.planName);
    (this.executionRole.node.defaultChild as iam.CfnRole).roleName = this.executionRoleName;
    const failover = this.steps(props, 'failover');
    const failback = this.steps(props, 'failback');
    const activeActive = props.strategy.recoveryApproach === 'activeActive';
    this.plan = new arcregionswitch.CfnPlan(this, 'Resource', {
      name: this.planName,
      description: `${props.environment}: fail ${primary.region} over to ${standby.region} (${props.tier.toHumanString()})`,
      executionRole: this.executionRole.roleArn,
      recoveryApproach: props.strategy.recoveryApproach,
      primaryRegion: activeActive ? undefined : primary.region,
      regions: [primary.region, standby.region],
      recoveryTimeObjectiveMinutes: props.tier.rtoMinutes,
      associatedAlarms: {
        [primary.failoverAlarmName]: { alarmType: 'trigger', resourceIdentifier: primary.failoverAlarmArn },
        [standby.failoverAlarmName]: { alarmType: 'applicationHealth', resourceIdentifier: standby.failoverAlarmArn },
      },
      triggers: [{
        description: `Fail over to ${standby.region} when ${primary.failoverAlarmName} is in ALARM`,
        action: activeActive ? 'deactivate' : 'activate',
        targetRegion: activeActive ? primary.region : standby.region,
        conditions: [{ associatedAlarmName: primary.failoverAlarmName, condition: 'red' }],
        minDelayMinutesBetweenExecutions: MIN_MINUTES_BETWEEN_AUTOMATIC_EXECUTIONS,
      }],
      workflows: [
        activeActive
          ? { workflowTargetAction: 'deactivate', workflowTargetRegion: primary.region, workflowDescription: `Failover: take ${primary.region} out, ${standby.region} serves`, steps: failover }
          : { workflowTargetAction: 'activate', workflowTargetRegion: standby.region, workflowDescription: `Failover to ${standby.region}`, steps: failover },
        { workflowTargetAction: 'activate', workflowTargetRegion: primary.region, workflowDescription: `Failback to ${primary.region}, after approval`, steps: failback },
      ],
    });
  }

  private steps(props: FailoverPlanProps, kind: 'failover' | 'failback'): Step[] {
    const failed = kind === 'failover' ? props.primary : props.standby;
    const target = kind === 'failover' ? props.standby : props.primary;
    const lambda = (name: string, minutes: number, action: string, extra: Record<string, unknown> = {}): Step => ({
      name,
      executionBlockType: 'CustomActionLambda',
      description: `${action} (${minutes} min)`,
      executionBlockConfiguration: {
        customActionLambdaConfig: {
          lambdas: [props.primary, props.standby].map((r) => ({
            arn: r.runbookFunctionArn,
            payload: JSON.stringify({
              action,
              environment: props.environment,
              failedRegion: failed.region,
              targetRegion: target.region,
              targetFailoverAlarm: target.failoverAlarmName,
              targetDnsAlarms: target.dnsAlarmNames,
              dnsAlarmRegion: props.dnsAlarmRegion,
              dnsSwitch: props.dnsSwitch,
              ...extra,
            }),
          })),
          // Run in the region coming up: the failed one may be unreachable.
          regionToRun: 'activatingRegion',
          retryIntervalMinutes: 1,
          timeoutMinutes: minutes,
        },
      },
    });
    const r = props.runbook;
    const steps: Step[] = [];
    if (kind === 'failback') {
      steps.push({
        name: 'approve-failback',
        executionBlockType: 'ManualApproval',
        description: `Failback needs an approval: ${failed.region} has served, ${target.region} is healthy again (prerequisites in the README runbook)`,
        executionBlockConfiguration: { executionApprovalConfig: { approvalRole: props.approvalRoleArn, timeoutMinutes: FAILBACK_APPROVAL_TIMEOUT_MINUTES } },
      });
    }
    steps.push(lambda('pre-failover-checks', r.minutes('preChecks')!, 'pre-checks'));
    if (target.routingControlArn !== undefined) {
      steps.push({
        name: 'initiate-failover',
        executionBlockType: 'ARCRoutingControl',
        description: `Turn ${failed.region}'s routing control OFF`,
        executionBlockConfiguration: {
          arcRoutingControlConfig: {
            regionAndRoutingControls: { [failed.region]: [{ routingControlArn: failed.routingControlArn!, state: 'Off' }] },
            timeoutMinutes: r.minutes('initiate')!,
          },
        },
      });
    } else {
      steps.push(lambda('initiate-failover', r.minutes('initiate')!, 'initiate'));
    }
    if (props.globalClusterIdentifier !== undefined) {
      steps.push({
        name: kind === 'failover' ? 'promote-database' : 'switch-database-back',
        executionBlockType: 'AuroraGlobalDatabase',
        description: kind === 'failover' ? `Fail the global database over to ${target.region}` : `Switch the global database back to ${target.region} without data loss`,
        executionBlockConfiguration: {
          globalAuroraConfig: {
            // Failover may lose the replication lag (bounded by the RPO); failback is a planned switchover that loses nothing.
            behavior: kind === 'failover' ? 'failover' : 'switchoverOnly',
            globalClusterIdentifier: props.globalClusterIdentifier,
            databaseClusterArns: [props.primary.auroraClusterArn!, props.standby.auroraClusterArn!],
            timeoutMinutes: r.minutes('dataPromotion') ?? 5,
            ungraceful: kind === 'failover' ? { ungraceful: 'failover' } : undefined,
          },
        },
      });
    }
    const scaled = scaledIn(props.scaledWorkloads, props.primary.region, props.standby.region);
    if (kind === 'failover' && props.scaleUp && scaled.length > 0) {
      steps.push({
        name: 'scale-up-standby',
        executionBlockType: 'EKSResourceScaling',
        description: `Scale ${target.region}'s workloads to full capacity`,
        executionBlockConfiguration: {
          eksResourceScalingConfig: {
            kubernetesResourceType: { ...ARC_SCALABLE_RESOURCE_TYPE },
            eksClusters: [props.primary, props.standby].map((c) => ({ clusterArn: c.eksClusterArn! })),
            // ARC scales the Deployment (its scale subresource) to the sampled maximum of the other
            // region, then patches the HPA so it never scales it back down; the HPA's minimum never
            // caps it, and its maximum (full capacity) is at least what the primary ran.
            scalingResources: scaled.map((w) => ({
              [`${w.namespace}-${w.name}`]: Object.fromEntries([props.primary, props.standby].map((c) => {
                const name = w.nameByRegion?.[c.region] ?? w.name;
                return [c.region, { namespace: w.namespace, name, hpaName: w.hpaName ?? name }];
              })),
            })),
            // Match the other region's capacity over the last day: the standby reaches what the primary ran.
            capacityMonitoringApproach: 'sampledMaxInLast24Hours',
            targetPercent: 100,
            timeoutMinutes: r.minutes('scaleUp')!,
          },
        },
      });
    }
    if (target.routingControlArn !== undefined) {
      steps.push({
        name: 'update-dns',
        executionBlockType: 'ARCRoutingControl',
        description: `Turn ${target.region}'s routing control ON (GeoDnsRouting's recovery-control health checks follow)`,
        executionBlockConfiguration: {
          arcRoutingControlConfig: {
            regionAndRoutingControls: { [target.region]: [{ routingControlArn: target.routingControlArn, state: 'On' }] },
            timeoutMinutes: r.minutes('updateDns')!,
          },
        },
      });
    } else {
      steps.push(lambda('update-dns', r.minutes('updateDns')!, 'update-dns'));
    }
    steps.push(lambda('verify', r.minutes('verify')!, 'verify'));
    steps.push(lambda('post-failover-notifications', r.minutes('notify')!, 'notify', {
      subject: `${props.environment}: ${kind} to ${target.region} complete`,
      message: `${props.environment}: ${kind} from ${failed.region} to ${target.region} complete (plan ${this.planName})`,
    }));
    return steps;
  }
}

/** The workloads running in both regions of a plan. */
function scaledIn(workloads: readonly ScaledWorkload[], primary: string, standby: string): ScaledWorkload[] {
  return workloads.filter((w) => w.regions === undefined || (w.regions.includes(primary) && w.regions.includes(standby)));
}
