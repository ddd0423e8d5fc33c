// MonitoringStack's AWS half in an app of its own (cdk-monitoring-constructs, no cdk8s installed):
// a vault's backup jobs and a service's SLO, critical to PagerDuty and warning to Slack.
import { App, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlertReceiver, AlertRouting, MonitoringStack, SloIndicator } from 'resilience-constructs/monitoring-stack';
import { report } from './report';

const app = new App({ builtinCloudFormationValidation: false });
const stack = new Stack(app, 'Monitoring', { env: { account: '123456789012', region: 'us-east-1' } });
const m = (metricName: string) => new cloudwatch.Metric({ namespace: 'Resilience/Mesh', metricName, dimensionsMap: { Service: 'api', Namespace: 'api' } });
new MonitoringStack(stack, 'Monitoring', {
  environment: 'prod',
  environmentRegions: ['us-east-1'],
  routing: AlertRouting.paging({
    pagerDuty: AlertReceiver.pagerDuty({ integrationKeySecret: secretsmanager.Secret.fromSecretNameV2(stack, 'PagerDuty', 'platform/pagerduty'), kubernetesRoutingKey: { name: 'alertmanager-pagerduty', key: 'routing-key' } }),
    slack: AlertReceiver.slack({ workspaceId: 'T0123456789', channelId: 'C0123456789', channelName: '#platform-alerts', kubernetesWebhookUrl: { name: 'alertmanager-slack', key: 'webhook-url' } }),
  }),
  runbookUrl: 'https://runbooks.example.com/platform',
  backupVaults: [{
    vault: new backup.BackupVault(stack, 'Vault', { backupVaultName: 'prod-us-east-1-backup' }),
    notificationTopic: new sns.Topic(stack, 'VaultEvents', { enforceSSL: true, masterKey: new kms.Key(stack, 'VaultEventsKey', { enableKeyRotation: true }) }),
  }],
  services: [{
    name: 'api',
    namespace: 'api',
    host: 'api.api.svc.cluster.local',
    runbookUrl: 'https://runbooks.example.com/api',
    cloudWatch: { requests: m('RequestCount'), serverErrors: m('Http5xxCount'), latency: m('RequestLatency') },
    slos: [{
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
    }],
  }],
});
report(app);
