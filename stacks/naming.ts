/** Physical name stem of everything regional: `resilience-<environment>-<region>`. */
export function regionalName(environment: string, region: string): string {
  return `resilience-${environment}-${region}`;
}

/** Name of the Kubernetes cluster of an environment in a region. */
export function clusterName(environment: string, region: string): string {
  return `${environment}-${region}`;
}
