import { Aws, Stack } from 'aws-cdk-lib';
import * as resiliencehub from 'aws-cdk-lib/aws-resiliencehub';
import { Construct } from 'constructs';
import { physicalName } from '../core';
import { RecoveryTier } from './recovery-tier';

/** Resilience Hub's tier name for each seed tier; explicit objectives have no Hub tier. */
const HUB_TIERS: Record<string, string> = { T1: 'MissionCritical', T2: 'Critical', T3: 'Important', T4: 'NonCritical' };

/** The disruption types a Resilience Hub policy sets objectives for. */
export const RESILIENCE_HUB_DISRUPTIONS = ['AZ', 'Hardware', 'Software', 'Region'] as const;

/**
 * The tier's objectives in AWS Resilience Hub, so the deployed system is assessed against the
 * numbers it was designed to: a resiliency policy with the tier's RTO/RPO for every disruption
 * type, and an app over this region's stack. Resilience Hub is regional, so each regional stack has
 * its own policy and app; the app maps its stack by `AWS::StackId` (no cross-stack reference).
 * @see https://docs.aws.amazon.com/resilience-hub/latest/userguide/resiliency-policies.html
 */
export class ResilienceHubObjectives extends Construct {
  public readonly policy: resiliencehub.CfnResiliencyPolicy;
  public readonly app: resiliencehub.CfnApp;

  constructor(scope: Construct, id: string, props: { environment: string; tier: RecoveryTier }) {
    super(scope, id);
    const stack = Stack.of(this);
    const objectives = { rtoInSecs: props.tier.rtoMinutes * 60, rpoInSecs: props.tier.rpoMinutes * 60 };
    const name = physicalName(props.environment, stack.region, 'dr');
    this.policy = new resiliencehub.CfnResiliencyPolicy(this, 'Policy', {
      policyName: name,
      policyDescription: `${props.environment}: ${props.tier.toHumanString()}`,
      tier: HUB_TIERS[props.tier.name] ?? 'NotApplicable',
      policy: Object.fromEntries(RESILIENCE_HUB_DISRUPTIONS.map((d) => [d, objectives])),
      dataLocationConstraint: 'AnyLocation',
    });
    this.app = new resiliencehub.CfnApp(this, 'App', {
      name,
      description: `${props.environment} in ${stack.region}, assessed against ${props.tier.name}`,
      resiliencyPolicyArn: this.policy.attrPolicyArn,
      appAssessmentSchedule: 'Daily',
      appTemplateBody: JSON.stringify({ resources: [], appComponents: [], excludedResources: {}, version: 2.0 }),
      resourceMappings: [{
        mappingType: 'CfnStack',
        physicalResourceId: { type: 'Arn', identifier: Aws.STACK_ID, awsRegion: stack.region, awsAccountId: stack.account },
      }],
    });
  }
}
