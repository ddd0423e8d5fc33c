import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { iamRoleArn } from '../core';
import { DR_SCALER_GROUP } from './dr-kubernetes-names';

/** Props of the EKS access entry of a Region switch plan's execution role in one cluster. */
export interface RegionSwitchAccessEntryProps {
  /** Name of the existing EKS cluster (in this construct's stack's region and account). */
  readonly clusterName: string;
  /** Physical name of the plan's execution role (`FailoverPlan.executionRoleName`), in this stack's account. */
  readonly executionRoleName: string;
}

/**
 * Lets a Region switch plan's execution role into one EKS cluster, with no EKS access policy: the
 * role is mapped to the Kubernetes group `resilience:region-switch` (DR_SCALER_GROUP), which the
 * DR chart binds, per namespace, to exactly the verbs ARC's AmazonARCRegionSwitchScalingPolicy
 * lists. ARC's plan evaluation accepts Kubernetes groups in place of that policy.
 *
 * Access entries are regional: this goes into the stack of the cluster's region, and names the
 * role by its deterministic ARN (no cross-region reference). EKS needs the role to exist when the
 * entry is created, so that stack deploys after the plan's.
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/eks-resource-scaling-block.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
 */
export class RegionSwitchAccessEntry extends Construct {
  public readonly resource: eks.CfnAccessEntry;

  constructor(scope: Construct, id: string, props: RegionSwitchAccessEntryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.resource = new eks.CfnAccessEntry(this, 'Resource', {
      clusterName: props.clusterName,
      principalArn: iamRoleArn(stack.account, props.executionRoleName, stack.partition),
      type: 'STANDARD',
      kubernetesGroups: [DR_SCALER_GROUP],
    });
  }
}
