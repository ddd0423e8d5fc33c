import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * An EventBridge target that publishes to a topic with a topic-policy statement conditioned on the
 * one rule that publishes (aws:SourceArn) and its account (aws:SourceAccount). aws-events-targets'
 * `SnsTopic` grants `events.amazonaws.com` on the topic and its key with no condition, which lets
 * any account's rule use them (the confused deputy); the key side is granted, with the same
 * conditions, in the vault key's policy.
 */
export class SourceConditionedTopicTarget implements events.IRuleTarget {
  constructor(
    private readonly topic: sns.ITopic,
    private readonly ruleArn: string,
    private readonly account: string,
  ) {}

  public bind(_rule: events.IRule, _id?: string): events.RuleTargetConfig {
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PublishFromTheFailureRuleOnly',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.ruleArn }, StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    return { arn: this.topic.topicArn, targetResource: this.topic };
  }
}
