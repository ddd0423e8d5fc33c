import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeFinding, denyGrantsNotForAwsResources } from '../core';
import { AlertReceiver, AlertRouting } from './alert-routing';
import { Severity } from './severity';

/** Which AWS services may publish to the topics, each conditioned on this account and its own ARNs. */
export interface AlertTopicSources {
  /** CloudWatch alarms of this region. Always on. */
  readonly budgets: boolean;
  readonly costAnomalyDetection: boolean;
}

export interface AlertTopicsProps {
  /** `<environment>-<region>`, the prefix of the topic names. */
  readonly namePrefix: string;
  readonly routing: AlertRouting;
  readonly sources: AlertTopicSources;
  /** Retain keys and topics on deletion (prod). */
  readonly retain: boolean;
  /** Extra topics (e.g. backup vaults' failure topics) that Slack's warning channel also reads. */
  readonly extraSlackTopics: readonly sns.ITopic[];
}

/** PagerDuty's Amazon CloudWatch integration endpoint; SNS POSTs the alarm JSON to it. */
export function pagerDutyEndpoint(integrationKey: string): string {
  return `https://events.pagerduty.com/integration/${integrationKey}/enqueue`;
}

/**
 * One SNS topic per severity, each encrypted with its own customer-managed key, publishable only
 * by CloudWatch alarms (and Budgets / Cost Anomaly Detection where asked) of this account, with
 * the severity's receivers subscribed.
 */
export class AlertTopics extends Construct {
  public readonly topics: ReadonlyMap<Severity, sns.Topic>;
  public readonly keys: ReadonlyMap<Severity, kms.Key>;
  public readonly slackChannels: readonly chatbot.SlackChannelConfiguration[];

  constructor(scope: Construct, id: string, props: AlertTopicsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const topics = new Map<Severity, sns.Topic>();
    const keys = new Map<Severity, kms.Key>();
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    for (const severity of Severity.all()) {
      const topicName = `${props.namePrefix}-${severity.name}`;
      const key = new kms.Key(this, `${severity.title}Key`, {
        description: `Encrypts the ${severity.name} alert topic ${topicName}`,
        enableKeyRotation: true,
        removalPolicy,
        pendingWindow: Duration.days(30),
      });
      // Control Tower CT.KMS.PR.3: grants only for AWS resources or from AWS services.
      key.addToResourcePolicy(denyGrantsNotForAwsResources());
      const topic = new sns.Topic(this, `${severity.title}Topic`, { topicName, masterKey: key, enforceSSL: true });
      topic.applyRemovalPolicy(removalPolicy);
      for (const source of publishers(stack, props.sources)) {
        // The publisher needs the topic's key to encrypt (SNS developer guide, "Enable compatibility
        // between event sources from AWS services and encrypted topics").
        key.addToResourcePolicy(new iam.PolicyStatement({
          sid: `Allow${source.sid}ToUseTheKey`,
          principals: [new iam.ServicePrincipal(source.principal)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: source.conditions,
        }));
        topic.addToResourcePolicy(new iam.PolicyStatement({
          sid: `Allow${source.sid}ToPublish`,
          principals: [new iam.ServicePrincipal(source.principal)],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: source.conditions,
        }));
      }
      topics.set(severity, topic);
      keys.set(severity, key);
    }

    // PagerDuty: one HTTPS subscription per topic routed to it. The integration key is in the URL
    // path (that is what PagerDuty's CloudWatch integration accepts); the template holds only a
    // `{{resolve:secretsmanager:…}}` dynamic reference, resolved by CloudFormation at deploy time.
    // SNS stores the endpoint: principals allowed `sns:ListSubscriptionsByTopic` can read it.
    for (const severity of Severity.all()) {
      for (const receiver of props.routing.receiversOf(severity)) {
        if (receiver.kind !== 'pagerduty') continue;
        const o = receiver.pagerDutyOptions!;
        const keyValue = o.integrationKeySecret.secretValueFromJson(o.integrationKeyField ?? 'integrationKey').unsafeUnwrap();
        new sns.Subscription(this, `${severity.title}PagerDuty`, {
          topic: topics.get(severity)!,
          protocol: sns.SubscriptionProtocol.HTTPS,
          endpoint: pagerDutyEndpoint(keyValue),
        });
      }
    }

    // Slack: one Chatbot channel configuration per channel, reading every topic routed to it.
    const byChannel = new Map<string, { receiver: AlertReceiver; topics: sns.ITopic[] }>();
    for (const severity of Severity.all()) {
      for (const receiver of props.routing.receiversOf(severity)) {
        if (receiver.kind !== 'slack') continue;
        const entry = byChannel.get(receiver.id) ?? { receiver, topics: [] };
        entry.topics.push(topics.get(severity)!);
        byChannel.set(receiver.id, entry);
      }
    }
    const warningSlack = props.routing.receiversOf(Severity.WARNING).find((r) => r.kind === 'slack');
    if (warningSlack) byChannel.get(warningSlack.id)!.topics.push(...props.extraSlackTopics);

    const guardrail = new iam.ManagedPolicy(this, 'ChatbotGuardrail', {
      description: 'Chat channel guardrail: read alarms and metrics only',
      statements: [
        new iam.PolicyStatement({
          actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'],
          resources: [stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
        // GetMetricData and GetMetricWidgetImage do not support resource-level permissions.
        new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'], resources: ['*'] }),
      ],
    });
    // cdk-nag names an unresolved pseudo parameter `<AWS::…>`; a token in the id would break synth
    // of an app without `@aws-cdk/core:enablePartitionLiterals` (metadata keys must be strings).
    const literal = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
    acknowledgeFinding(guardrail, `AwsSolutions-IAM5[Resource::arn:${literal(stack.partition, 'AWS::Partition')}:cloudwatch:${literal(stack.region, 'AWS::Region')}:${literal(stack.account, 'AWS::AccountId')}:alarm:*]`,
      'The chat channel may describe any alarm of this region and account (the channel shows every alarm routed to it); the actions are read-only.');
    acknowledgeFinding(guardrail, 'AwsSolutions-IAM5[Resource::*]',
      'cloudwatch:GetMetricData and GetMetricWidgetImage do not support resource-level permissions (Service Authorization Reference, Amazon CloudWatch); both are read-only.');
    this.slackChannels = [...byChannel.values()].map(({ receiver, topics: channelTopics }) => {
      const o = receiver.slackOptions!;
      return new chatbot.SlackChannelConfiguration(this, `Slack-${o.channelId}`, {
        slackChannelConfigurationName: `${props.namePrefix}-${o.channelId}`.slice(0, 128),
        slackWorkspaceId: o.workspaceId,
        slackChannelId: o.channelId,
        notificationTopics: channelTopics,
        guardrailPolicies: [guardrail],
        loggingLevel: chatbot.LoggingLevel.ERROR,
        userRoleRequired: true,
      });
    });
    this.topics = topics;
    this.keys = keys;
  }
}

interface Publisher {
  readonly sid: string;
  readonly principal: string;
  readonly conditions: Record<string, Record<string, unknown>>;
}

function publishers(stack: Stack, sources: AlertTopicSources): Publisher[] {
  const account = { 'aws:SourceAccount': stack.account };
  const list: Publisher[] = [
    {
      sid: 'CloudWatchAlarms',
      principal: 'cloudwatch.amazonaws.com',
      conditions: { StringEquals: account, ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` } },
    },
  ];
  // Budgets and Cost Anomaly Detection (SNS topic policies in the AWS Billing and Cost Management guides).
  if (sources.budgets) {
    list.push({ sid: 'Budgets', principal: 'budgets.amazonaws.com', conditions: { StringEquals: account, ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:budgets::${stack.account}:*` } } });
  }
  if (sources.costAnomalyDetection) {
    list.push({ sid: 'CostAnomalyDetection', principal: 'costalerts.amazonaws.com', conditions: { StringEquals: account, ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:ce::${stack.account}:anomalysubscription/*` } } });
  }
  return list;
}
