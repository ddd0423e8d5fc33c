import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { IGeoDnsRouting } from '../geo-dns-routing';
import { Severity } from './severity';
import { ServiceLevelObjective, WatchedMetric } from './slo';

/**
 * What MonitoringStack reads of a backup vault: EncryptedBackupVault's `IEncryptedBackupVault`
 * satisfies it.
 */
export interface IBackupVaultSignals {
  readonly vault: backup.IBackupVault;
  /** Receives the vault's failure events; MonitoringStack gives it a receiver. */
  readonly notificationTopic: sns.ITopic;
}

/** What MonitoringStack reads of a DNS routing: GeoDnsRouting's `IGeoDnsRouting` satisfies it. */
export type IDnsSignals = Pick<IGeoDnsRouting, 'healthCheckAlarms' | 'routingSwitchAlarms' | 'hostname' | 'node'>;

/**
 * Failover triggers of a DR construct (MultiRegionDr): alarms in this region whose ALARM state
 * starts a failover. Each gets the critical action.
 */
export interface IFailoverTriggerSource {
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/** One replication signal: lag or failures of a replicated store, in its region. */
export interface ReplicationMetric {
  /** Stable name, e.g. `orders-table-us-west-2-lag`. Lowercase kebab-case. */
  readonly name: string;
  /** Region the metric is published in. */
  readonly region: string;
  readonly metric: WatchedMetric;
  /** Alarm when the metric is above this value (in the metric's unit). */
  readonly threshold: number;
  /** @default Severity.WARNING */
  readonly severity?: Severity;
  /** Runbook the alarm links to. */
  readonly runbookUrl: string;
}

/**
 * Replication metrics of a DR construct (S3 RTC `ReplicationLatency` / `OperationsFailedReplication`,
 * DynamoDB `ReplicationLatency`, Aurora `AuroraGlobalDBReplicationLag`).
 */
export interface IReplicationSignalSource {
  readonly replicationMetrics: readonly ReplicationMetric[];
}

/** CloudWatch metrics of a mesh service (requests, server errors, latency), all Sum/any-stat capable. */
export interface ServiceCloudWatchMetrics {
  /** Request count (Sum per period). */
  readonly requests: WatchedMetric;
  /** 5xx response count (Sum per period). */
  readonly serverErrors: WatchedMetric;
  /** Request latency in milliseconds, read with `latencyStatistic`. */
  readonly latency: WatchedMetric;
  /**
   * The statistic that makes `latency` a p95: `p95` on a metric with values, `Average` on a
   * gauge that already is a p95 (e.g. a Prometheus recording rule).
   * @default 'p95'
   */
  readonly latencyStatistic?: string;
}

/** A service on the mesh: ServiceMeshCanary's identity (name, namespace, host) plus what to watch. */
export interface MonitoredService {
  /** Kubernetes Service name (ServiceMeshCanary's `name`). */
  readonly name: string;
  readonly namespace: string;
  /** Mesh host, e.g. `api.prod.svc.cluster.local` (ServiceMeshCanary's `host`). */
  readonly host: string;
  /**
   * The service's CloudWatch metrics in this region (e.g. from the mesh-metrics collector's EMF exporter).
   * @default - the service is watched in Prometheus only
   */
  readonly cloudWatch?: ServiceCloudWatchMetrics;
  /** SLOs of the service. @default - none */
  readonly slos?: readonly ServiceLevelObjective[];
  /** Runbook for the service's alerts. */
  readonly runbookUrl: string;
  /**
   * Percent of requests traced (Istio Telemetry `randomSamplingPercentage`), 0–100.
   * @default - from `TracingSampling.seeds()` by service name, else the main service's 20 %
   */
  readonly tracingSamplingPercent?: number;
  /** Extra literal span tags. @default - environment, region and service tags only */
  readonly tracingTags?: Record<string, string>;
}
