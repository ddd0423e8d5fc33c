import type { SecretKeyRef, SlackReceiverOptions } from '../monitoring-stack/alert-routing';
import type { CostBudgetPlan } from '../monitoring-stack/cost-budgets';

/** PagerDuty, as an environment names it: the secrets only, never the key itself. */
export interface EnvironmentPagerDutySettings {
  /**
   * Name of the Secrets Manager secret (JSON) holding the PagerDuty Events API integration key,
   * replicated to every region of the environment (each region's topic subscription reads it
   * through a CloudFormation dynamic reference).
   */
  readonly integrationKeySecretName: string;
  /** JSON field of the secret. @default 'integrationKey' */
  readonly integrationKeyField?: string;
  /** The Kubernetes Secret (in the monitoring namespace of every cluster) holding the same key for Alertmanager. */
  readonly kubernetesRoutingKey: SecretKeyRef;
}

/**
 * What an environment's MonitoringStacks need (the `monitoring` field of its description). The
 * routing follows from it: with `pagerDuty`, critical pages PagerDuty and everything else goes to
 * Slack (`AlertRouting.paging`); without it, every severity goes to Slack (`AlertRouting.slackOnly`).
 */
export interface EnvironmentMonitoringSettings {
  /** Slack workspace and channel ids (authorised once in AWS Chatbot) and the Kubernetes Secret of the webhook URL. */
  readonly slack: SlackReceiverOptions;
  /** @default - nobody is paged: every severity goes to Slack */
  readonly pagerDuty?: EnvironmentPagerDutySettings;
  /**
   * Base of every runbook link: the platform's alarms link to `<base>`, a service's alerts to
   * `<base>/services/<service>`, an SLO's to `<base>/slo/<service>-<slo>`.
   */
  readonly runbookBaseUrl: string;
  /**
   * Budgets and cost anomaly detection of the account, in the environment's primary region. At
   * most one environment per account carries them.
   * @default - none
   */
  readonly budgets?: CostBudgetPlan;
  /**
   * CloudWatch namespace where the clusters publish the mesh's request metrics in embedded metric
   * format (`RequestCount`, `Http5xxCount`, `RequestLatency` in ms, dimensions `Service` and
   * `Namespace`), e.g. from the mesh-metrics collector's EMF exporter. With it, every service gets
   * CloudWatch alarms (rate and latency anomalies, 5xx ratio, p95) and its SLOs burn-rate alarms
   * and composites on the AWS side too.
   * @default - services and SLOs are watched in Prometheus only
   */
  readonly serviceMetricsNamespace?: string;
  /** Namespace of the kube-prometheus-stack release in every cluster. @default 'monitoring' */
  readonly kubernetesNamespace?: string;
}
