import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Environment } from './environment-model';
import { clusterArn } from './naming';

/**
 * Who may assume a role through EKS Pod Identity on the environment's cluster in `region`: the
 * service principal pods.eks.amazonaws.com, which assumes the role and tags the session
 * (sts:AssumeRole + sts:TagSession), limited by aws:SourceAccount and aws:SourceArn to that one
 * cluster (EKS User Guide, "Create an IAM role for Pod Identity", confused deputy).
 */
export function podIdentityPrincipal(scope: Construct, environment: Environment, region: string): iam.IPrincipal {
  return new iam.SessionTagsPrincipal(
    new iam.PrincipalWithConditions(new iam.ServicePrincipal('pods.eks.amazonaws.com'), {
      StringEquals: { 'aws:SourceAccount': environment.account },
      ArnEquals: { 'aws:SourceArn': clusterArn(Stack.of(scope).partition, environment.account, environment.name, region) },
    }),
  );
}
