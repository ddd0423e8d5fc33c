/** Minimum and maximum replicas, enforced by a HorizontalPodAutoscaler. */
export interface ReplicaRange {
  readonly min: number;
  readonly max: number;
}

/** Container resource requests and limits, as Kubernetes quantities. */
export interface ContainerResources {
  /** @default '250m' */
  readonly cpuRequest?: string;
  /** @default '256Mi' */
  readonly memoryRequest?: string;
  /** @default '1' */
  readonly cpuLimit?: string;
  /** @default '512Mi' */
  readonly memoryLimit?: string;
}
