/** Physical name stem of everything regional: `resilience-<environment>-<region>`. */
export function regionalName(environment: string, region: string): string {
  return `resilience-${environment}-${region}`;
}

/** Name of the Kubernetes cluster of an environment in a region. */
export function clusterName(environment: string, region: string): string {
  return `${environment}-${region}`;
}

/** ARN of the EKS cluster of an environment in a region, from its deterministic name. */
export function clusterArn(partition: string, account: string, environment: string, region: string): string {
  return `arn:${partition}:eks:${region}:${account}:cluster/${clusterName(environment, region)}`;
}

/** Stack name of a region's services shard: `resilience-<environment>-<region>-services-<shard>`. */
export function servicesStackName(environment: string, region: string, shard: number): string {
  return `${regionalName(environment, region)}-services-${shard}`;
}

/** `resilience-<environment>-global`. */
export function globalStackName(environment: string): string {
  return `resilience-${environment}-global`;
}
