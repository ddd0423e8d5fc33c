import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { invalid, RegionPlacement, ValidationCollector } from '../core';
import {
  AlertReceiver, AlertRouting, AlertTargets, endpointAlarmsOf, IFailoverTriggerSource, IReplicationSignalSource, LATENCY_BOUND_DIMENSION, MESH_CLOUDWATCH_DIMENSIONS, MESH_CLOUDWATCH_METRICS,
  MonitoredService, MonitoringGlobalView, MonitoringStack, ReplicationMetric, ServiceCloudWatchMetrics, ServiceLevelObjective, ServiceMonitoring, Severity, severityTopicName, SloIndicator, WatchedMetric,
} from '../monitoring-stack';
import { KubernetesMonitoring } from '../monitoring-stack/k8s';
import type { IFailoverTriggers, IReplicationSignals } from '../multi-region-dr';
import { Environment } from './environment-model';
import { GLOBAL_STACK_REGION, GlobalStack } from './global-stack';
import { composeMeshMetricsCollector } from './metrics-collector-composition';
import { EnvironmentMonitoringSettings } from './monitoring-settings';
import { RegionalStack } from './regional-stack';
import { PlatformService, ServiceSloDescription } from './service-model';
import { ServicesStack } from './services-stack';

/** What a DR composition hands to one region's MonitoringStack, through MonitoringStack's own interfaces. */
export interface RegionDrSignals {
  /** Alarms whose ALARM state starts a failover (each gets the critical action). @default - none */
  readonly failoverTriggers?: readonly IFailoverTriggerSource[];
  /** Replication lag and failure metrics published in the region. @default - none */
  readonly replication?: readonly IReplicationSignalSource[];
}

/** The DR signals of an environment's region, or undefined where it has none. */
export type DrSignalsSource = (environment: Environment, region: string) => RegionDrSignals | undefined;

/** Everything the monitoring composition built. */
export interface PlatformMonitoring {
  /** MonitoringStack of each region (`<env>/<region>`), at `Monitoring` in the regional stack. */
  readonly regional: ReadonlyMap<string, MonitoringStack>;
  /** The environment's cross-region dashboard, at `Monitoring` in its global stack, by environment name. */
  readonly globalViews: ReadonlyMap<string, MonitoringGlobalView>;
  /** The Kubernetes half of each cluster (`<env>/<region>`), chart `monitoring`. */
  readonly clusters: ReadonlyMap<string, KubernetesMonitoring>;
}

/** What the composition reads of the platform. */
export interface MonitoringCompositionInputs {
  readonly environments: readonly Environment[];
  readonly stacks: ReadonlyMap<string, RegionalStack>;
  readonly globals: ReadonlyMap<string, GlobalStack>;
  readonly clusters: ReadonlyMap<string, cdk8s.App>;
  /**
   * The services stacks, by `<env>/<region>/<shard>`: each shard's services get their CloudWatch
   * alarms there. @default - the alarms stay in the regional stack's MonitoringStack
   */
  readonly serviceStacks?: ReadonlyMap<string, ServicesStack>;
  /** @default - no DR signals */
  readonly drSignals?: DrSignalsSource;
}

/** The Prometheus histogram and counter of the mesh (Istio standard metrics). */
const ISTIO_REQUESTS = 'istio_requests_total';
const ISTIO_DURATION_MS = 'istio_request_duration_milliseconds';
/**
 * Metric names the clusters' MeshMetricsCollector publishes in `serviceMetricsNamespace` (embedded
 * metric format), the same constants its config is built from: `latency` is a p95 gauge (read
 * with Average) and `withinLatencyBound` counts requests within an SLO threshold (see
 * mesh-metrics-collector.ts for why there is no percentile of a latency histogram).
 */
export const SERVICE_EMF_METRICS = {
  requests: MESH_CLOUDWATCH_METRICS.requests,
  serverErrors: MESH_CLOUDWATCH_METRICS.serverErrors,
  latency: MESH_CLOUDWATCH_METRICS.latencyP95,
  withinLatencyBound: MESH_CLOUDWATCH_METRICS.withinLatencyBound,
} as const;
/** Default namespace of the kube-prometheus-stack release. */
const DEFAULT_KUBERNETES_NAMESPACE = 'monitoring';

/** The mesh host of a service, as ServiceMeshCanary names it. */
export function serviceHost(service: PlatformService): string {
  return `${service.name}.${service.namespace}.svc.cluster.local`;
}

/**
 * The one SNS topic name of a severity in a region: `<environment>-<region>-<severity>`, as
 * MonitoringStack's AlertTopics names it.
 */
export function alertTopicName(environment: string, region: string, severity: Severity): string {
  return severityTopicName(`${environment}-${region}`, severity);
}

/**
 * The actions GeoDnsRouting gives every one of its alarms when the environment is monitored: the
 * info topic of the us-east-1 MonitoringStack, by ARN in the global stack's own account and region
 * (no cross-stack reference; the global stack is in us-east-1 too). MonitoringStack then adds the
 * warning action to the endpoint and routing alarms; the health-check feeders (hold-down, routing
 * switch) keep the info action only, so no alarm of the global stack is left without one and no
 * alarm pages twice on one topic.
 */
export function dnsAlarmActionsOf(environment: Environment): cloudwatch.IAlarmAction[] | undefined {
  if (!environment.monitoring) return undefined;
  return [AlertTargets.byName(`${environment.name}-${GLOBAL_STACK_REGION}`).actionOf(Severity.INFO)];
}

/**
 * Every rule of the monitoring composition, over every environment, reported together.
 * `dnsAlarmActionsGiven`: the platform's `dnsAlarmActions` prop is set.
 */
export function validateMonitoringComposition(environments: readonly Environment[], dnsAlarmActionsGiven: boolean): void {
  const c = new ValidationCollector('platform');
  const monitored = environments.filter((e) => e.monitoring);
  c.check(() => {
    if (dnsAlarmActionsGiven && monitored.length > 0) {
      invalid('platform', 'dnsAlarmActions', 'actions', `unset when environments carry "monitoring" (${monitored.map((e) => e.name).join(', ')}): their MonitoringStack gives the DNS alarms their actions`);
    }
  });
  const budgetsByAccount = new Map<string, string[]>();
  for (const e of monitored) if (e.monitoring!.budgets) budgetsByAccount.set(e.account, [...(budgetsByAccount.get(e.account) ?? []), e.name]);
  c.checkEach([...budgetsByAccount], ([account, names]) => {
    if (names.length > 1) invalid('environments', 'monitoring.budgets', names, `budgets in at most one environment per account (account ${account}): they cover the whole account`);
  });
  c.checkEach(monitored, (e) => {
    const path = `environments.${e.name}`;
    const ec = new ValidationCollector(path);
    ec.check(() => {
      const regions = e.regions.map((r) => r.region);
      if (e.services.some((s) => s.publication.isPublic) && !regions.includes(GLOBAL_STACK_REGION)) {
        invalid(path, 'regions', regions, `a list including ${GLOBAL_STACK_REGION} for a monitored environment with public services: Route 53 health-check alarms live there and notify that region's MonitoringStack topics`);
      }
    });
    ec.check(() => {
      const url = e.monitoring!.runbookBaseUrl;
      if (!/^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(url) || url.endsWith('/')) invalid(path, 'monitoring.runbookBaseUrl', url, 'an https URL without a trailing slash');
    });
    ec.checkEach(e.services, (s) => {
      if (s.tracingSamplingPercent === undefined) {
        invalid(`${path}.services.${s.name}`, 'tracingSamplingPercent', undefined, 'a percentage (0–100) on the service or in serviceDefaults: the services model is the one place sampling is set');
      }
    });
    ec.checkEach(e.services.flatMap((s) => s.slos.map((slo, i) => ({ s, slo, i }))), ({ s, slo, i }) => {
      const p = `${path}.services.${s.name}`;
      if (slo.indicator === 'latency' && slo.latencyThreshold === undefined) invalid(p, `slos[${i}].latencyThreshold`, undefined, 'a threshold for a latency SLO (one of the mesh histogram\'s bucket bounds, e.g. 1000 ms)');
      if (slo.indicator === 'availability' && slo.latencyThreshold !== undefined) invalid(p, `slos[${i}].latencyThreshold`, slo.latencyThreshold.toHumanString(), 'unset for an availability SLO');
    });
    ec.throwIfAny();
  });
  c.throwIfAny();
}

/** CloudWatch metrics of a service in a region, where the environment publishes them. */
function serviceMetrics(settings: EnvironmentMonitoringSettings, service: PlatformService, region: string): ServiceCloudWatchMetrics | undefined {
  const namespace = settings.serviceMetricsNamespace;
  if (namespace === undefined) return undefined;
  return {
    requests: serviceMetric(namespace, service, region, SERVICE_EMF_METRICS.requests),
    serverErrors: serviceMetric(namespace, service, region, SERVICE_EMF_METRICS.serverErrors),
    latency: serviceMetric(namespace, service, region, SERVICE_EMF_METRICS.latency),
    // The collector's p95 is a gauge already.
    latencyStatistic: 'Average',
  };
}

/** One of a service's collector metrics, dimensioned as the collector publishes it. */
function serviceMetric(namespace: string, service: PlatformService, region: string, metricName: string, extra: Record<string, string> = {}): cloudwatch.Metric {
  const [serviceDimension, namespaceDimension] = MESH_CLOUDWATCH_DIMENSIONS;
  return new cloudwatch.Metric({ namespace, metricName, dimensionsMap: { [serviceDimension]: service.name, [namespaceDimension]: service.namespace, ...extra }, region });
}

/** An SLO of the services model, as MonitoringStack's SLO type: Istio's metrics on the Prometheus side. */
function sloOf(settings: EnvironmentMonitoringSettings, service: PlatformService, region: string, slo: ServiceSloDescription, metrics: ServiceCloudWatchMetrics | undefined): ServiceLevelObjective {
  const selector = `reporter="destination",destination_service="${serviceHost(service)}"`;
  const indicator = slo.indicator === 'availability'
    ? SloIndicator.availability({
      prometheus: {
        errorQuery: `sum(rate(${ISTIO_REQUESTS}{${selector},response_code=~"5.."}[{{.window}}]))`,
        totalQuery: `sum(rate(${ISTIO_REQUESTS}{${selector}}[{{.window}}]))`,
      },
      cloudWatch: metrics ? { errors: metrics.serverErrors, total: metrics.requests } : undefined,
    })
    // The services model carries cdk8s durations; the SLO type takes aws-cdk-lib's.
    : SloIndicator.latency({
      threshold: Duration.millis(slo.latencyThreshold!.toMilliseconds()),
      histogram: ISTIO_DURATION_MS,
      histogramUnit: 'milliseconds',
      selector,
      // Requests within the threshold's bucket over all requests, both counters (Sum).
      cloudWatchWithinThreshold: metrics && settings.serviceMetricsNamespace !== undefined ? {
        within: serviceMetric(settings.serviceMetricsNamespace, service, region, SERVICE_EMF_METRICS.withinLatencyBound, { [LATENCY_BOUND_DIMENSION]: String(slo.latencyThreshold!.toMilliseconds()) }),
        total: metrics.requests,
      } : undefined,
    });
  return {
    name: slo.name,
    service: service.name,
    objective: slo.objectivePercent,
    indicator,
    runbookUrl: `${settings.runbookBaseUrl}/slo/${service.name}-${slo.name}`,
    description: slo.indicator === 'availability'
      ? `${service.name}: ${slo.objectivePercent} % of requests answer without a server error`
      : `${service.name}: ${slo.objectivePercent} % of requests answer within ${slo.latencyThreshold!.toMilliseconds()} ms`,
  };
}

/** The services running in a region, as MonitoringStack watches them (derived from the services model). */
export function monitoredServices(environment: Environment, region: string): MonitoredService[] {
  const settings = environment.monitoring!;
  return environment.services.filter((s) => s.regions.includes(region)).map((s) => {
    const cloudWatch = serviceMetrics(settings, s, region);
    return {
      name: s.name,
      namespace: s.namespace,
      host: serviceHost(s),
      cloudWatch,
      slos: s.slos.map((slo) => sloOf(settings, s, region, slo, cloudWatch)),
      runbookUrl: `${settings.runbookBaseUrl}/services/${s.name}`,
      tracingSamplingPercent: s.tracingSamplingPercent,
    };
  });
}

/** The environment's routing in a region's stack: PagerDuty's secret is referenced there (secrets are regional). */
export function alertRoutingOf(scope: Construct, environment: Environment): AlertRouting {
  const settings = environment.monitoring!;
  const slack = AlertReceiver.slack(settings.slack);
  if (!settings.pagerDuty) return AlertRouting.slackOnly(slack);
  const pd = settings.pagerDuty;
  return AlertRouting.paging({
    slack,
    pagerDuty: AlertReceiver.pagerDuty({
      integrationKeySecret: secretsmanager.Secret.fromSecretNameV2(scope, 'PagerDutyIntegrationKey', pd.integrationKeySecretName),
      integrationKeyField: pd.integrationKeyField,
      kubernetesRoutingKey: pd.kubernetesRoutingKey,
    }),
  });
}

/**
 * MultiRegionDr's signals of one region, through MonitoringStack's interfaces: its failover
 * triggers as they are (structurally an `IFailoverTriggerSource`) and its replication signals as
 * `ReplicationMetric`s (one alarm each, at the lag the RPO budget assumes).
 */
export function multiRegionDrSignals(
  dr: DrSignalsProvider,
  region: string,
  runbookUrl: string,
): RegionDrSignals {
  const replication = dr.replicationSignals.filter((r) => r.region === region).map((r): IReplicationSignalSource => ({
    replicationMetrics: r.signals.map((s): ReplicationMetric => {
      if (!(s.metric instanceof cloudwatch.Metric || s.metric instanceof cloudwatch.MathExpression)) {
        invalid(`dr.${region}`, `replicationSignals.${s.storeName}.metric`, s.metric.toString(), 'a cloudwatch.Metric or MathExpression (an alarm is built on it)');
      }
      // The store name becomes the alarm's name and label: a token there would render as a different
      // placeholder on every synth (and name nothing a reader recognises).
      if (Token.isUnresolved(s.storeName)) {
        invalid(`dr.${region}`, 'replicationSignals[].storeName', s.storeName, 'the store\'s deterministic physical name, not a token (it names the replication-lag alarm)');
      }
      return {
        name: `${s.store}-${s.storeName}-${s.destinationRegion}-lag`.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
        region: r.region,
        metric: s.metric as WatchedMetric,
        threshold: s.threshold,
        severity: Severity.WARNING,
        runbookUrl,
      };
    }),
  }));
  return { failoverTriggers: dr.triggers.filter((t) => t.region === region), replication };
}

/** What the DR adapter reads of a MultiRegionDr. */
export interface DrSignalsProvider {
  readonly triggers: readonly IFailoverTriggers[];
  readonly replicationSignals: readonly IReplicationSignals[];
}

/**
 * A `DrSignalsSource` over one MultiRegionDr per environment (by environment name): the one line
 * that connects a DR composition, e.g. `drSignals: props.drSignals ?? drSignalsFrom(drByEnvironment)`.
 * Replication alarms link to `<runbookBaseUrl>/dr`.
 */
export function drSignalsFrom(drByEnvironment: ReadonlyMap<string, DrSignalsProvider>): DrSignalsSource {
  return (environment, region) => {
    const dr = drByEnvironment.get(environment.name);
    return dr && environment.monitoring ? multiRegionDrSignals(dr, region, `${environment.monitoring.runbookBaseUrl}/dr`) : undefined;
  };
}

/**
 * Every environment with `monitoring` gets a MonitoringStack in each region (the us-east-1 one
 * also watches the global stack's Route 53 alarms), its global view in the global stack, and the
 * Kubernetes half in each cluster (chart `monitoring`). Budgets go to the primary region of the
 * environment that carries them.
 */
export function composeMonitoring(inputs: MonitoringCompositionInputs): PlatformMonitoring {
  const regional = new Map<string, MonitoringStack>();
  const globalViews = new Map<string, MonitoringGlobalView>();
  const clusters = new Map<string, KubernetesMonitoring>();
  for (const environment of inputs.environments) {
    const settings = environment.monitoring;
    if (!settings) continue;
    const regions = environment.regions.map((r) => r.region);
    const global = inputs.globals.get(environment.name)!;
    for (const placement of environment.regions) {
      const key = `${environment.name}/${placement.region}`;
      const stack = inputs.stacks.get(key)!;
      const routing = alertRoutingOf(stack, environment);
      const services = monitoredServices(environment, placement.region);
      const dr = inputs.drSignals?.(environment, placement.region);
      const dns = placement.region === GLOBAL_STACK_REGION ? [...global.routings.values()] : [];
      const serviceMonitoring = inputs.serviceStacks ? shardMonitoring(inputs.serviceStacks, environment, placement.region, services, endpointAlarmsOf(dns, placement.region)) : undefined;
      const monitoring = new MonitoringStack(stack, 'Monitoring', {
        environment: environment.name,
        environmentRegions: regions,
        routing,
        runbookUrl: settings.runbookBaseUrl,
        backupVaults: [stack.backupVault],
        dns,
        failoverTriggers: dr?.failoverTriggers,
        replication: dr?.replication,
        services,
        serviceMonitoring,
        budgets: placement.role.isPrimary ? settings.budgets : undefined,
        retain: environment.profile.statefulRemovalPolicy !== RemovalPolicy.DESTROY,
      });
      regional.set(key, monitoring);
      const cluster = addMonitoringChart(inputs.clusters.get(key)!, environment, placement, routing, services);
      clusters.set(key, cluster);
      composeMeshMetricsCollector({ environment, region: placement.region, stack, chart: cdk8s.Chart.of(cluster), namespace: settings.kubernetesNamespace ?? DEFAULT_KUBERNETES_NAMESPACE, services });
    }
    globalViews.set(environment.name, new MonitoringGlobalView(global, 'Monitoring', {
      environment: environment.name,
      environmentRegions: regions,
      regional: environment.regions.map((r) => regional.get(`${environment.name}/${r.region}`)!.summary),
      cost: settings.budgets !== undefined,
    }));
  }
  return { regional, globalViews, clusters };
}

/**
 * The CloudWatch alarms of a region's services, one ServiceMonitoring per services stack (the
 * shard of each service), notifying the region's topics by name. Where the region has endpoint
 * health checks, each shard correlates them with its own SLOs (info; the regional
 * `<env>-<region>-region-degraded` composite over the shards' parts pages).
 */
function shardMonitoring(
  serviceStacks: ReadonlyMap<string, ServicesStack>,
  environment: Environment,
  region: string,
  services: readonly MonitoredService[],
  endpointAlarms: readonly cloudwatch.IAlarm[],
): ServiceMonitoring[] {
  const settings = environment.monitoring!;
  const prefix = `${environment.name}-${region}`;
  const shardOfService = new Map(environment.services.map((s) => [s.name, s.shard]));
  const shards = [...new Set(services.map((s) => shardOfService.get(s.name)!))].sort((a, b) => a - b);
  return shards.map((shard) => serviceStacks.get(`${environment.name}/${region}/${shard}`)!.addMonitoring({
    environment: environment.name,
    services: services.filter((s) => shardOfService.get(s.name) === shard),
    targets: AlertTargets.byName(prefix),
    runbookUrl: settings.runbookBaseUrl,
    correlation: endpointAlarms.length > 0
      ? { endpointAlarms, alarmName: `${prefix}-region-degraded-services${shard}`, severity: Severity.INFO, runbookUrl: settings.runbookBaseUrl }
      : undefined,
  }));
}

/** The cluster's `monitoring` chart: rules, Alertmanager routing, dashboards, scrape targets and tracing. */
function addMonitoringChart(app: cdk8s.App, environment: Environment, placement: RegionPlacement, routing: AlertRouting, services: readonly MonitoredService[]): KubernetesMonitoring {
  const chart = new cdk8s.Chart(app, 'monitoring', { disableResourceNameHashes: true });
  return new KubernetesMonitoring(chart, 'Monitoring', {
    environment: environment.name,
    region: placement.region,
    release: environment.mesh.monitoringRelease,
    namespace: environment.monitoring!.kubernetesNamespace ?? DEFAULT_KUBERNETES_NAMESPACE,
    routing,
    services,
    runbookUrl: environment.monitoring!.runbookBaseUrl,
  });
}
