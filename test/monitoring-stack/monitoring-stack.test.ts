import { Match, Template } from 'aws-cdk-lib/assertions';
import { AlertRouting, Severity } from '../../lib/monitoring-stack';
import { unitTestApp } from '../support/app';
import { fixture, slack } from './fixtures';

describe('MonitoringStack (AWS)', () => {
  const f = fixture(unitTestApp());
  const t = Template.fromStack(f.stack);
  const dns = Template.fromStack(f.dnsStack!);
  const ref = (severity: Severity) => ({ Ref: f.stack.getLogicalId(f.monitoring.topicOf(severity).node.defaultChild as never) });

  test('one topic per severity, each encrypted with its own customer-managed key with rotation', () => {
    t.resourceCountIs('AWS::SNS::Topic', 4); // three severities + the vault's own topic of the fixture
    for (const s of Severity.all()) {
      const key = f.monitoring.topics.keys.get(s)!;
      t.hasResourceProperties('AWS::SNS::Topic', { TopicName: `prod-us-east-1-${s.name}`, KmsMasterKeyId: { 'Fn::GetAtt': [f.stack.getLogicalId(key.node.defaultChild as never), 'Arn'] } });
    }
    t.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('topic and key policies admit CloudWatch, Budgets and Cost Anomaly Detection only from this account and their own ARNs', () => {
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToPublish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:*' } } }),
          Match.objectLike({ Sid: 'AllowBudgetsToPublish', Principal: { Service: 'budgets.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:budgets::123456789012:*' } } }),
          Match.objectLike({ Sid: 'AllowCostAnomalyDetectionToPublish', Principal: { Service: 'costalerts.amazonaws.com' } }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToUseTheKey', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '123456789012' } }) })]) },
    });
  });

  test('critical reaches PagerDuty through an HTTPS subscription whose key is a Secrets Manager dynamic reference', () => {
    t.resourceCountIs('AWS::SNS::Subscription', 1);
    t.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      TopicArn: ref(Severity.CRITICAL),
      Endpoint: 'https://events.pagerduty.com/integration/{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:platform/pagerduty:SecretString:integrationKey::}}/enqueue',
    });
  });

  test('Slack through AWS Chatbot reads every severity topic and the vault\'s failure topic, with a read-only guardrail', () => {
    t.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123456789',
      SlackChannelId: 'C0123456789',
      UserRoleRequired: true,
      SnsTopicArns: Match.arrayWith([ref(Severity.CRITICAL), ref(Severity.WARNING), ref(Severity.INFO)]),
      GuardrailPolicies: [Match.anyValue()],
    });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'] })]) } });
  });

  // A Metrics Insights query without SCHEMA() reads every dimension set AWS Backup publishes the
  // metric under (by resource type and vault); an alarm pinned to one set would never fire on another.
  const query = (expression: unknown) => ({ Metrics: [Match.objectLike({ Expression: expression, Period: 3600, ReturnData: true })] });

  test('backup: failed and expired backup and copy jobs per vault, failed restores, each routed by severity', () => {
    for (const [metric, severity] of [['NumberOfBackupJobsFailed', Severity.CRITICAL], ['NumberOfBackupJobsExpired', Severity.WARNING], ['NumberOfCopyJobsFailed', Severity.CRITICAL]] as const) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...query(Match.objectLike({ 'Fn::Join': ['', [`SELECT SUM(${metric}) FROM "AWS/Backup" WHERE BackupVaultName = '`, Match.anyValue(), "'"]] })),
        Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching', AlarmActions: [ref(severity)],
      });
    }
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { ...query('SELECT SUM(NumberOfRestoreJobsFailed) FROM "AWS/Backup"'), Threshold: 0, AlarmActions: [ref(Severity.CRITICAL)] });
  });

  test('backup: no alarm is pinned to a single AWS/Backup dimension set', () => {
    const pinned = Object.values(t.findResources('AWS::CloudWatch::Alarm')).filter((a) => a.Properties.Namespace === 'AWS/Backup');
    expect(pinned).toEqual([]);
  });

  test('services: anomaly bands of 2 standard deviations on request rate and p95, p95 above the seeds\' 1000 ms, 5xx ratio', () => {
    t.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('^ANOMALY_DETECTION_BAND\\(.*,2\\)$') })]) }, 2);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-us-east-1-service-api-LatencyP95-Warning', ExtendedStatistic: 'p95', Threshold: 1000, AlarmActions: [ref(Severity.WARNING)] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-us-east-1-service-api-ServerErrorRatio-Critical', Threshold: 5, AlarmActions: [ref(Severity.CRITICAL)], Metrics: Match.arrayWith([Match.objectLike({ Expression: '100 * errors / requests' })]) });
  });

  test('SLOs: one metric-math alarm per burn-rate window (period = window) at factor × budget, combined into page and ticket composites', () => {
    const windows = [[14.4, 300], [14.4, 3600], [6, 1800], [6, 21600], [3, 7200], [3, 86400], [1, 21600], [1, 259200]];
    for (const [factor, seconds] of windows) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `prod-us-east-1-slo-api-requests-availability-burn-${String(factor).replace('.', '_')}x-${seconds}s-Info`,
        Threshold: Number((factor * 0.001).toPrecision(12)),
        EvaluationPeriods: 1,
        Metrics: Match.arrayWith([Match.objectLike({ Expression: 'errors / total' }), Match.objectLike({ MetricStat: Match.objectLike({ Period: seconds, Stat: 'Sum' }) })]),
      });
    }
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-us-east-1-slo-api-requests-latency-burn-14_4x-300s-Info', Metrics: Match.arrayWith([Match.objectLike({ MetricStat: Match.objectLike({ Stat: 'PR(:1000)' }) })]) });
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'prod-us-east-1-slo-api-requests-availability-page', AlarmActions: [ref(Severity.CRITICAL)], ActionsSuppressor: Match.anyValue() });
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'prod-us-east-1-slo-api-requests-availability-ticket', AlarmActions: [ref(Severity.WARNING)] });
  });

  test('a correlated failure pages once: the region composite (health check AND SLO page windows) suppresses the SLO pages', () => {
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'prod-us-east-1-region-degraded',
      AlarmActions: [ref(Severity.CRITICAL)],
      AlarmRule: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('ALARM\\("arn:aws:cloudwatch:us-east-1:123456789012:alarm:api.example.com-us-east-1-endpoint-unhealthy"\\)')])] },
    });
  });

  test('handed-in alarms get an action in their own stack (DNS health checks warning, DR triggers critical); health-check feeders are the named exceptions', () => {
    const warningArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':prod-us-east-1-warning']] };
    // (GeoDnsRouting built without alarmActions notifies its own topic too; monitoring adds its severity topic)
    const routingTopic = { Ref: f.dnsStack!.getLogicalId(f.routing!.alarmTopic!.node.defaultChild as never) };
    dns.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'api.example.com-us-west-2-endpoint-unhealthy', AlarmActions: [routingTopic, warningArn] });
    // the feeders keep only the routing's own action: monitoring pages on what they feed, not on them
    dns.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'api.example.com-us-west-2-routing-switch', AlarmActions: [routingTopic] });
    dns.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'api.example.com-us-west-2-hold-down', AlarmActions: [routingTopic] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-us-east-1-dr-database-failure', AlarmActions: [{ 'Fn::Join': ['', Match.arrayWith([':prod-us-east-1-critical'])] }] });
    expect(f.monitoring.healthCheckFeederAlarms).toHaveLength(6);
    expect(f.stack.dependencies).toContain(f.dnsStack!);
  });

  test('DR replication lag alarms at the handed-in threshold', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/S3', MetricName: 'ReplicationLatency', Threshold: 900, AlarmActions: [ref(Severity.WARNING)], TreatMissingData: 'breaching' });
  });

  test('budgets: the seeds\' $100K total, five tag splits and four AWS-service splits, notified on actual and forecast; a cost anomaly monitor with a subscription', () => {
    t.resourceCountIs('AWS::Budgets::Budget', 10);
    t.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetName: 'prod-total', BudgetLimit: { Amount: 100000, Unit: 'USD' }, BudgetType: 'COST', TimeUnit: 'MONTHLY' },
      NotificationsWithSubscribers: [
        { Notification: { NotificationType: 'ACTUAL', Threshold: 80, ComparisonOperator: 'GREATER_THAN', ThresholdType: 'PERCENTAGE' }, Subscribers: [{ SubscriptionType: 'SNS', Address: ref(Severity.WARNING) }] },
        { Notification: { NotificationType: 'ACTUAL', Threshold: 100, ComparisonOperator: 'GREATER_THAN', ThresholdType: 'PERCENTAGE' }, Subscribers: [{ SubscriptionType: 'SNS', Address: ref(Severity.CRITICAL) }] },
        { Notification: { NotificationType: 'FORECASTED', Threshold: 100, ComparisonOperator: 'GREATER_THAN', ThresholdType: 'PERCENTAGE' }, Subscribers: [{ SubscriptionType: 'SNS', Address: ref(Severity.WARNING) }] },
      ],
    });
    t.hasResourceProperties('AWS::Budgets::Budget', { Budget: Match.objectLike({ BudgetName: 'prod-service-machine-native-ops', BudgetLimit: { Amount: 40000, Unit: 'USD' }, CostFilters: { TagKeyValue: ['user:service$machine-native-ops'] } }) });
    t.hasResourceProperties('AWS::Budgets::Budget', { Budget: Match.objectLike({ BudgetName: 'prod-resource-compute', BudgetLimit: { Amount: 50000, Unit: 'USD' }, CostFilters: { Service: Match.arrayWith(['Amazon Elastic Compute Cloud - Compute']) } }) });
    t.hasResourceProperties('AWS::CE::AnomalyMonitor', { MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' });
    t.hasResourceProperties('AWS::CE::AnomalySubscription', { Frequency: 'IMMEDIATE', Subscribers: [{ Type: 'SNS', Address: ref(Severity.WARNING) }] });
  });

  test('stable identities: the logical IDs of the keys and topics', () => {
    const ids = Severity.all().flatMap((s) => [f.monitoring.topics.keys.get(s)!, f.monitoring.topicOf(s)].map((c) => f.stack.getLogicalId(c.node.defaultChild as never)));
    expect(ids).toEqual([
      'MonitoringTopicsCriticalKey1EECD67E', 'MonitoringTopicsCriticalTopicDEB0CC53',
      'MonitoringTopicsWarningKey3B386908', 'MonitoringTopicsWarningTopicFB0DA628',
      'MonitoringTopicsInfoKeyE2F63B83', 'MonitoringTopicsInfoTopicF872D0DC',
    ]);
  });

  test('retained keys and topics when asked (prod)', () => {
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    t.hasResource('AWS::SNS::Topic', { DeletionPolicy: 'Retain' });
  });

  test('dev and staging route everything to Slack: no PagerDuty subscription, every topic on the channel', () => {
    const dev = fixture(unitTestApp(), { routing: AlertRouting.slackOnly(slack()), budgets: undefined, retain: false });
    const d = Template.fromStack(dev.stack);
    d.resourceCountIs('AWS::SNS::Subscription', 0);
    d.resourceCountIs('AWS::Budgets::Budget', 0);
    d.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 1);
    d.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });
});
