import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeFinding, acknowledgeInCompliancePacks, physicalName } from '../core';
import { ROUTING_SWITCH_METRIC, ROUTING_SWITCH_NAMESPACE } from '../geo-dns-routing';
import { createDrKey } from './dr-key';
import { leastPrivilegeRole } from './least-privilege-role';

/**
 * The runbook steps ARC Region switch has no execution block for, as one small function the plan
 * calls with a payload per step (custom action Lambda blocks):
 * - `pre-checks`: the target region's failover alarm and DNS health alarms are OK;
 * - `initiate`: pins the failed region out of DNS through GeoDnsRouting's operator switch
 *   (`Resilience/DNS RegionRoutingEnabled` = 0), so it cannot flap back;
 * - `update-dns`: lets the target in (switch = 1) and waits until its DNS health alarms are OK;
 * - `verify`: the target's alarms are OK; if not, rolls back and fails the step, which stops the
 *   plan. Without routing controls the rollback sets the failed region's switch back to 1; with
 *   them it flips the controls in one `UpdateRoutingControlStates` call on the ARC cluster's data
 *   plane (the failed region ON and, unless active-active, the target OFF), trying each of the
 *   cluster's endpoints in turn, as ARC advises;
 * - `notify`: publishes the outcome to the runbook topic.
 * DNS is never rewritten: only GeoDnsRouting's switch metric moves.
 */
const HANDLER = `
const cw = require('@aws-sdk/client-cloudwatch');
const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function states(region, names) {
  if (names.length === 0) return [];
  const out = await new cw.CloudWatchClient({ region }).send(new cw.DescribeAlarmsCommand({ AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }));
  return [...(out.MetricAlarms || []), ...(out.CompositeAlarms || [])].map((a) => ({ name: a.AlarmName, state: a.StateValue }));
}
async function requireOk(region, names) {
  const bad = (await states(region, names)).filter((a) => a.state === 'ALARM');
  if (bad.length > 0) throw new Error('not OK in ' + region + ': ' + bad.map((a) => a.name).join(', '));
}
async function setSwitch(p, region, value) {
  if (!p.dnsSwitch) return;
  await new cw.CloudWatchClient({ region: p.dnsSwitch.region }).send(new cw.PutMetricDataCommand({
    Namespace: p.dnsSwitch.namespace,
    MetricData: [{ MetricName: p.dnsSwitch.metric, Value: value, Dimensions: [{ Name: 'Hostname', Value: p.dnsSwitch.hostname }, { Name: 'Region', Value: region }] }],
  }));
}
const rc = process.env.ROUTING_CONTROLS ? JSON.parse(process.env.ROUTING_CONTROLS) : undefined;
let endpoints;
async function clusterEndpoints() {
  if (!endpoints) {
    const cfg = require('@aws-sdk/client-route53-recovery-control-config');
    const out = await new cfg.Route53RecoveryControlConfigClient({ region: rc.controlPlaneRegion }).send(new cfg.DescribeClusterCommand({ ClusterArn: rc.clusterArn }));
    endpoints = out.Cluster.ClusterEndpoints;
  }
  return endpoints;
}
async function flipRoutingControls(p) {
  const { Route53RecoveryClusterClient, UpdateRoutingControlStatesCommand } = require('@aws-sdk/client-route53-recovery-cluster');
  const entries = [{ RoutingControlArn: rc.controls[p.failedRegion], RoutingControlState: 'On' }];
  if (!rc.activeActive) entries.push({ RoutingControlArn: rc.controls[p.targetRegion], RoutingControlState: 'Off' });
  const errors = [];
  for (const ep of await clusterEndpoints()) {
    try {
      await new Route53RecoveryClusterClient({ region: ep.Region, endpoint: ep.Endpoint }).send(new UpdateRoutingControlStatesCommand({ UpdateRoutingControlStateEntries: entries }));
      return;
    } catch (e) {
      errors.push(ep.Region + ': ' + e.message);
    }
  }
  throw new Error('no ARC cluster endpoint took the rollback: ' + errors.join('; '));
}
async function rollBack(p) {
  if (rc) return flipRoutingControls(p);
  return setSwitch(p, p.failedRegion, 1);
}
exports.handler = async (event, context) => {
  const p = typeof event?.payload === 'string' ? JSON.parse(event.payload) : event;
  switch (p.action) {
    case 'pre-checks':
      // Read the ARC cluster's endpoints while the control plane answers, for a rollback later (best effort: never blocks a failover).
      if (rc) await clusterEndpoints().catch(() => undefined);
      return requireOk(p.targetRegion, [p.targetFailoverAlarm]).then(() => requireOk(p.dnsAlarmRegion, p.targetDnsAlarms));
    case 'initiate':
      return setSwitch(p, p.failedRegion, 0);
    case 'update-dns': {
      await setSwitch(p, p.targetRegion, 1);
      while (context.getRemainingTimeInMillis() > 20000) {
        const bad = (await states(p.dnsAlarmRegion, p.targetDnsAlarms)).filter((a) => a.state !== 'OK');
        if (bad.length === 0) return;
        await sleep(10000);
      }
      throw new Error('DNS health of ' + p.targetRegion + ' not OK in time');
    }
    case 'verify':
      try {
        await requireOk(p.targetRegion, [p.targetFailoverAlarm]);
        await requireOk(p.dnsAlarmRegion, p.targetDnsAlarms);
      } catch (e) {
        await rollBack(p);
        throw new Error('verification failed, rolled back ' + (rc ? 'the routing controls' : 'DNS') + ' to ' + p.failedRegion + ': ' + e.message);
      }
      return;
    case 'notify':
      await new SNSClient({}).send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Subject: p.subject, Message: p.message }));
      return;
    default:
      throw new Error('unknown action ' + p.action);
  }
};
`;

/** Props of the runbook function. */
export interface RunbookFunctionProps {
  readonly environment: string;
  /** Every failover alarm the function reads, as ARNs (any region). */
  readonly alarmArns: readonly string[];
  /** The longest step the function runs (at most 15 minutes, Lambda's limit). */
  readonly timeout: Duration;
  readonly removalPolicy: RemovalPolicy;
  /**
   * ARC routing controls: the automatic rollback flips them instead of GeoDnsRouting's switch.
   * @default - no routing controls: the rollback moves GeoDnsRouting's switch
   */
  readonly routingControls?: RunbookRoutingControls;
}

/** The ARC routing controls the runbook's rollback flips. */
export interface RunbookRoutingControls {
  /** ARN of the ARC cluster whose data-plane endpoints take the update. */
  readonly clusterArn: string;
  /** Region of ARC's control plane, where the cluster's endpoints are read. */
  readonly controlPlaneRegion: string;
  /** Routing control ARN by region (ON = the region takes traffic); the only controls the function may change. */
  readonly routingControlArns: Readonly<Record<string, string>>;
  /** Active-active: both regions served before the failover, so the rollback leaves the target ON. */
  readonly activeActive: boolean;
}

/** The runbook's custom actions, their topic and log group, all encrypted with their own key. */
export class RunbookFunction extends Construct {
  public readonly function: lambda.Function;
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: RunbookFunctionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const rc = props.routingControls;
    const functionName = physicalName(props.environment, 'failover-runbook');
    const logGroupName = `/aws/lambda/${functionName}`;
    const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.key = createDrKey(this, 'Key', {
      description: `${props.environment} failover runbook: topic, logs and environment`,
      services: ['sns', 'lambda'],
      removalPolicy: props.removalPolicy,
      statements: [new iam.PolicyStatement({
        sid: 'EncryptTheRunbookLogGroup',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      })],
    });
    this.topic = new sns.Topic(this, 'Topic', { topicName: functionName, masterKey: this.key, enforceSSL: true });
    const logGroup = new logs.LogGroup(this, 'Logs', { logGroupName, retention: logs.RetentionDays.ONE_YEAR, encryptionKey: this.key, removalPolicy: props.removalPolicy });
    const role = leastPrivilegeRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: `${props.environment} failover runbook custom actions`,
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroupArn}:*`] }),
        new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: [...props.alarmArns] }),
        new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': ROUTING_SWITCH_NAMESPACE } } }),
        new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.key.keyArn] }),
        ...(rc ? [
          // Exactly the environment's region controls (not the failover gate), and the cluster whose endpoints the rollback reads.
          new iam.PolicyStatement({ actions: ['route53-recovery-cluster:UpdateRoutingControlStates'], resources: Object.keys(rc.routingControlArns).sort().map((r) => rc.routingControlArns[r]) }),
          new iam.PolicyStatement({ actions: ['route53-recovery-control-config:DescribeCluster'], resources: [rc.clusterArn] }),
        ] : []),
      ],
      wildcardReason: 'CloudWatch PutMetricData supports no resource-level permission (limited to GeoDnsRouting\'s switch namespace by the cloudwatch:namespace condition); log streams are created at run time under the function\'s own log group.',
    });
    this.function = new lambda.Function(this, 'Function', {
      functionName,
      description: `${props.environment}: failover runbook steps ARC Region switch has no block for (pre-checks, DNS switch, verify with rollback, notify)`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HANDLER),
      timeout: props.timeout,
      memorySize: 256,
      role,
      logGroup,
      reservedConcurrentExecutions: 5,
      environment: {
        TOPIC_ARN: this.topic.topicArn,
        SWITCH_METRIC: ROUTING_SWITCH_METRIC,
        ...(rc ? { ROUTING_CONTROLS: stack.toJsonString({ clusterArn: rc.clusterArn, controlPlaneRegion: rc.controlPlaneRegion, controls: rc.routingControlArns, activeActive: rc.activeActive }) } : {}),
      },
      environmentEncryption: this.key,
    });
    this.function.node.addDependency(role);
    const noVpc = 'The function calls only AWS regional APIs (CloudWatch, SNS, ARC) during a regional failover; putting it in a VPC would add NAT or endpoints to the failover path, which can themselves fail in the disaster it handles.';
    acknowledgeInCompliancePacks(this.function, 'LambdaInsideVPC', noVpc);
    acknowledgeFinding(this.function, 'cdk-validator-cfnguard::lambda_inside_vpc_check', noVpc);
    acknowledgeInCompliancePacks(this.function, 'LambdaDLQ', 'ARC Region switch invokes the function synchronously and records each failed step in the plan execution (and retries it); an asynchronous dead-letter queue would never receive anything.');
  }
}
