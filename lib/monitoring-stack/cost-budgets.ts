import { Stack } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as ce from 'aws-cdk-lib/aws-ce';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** A part of the monthly budget: a cost-allocation tag value or a group of AWS services. */
export interface BudgetSplit {
  /** Stable name, e.g. `machine-native-ops` or `compute`. */
  readonly name: string;
  /** Monthly limit in USD. */
  readonly limitUsd: number;
  /** The tag value (for tag splits) or the AWS service names as Cost Explorer spells them. */
  readonly match: readonly string[];
}

/** Budgets as data: a monthly total, split by a cost-allocation tag and by AWS service. */
export interface CostBudgetPlanProps {
  readonly monthlyLimitUsd: number;
  /** The cost-allocation tag the service split uses (activated in the Billing console). */
  readonly costAllocationTag: string;
  readonly byTag: readonly BudgetSplit[];
  readonly byAwsService: readonly BudgetSplit[];
  /** Percent of actual spend that warns; 100 % is critical. */
  readonly warnAtPercent: number;
  /** Forecast spend above this percent warns. */
  readonly forecastPercent: number;
  /** Minimum total impact in USD of an anomaly that notifies. */
  readonly anomalyImpactUsd: number;
}

/** The platform's budgets. */
export class CostBudgetPlan {
  /**
   * The seeds: $100,000 a month; by service (tag `service`): machine-native-ops $40K,
   * infrastructure $30K, monitoring $15K, backup $10K, logging $5K; by resource: compute $50K,
   * storage $20K, network $15K, database $15K.
   */
  public static seeds(): CostBudgetPlan {
    return new CostBudgetPlan({
      monthlyLimitUsd: 100_000,
      costAllocationTag: 'service',
      byTag: [
        { name: 'machine-native-ops', limitUsd: 40_000, match: ['machine-native-ops'] },
        { name: 'infrastructure', limitUsd: 30_000, match: ['infrastructure'] },
        { name: 'monitoring', limitUsd: 15_000, match: ['monitoring'] },
        { name: 'backup', limitUsd: 10_000, match: ['backup'] },
        { name: 'logging', limitUsd: 5_000, match: ['logging'] },
      ],
      byAwsService: [
        { name: 'compute', limitUsd: 50_000, match: ['Amazon Elastic Compute Cloud - Compute', 'Amazon Elastic Container Service for Kubernetes', 'AWS Lambda'] },
        { name: 'storage', limitUsd: 20_000, match: ['Amazon Simple Storage Service', 'AWS Backup', 'Amazon Elastic File System'] },
        { name: 'network', limitUsd: 15_000, match: ['Amazon Virtual Private Cloud', 'Elastic Load Balancing', 'Amazon Route 53', 'Amazon CloudFront'] },
        { name: 'database', limitUsd: 15_000, match: ['Amazon Relational Database Service', 'Amazon DynamoDB', 'Amazon ElastiCache'] },
      ],
      warnAtPercent: 80,
      forecastPercent: 100,
      anomalyImpactUsd: 100,
    });
  }

  /** Explicit figures. */
  public static custom(props: CostBudgetPlanProps): CostBudgetPlan {
    return new CostBudgetPlan(props);
  }

  private constructor(public readonly props: CostBudgetPlanProps) {}
}

export interface CostBudgetsProps {
  readonly plan: CostBudgetPlan;
  readonly namePrefix: string;
  readonly warningTopic: sns.ITopic;
  readonly criticalTopic: sns.ITopic;
}

/**
 * AWS Budgets (the total and each split) with notifications on actual (warn %, 100 %) and
 * forecast spend, and a Cost Anomaly Detection monitor by AWS service with an immediate SNS
 * subscription. Budgets are account-wide: create this once per account.
 */
export class CostBudgets extends Construct {
  public readonly budgets: readonly budgets.CfnBudget[];
  public readonly anomalyMonitor: ce.CfnAnomalyMonitor;

  constructor(scope: Construct, id: string, props: CostBudgetsProps) {
    super(scope, id);
    const p = props.plan.props;
    const notify = (type: 'ACTUAL' | 'FORECASTED', percent: number, topic: sns.ITopic): budgets.CfnBudget.NotificationWithSubscribersProperty => ({
      notification: { notificationType: type, comparisonOperator: 'GREATER_THAN', threshold: percent, thresholdType: 'PERCENTAGE' },
      subscribers: [{ subscriptionType: 'SNS', address: topic.topicArn }],
    });
    const notifications = [
      notify('ACTUAL', p.warnAtPercent, props.warningTopic),
      notify('ACTUAL', 100, props.criticalTopic),
      notify('FORECASTED', p.forecastPercent, props.warningTopic),
    ];
    const budget = (cid: string, name: string, limit: number, costFilters?: Record<string, string[]>) =>
      new budgets.CfnBudget(this, cid, {
        budget: {
          budgetName: `${props.namePrefix}-${name}`,
          budgetType: 'COST',
          timeUnit: 'MONTHLY',
          budgetLimit: { amount: limit, unit: 'USD' },
          costFilters,
        },
        notificationsWithSubscribers: notifications,
      });
    const list = [budget('Total', 'total', p.monthlyLimitUsd)];
    // Tag filters are written `user:<key>$<value>` (AWS Budgets API, CostFilters).
    for (const split of p.byTag) list.push(budget(`Tag-${split.name}`, `service-${split.name}`, split.limitUsd, { TagKeyValue: split.match.map((v) => `user:${p.costAllocationTag}$${v}`) }));
    for (const split of p.byAwsService) list.push(budget(`AwsService-${split.name}`, `resource-${split.name}`, split.limitUsd, { Service: [...split.match] }));
    this.budgets = list;

    this.anomalyMonitor = new ce.CfnAnomalyMonitor(this, 'AnomalyMonitor', {
      monitorName: `${props.namePrefix}-by-service`,
      monitorType: 'DIMENSIONAL',
      monitorDimension: 'SERVICE',
    });
    // IMMEDIATE frequency is the only one that accepts an SNS subscriber (Cost Explorer API, AnomalySubscription).
    new ce.CfnAnomalySubscription(this, 'AnomalySubscription', {
      subscriptionName: `${props.namePrefix}-anomalies`,
      frequency: 'IMMEDIATE',
      monitorArnList: [this.anomalyMonitor.attrMonitorArn],
      subscribers: [{ type: 'SNS', address: props.warningTopic.topicArn }],
      thresholdExpression: Stack.of(this).toJsonString({
        Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: [String(p.anomalyImpactUsd)] },
      }),
    });
  }
}
