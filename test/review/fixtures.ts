import { CfnTemplate, ClusterOutput, DrBudget, K8sObject, StackOutput, SynthOutput } from '../../lib/review';

/** A one-stack, one-cluster output of environment `prod`, for rule specifications on plain JSON. */
export function output(resources: Record<string, unknown>, objects: K8sObject[] = [], dr?: DrBudget): SynthOutput {
  const stack: StackOutput = { id: 'Prod/UsEast1', environment: 'prod', stackName: 'resilience-prod-us-east-1', account: '111111111111', region: 'us-east-1', template: { Resources: resources } as CfnTemplate };
  const cluster: ClusterOutput = { id: 'prod/us-east-1', environment: 'prod', region: 'us-east-1', files: { 'mesh.k8s.yaml': objects } };
  return { stacks: [stack], clusters: [cluster], dr: dr ? { prod: dr } : {} };
}

export function budget(rtoMinutes: number, rpoMinutes = 5): DrBudget {
  return {
    environment: 'prod',
    strategy: 'warm-standby',
    tier: { name: 'tier-1', rtoMinutes: 60, rpoMinutes: 15 },
    rto: { minutes: rtoMinutes, components: [{ name: 'dns-failover', minutes: 5, source: 'health check' }, { name: 'scale-up', minutes: rtoMinutes - 5, source: 'eks' }] },
    rpo: { minutes: rpoMinutes, components: [{ name: 'replication', minutes: rpoMinutes, source: 'dynamodb' }] },
    meetsRto: rtoMinutes <= 60,
    meetsRpo: rpoMinutes <= 15,
  };
}

export function peerAuthentication(mode: string): K8sObject {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode } } };
}

export function policy(statements: unknown[], type = 'AWS::IAM::ManagedPolicy'): Record<string, unknown> {
  return { Type: type, Properties: { PolicyDocument: { Version: '2012-10-17', Statement: statements } } };
}
