import { App, Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FailbackMode, GeoDnsRouting } from '../../lib/geo-dns-routing';
import {
  AlertReceiver, AlertRouting, CostBudgetPlan, MonitoredService, MonitoringGlobalView, MonitoringStack, MonitoringStackProps, SloIndicator,
} from '../../lib/monitoring-stack';
import { dnsEndpoints, latencyFailover, ZONE, HOSTNAME } from '../geo-dns-routing/fixtures';

export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
export const RUNBOOK = 'https://runbooks.example.com/platform';
export const ACCOUNT = '123456789012';

export function slack(): AlertReceiver {
  return AlertReceiver.slack({ workspaceId: 'T0123456789', channelId: 'C0123456789', channelName: '#platform-alerts', kubernetesWebhookUrl: { name: 'alertmanager-slack', key: 'webhook-url' } });
}

export function pagerDuty(stack: Stack): AlertReceiver {
  return AlertReceiver.pagerDuty({
    integrationKeySecret: secretsmanager.Secret.fromSecretNameV2(stack, 'PagerDutySecret', 'platform/pagerduty'),
    kubernetesRoutingKey: { name: 'alertmanager-pagerduty', key: 'routing-key' },
  });
}

/** A mesh service with CloudWatch metrics in `ContainerInsights/Prometheus`-like EMF form and two SLOs. */
export function apiService(region = 'us-east-1'): MonitoredService {
  const m = (metricName: string) => new cloudwatch.Metric({ namespace: 'Resilience/Mesh', metricName, dimensionsMap: { Service: 'api', Namespace: 'api' }, region });
  return {
    name: 'api',
    namespace: 'api',
    host: 'api.api.svc.cluster.local',
    runbookUrl: 'https://runbooks.example.com/api',
    cloudWatch: { requests: m('RequestCount'), serverErrors: m('Http5xxCount'), latency: m('RequestLatency') },
    slos: [
      {
        name: 'requests-availability',
        service: 'api',
        objective: 99.9,
        description: 'API requests answer without a server error.',
        runbookUrl: 'https://runbooks.example.com/slo/api-availability',
        indicator: SloIndicator.availability({
          prometheus: {
            errorQuery: 'sum(rate(istio_requests_total{destination_service="api.api.svc.cluster.local",response_code=~"5.."}[{{.window}}]))',
            totalQuery: 'sum(rate(istio_requests_total{destination_service="api.api.svc.cluster.local"}[{{.window}}]))',
          },
          cloudWatch: { errors: m('Http5xxCount'), total: m('RequestCount') },
        }),
      },
      {
        name: 'requests-latency',
        service: 'api',
        objective: 99,
        description: 'API requests answer within 1000 ms.',
        runbookUrl: 'https://runbooks.example.com/slo/api-latency',
        indicator: SloIndicator.latency({
          threshold: Duration.millis(1000),
          histogram: 'istio_request_duration_milliseconds',
          histogramUnit: 'milliseconds',
          selector: 'destination_service="api.api.svc.cluster.local"',
          cloudWatchLatency: m('RequestLatency'),
        }),
      },
    ],
  };
}

export interface Fixture {
  readonly app: App;
  readonly stack: Stack;
  /** The DNS stack (us-east-1 only). */
  readonly dnsStack?: Stack;
  readonly routing?: GeoDnsRouting;
  readonly monitoring: MonitoringStack;
  readonly trigger: cloudwatch.Alarm;
}

/** Prod's monitoring in every region plus its global view, in one app. */
export function environmentFixture(app: App, regions: readonly string[] = REGIONS): { regional: Fixture[]; global: Stack; view: MonitoringGlobalView } {
  const regional = regions.map((r) => fixture(app, {}, r));
  const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const view = new MonitoringGlobalView(global, 'View', { environment: 'prod', environmentRegions: REGIONS, regional: regional.map((f) => f.monitoring.summary), cost: true });
  return { regional, global, view };
}

/**
 * A us-east-1 monitoring stack watching a vault, a GeoDnsRouting (in its own stack, with the
 * operator switch), a DR failover trigger and replication metric, the API service, and budgets.
 */
export function fixture(app: App, overrides: Partial<MonitoringStackProps> = {}, region = 'us-east-1'): Fixture {
  const env = { account: ACCOUNT, region };
  const dnsStack = region === 'us-east-1' ? new Stack(app, 'Dns', { env }) : undefined;
  const routing = dnsStack && new GeoDnsRouting(dnsStack, 'Routing', { zone: ZONE, hostname: HOSTNAME, routing: latencyFailover(), endpoints: dnsEndpoints(), failback: FailbackMode.operatorSwitch({ holdDown: Duration.hours(4) }) });
  const stack = new Stack(app, `Monitoring-${region}`, { env });
  const vault = new backup.BackupVault(stack, 'Vault', { backupVaultName: `prod-${region}-backup` });
  const vaultKey = new kms.Key(stack, 'VaultTopicKey', { enableKeyRotation: true });
  vaultKey.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['kms:CreateGrant'], resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  const vaultTopic = new sns.Topic(stack, 'VaultTopic', { enforceSSL: true, masterKey: vaultKey });
  const trigger = new cloudwatch.Alarm(stack, 'DbFailureTrigger', {
    alarmName: `prod-${region}-dr-database-failure`,
    metric: new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName: 'DatabaseConnections', dimensionsMap: { DBClusterIdentifier: 'orders' } }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 3,
  });
  const monitoring = new MonitoringStack(stack, 'Monitoring', {
    environment: 'prod',
    environmentRegions: REGIONS,
    routing: AlertRouting.paging({ pagerDuty: pagerDuty(stack), slack: slack() }),
    runbookUrl: RUNBOOK,
    backupVaults: [{ vault, notificationTopic: vaultTopic }],
    dns: routing ? [routing] : [],
    failoverTriggers: [{ alarms: [trigger] }],
    replication: [{
      replicationMetrics: [{
        name: 'assets-bucket-replication-latency',
        region,
        metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'ReplicationLatency', dimensionsMap: { SourceBucket: 'assets', DestinationBucket: 'assets-replica', RuleId: 'rtc' }, statistic: 'Maximum', period: Duration.minutes(5) }),
        threshold: 900,
        runbookUrl: 'https://runbooks.example.com/dr/s3',
      }],
    }],
    services: [apiService(region)],
    budgets: region === 'us-east-1' ? CostBudgetPlan.seeds() : undefined,
    retain: true,
    ...overrides,
  });
  return { app, stack, dnsStack, routing, monitoring, trigger };
}
