// Names both halves agree on: the plan's access entry (AWS) and the DR chart's RBAC and labels (Kubernetes).

/** Label carrying a pod's region role; the standby disruption budget and the plan's scaling select on it. */
export const DR_ROLE_LABEL = 'resilience.dev/dr-role';
/** Annotation naming the Region switch plans that scale the workload. */
export const DR_PLANS_ANNOTATION = 'resilience.dev/dr-region-switch-plans';
/** Annotation with the replicas the plan's EKS scaling step brings the workload to. */
export const DR_FULL_CAPACITY_ANNOTATION = 'resilience.dev/dr-full-capacity';
/** Kubernetes group the plan's execution role is mapped to by its EKS access entry. */
export const DR_SCALER_GROUP = 'resilience:region-switch';
/** Name of the Role and RoleBinding that give DR_SCALER_GROUP its verbs in each workload namespace. */
export const DR_SCALER_ROLE = 'resilience-region-switch-scaler';
/** Zone topology key of every node (well-known label). */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
