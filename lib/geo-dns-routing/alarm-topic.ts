import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { denyGrantsNotForAwsResources } from '../core';

export interface DnsAlarmTopicProps {
  /** Prefix of the names of the alarms that may publish (`<prefix>-*`); must not contain `*` or `?`. */
  readonly alarmNamePrefix: string;
  /** What the topic is for, shown in the key's description and the topic's display name. */
  readonly hostname: string;
}

/**
 * The routing's own notification topic, used when no `alarmActions` are given: every health-check
 * and routing-switch alarm publishes its state changes here, and operators or a monitoring stack
 * subscribe to it. Encrypted with a customer-managed key; only CloudWatch alarms of this stack's
 * account and region whose names start with the routing's alarm prefix may publish or use the key.
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html (CloudWatch needs
 *   kms:Decrypt and kms:GenerateDataKey* to publish to an encrypted topic)
 * @see https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger (cloudwatch.amazonaws.com
 *   publishes alarm notifications; aws:SourceArn ArnLike the alarm ARN restricts which alarms)
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html (aws:SourceArn /
 *   aws:SourceAccount on the cloudwatch.amazonaws.com principal)
 */
export class DnsAlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  /** The alarm action publishing to the topic. */
  public readonly action: cloudwatch.IAlarmAction;

  constructor(scope: Construct, id: string, props: DnsAlarmTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cloudwatchPrincipal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    // Works for env-agnostic stacks too: account and region resolve to AWS::AccountId / AWS::Region.
    const source = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${props.alarmNamePrefix}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    };

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the Route 53 health-check alarm notifications of ${props.hostname}`,
      enableKeyRotation: true,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsEncryptNotifications',
        principals: [cloudwatchPrincipal],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: source,
      }),
    );
    // Control Tower CT.KMS.PR.3: grants only for AWS services acting on AWS resources.
    this.key.addToResourcePolicy(
      denyGrantsNotForAwsResources('CreateGrantOnlyForAwsServices'),
    );

    this.topic = new sns.Topic(this, 'Resource', {
      displayName: `Route 53 health of ${props.hostname}`.slice(0, 100),
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudwatchPrincipal],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: source,
      }),
    );
    this.action = new cloudwatchActions.SnsAction(this.topic);
  }
}
