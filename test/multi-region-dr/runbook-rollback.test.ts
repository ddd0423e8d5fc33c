import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { unitTestApp } from '../support/app';
import { ACCOUNT, prodDr } from './fixtures';

// GIVEN prod with and without ARC routing controls
const off = prodDr();
const app = unitTestApp();
const arcStack = new Stack(app, 'Arc', { env: { account: ACCOUNT, region: 'us-west-2' } });
const on = prodDr({ routingControls: { stack: arcStack } }, app);
const hotOff = Template.fromStack(off.stacks['us-west-2']);
const hotOn = Template.fromStack(on.stacks['us-west-2']);

/** A call the handler made to a fake AWS SDK client. */
interface Call { readonly client: string; readonly config: Record<string, unknown>; readonly command: string; readonly input: Record<string, unknown> }

/**
 * Runs the runbook function's inline handler with fake SDK clients: every alarm is in `alarmState`,
 * the ARC cluster has two endpoints, and the first endpoint refuses (`failingEndpoint`).
 */
async function runHandler(template: Template, env: Record<string, string>, payload: Record<string, unknown>, alarmState = 'ALARM'): Promise<{ calls: Call[]; error?: Error }> {
  const fn = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'prod-failover-runbook' } }))[0];
  const code: string = fn.Properties.Code.ZipFile;
  const calls: Call[] = [];
  const fakeModule = () => new Proxy({}, {
    get: (_t, name: string) => {
      if (name.endsWith('Client')) {
        return class { constructor(private readonly config: Record<string, unknown>) {}
          async send(command: { name: string; input: Record<string, unknown> }) {
            calls.push({ client: name, config: this.config, command: command.name, input: command.input });
            if (command.name === 'DescribeAlarmsCommand') return { MetricAlarms: (command.input.AlarmNames as string[]).map((n) => ({ AlarmName: n, StateValue: alarmState })) };
            if (command.name === 'DescribeClusterCommand') return { Cluster: { ClusterEndpoints: [{ Endpoint: 'https://one.example/', Region: 'ap-southeast-2' }, { Endpoint: 'https://two.example/', Region: 'us-west-2' }] } };
            if (command.name === 'UpdateRoutingControlStatesCommand' && this.config.region === 'ap-southeast-2') throw new Error('endpoint unavailable');
            return {};
          } };
      }
      return class { public readonly name = name; constructor(public readonly input: Record<string, unknown>) {} };
    },
    has: () => true,
  }) as Record<string, unknown>;
  const module = { exports: {} as { handler?: (e: unknown, c: unknown) => Promise<unknown> } };
  const run = new Function('require', 'exports', 'module', 'process', code);
  run(() => fakeModule(), module.exports, module, { env });
  try {
    await module.exports.handler!(payload, { getRemainingTimeInMillis: () => 60_000 });
    return { calls };
  } catch (error) {
    return { calls, error: error as Error };
  }
}

const VERIFY = {
  action: 'verify', failedRegion: 'us-east-1', targetRegion: 'us-west-2', targetFailoverAlarm: 'prod-us-west-2-failover',
  targetDnsAlarms: [], dnsAlarmRegion: 'us-east-1',
  dnsSwitch: { hostname: 'api.example.com', namespace: 'Resilience/DNS', metric: 'RegionRoutingEnabled', region: 'us-east-1' },
};
const CONTROLS = { 'us-east-1': 'arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/east', 'us-west-2': 'arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/west' };
const RC_ENV = { ROUTING_CONTROLS: JSON.stringify({ clusterArn: 'arn:aws:route53-recovery-control::123456789012:cluster/c', controlPlaneRegion: 'us-west-2', controls: CONTROLS, activeActive: false }) };

describe('automatic rollback without routing controls', () => {
  test('moves GeoDnsRouting\'s switch back: the failed region\'s RegionRoutingEnabled = 1, and fails the step', async () => {
    const { calls, error } = await runHandler(hotOff, {}, VERIFY);
    expect(error?.message).toMatch(/^verification failed, rolled back DNS to us-east-1: not OK in us-west-2: prod-us-west-2-failover/);
    const put = calls.filter((c) => c.command === 'PutMetricDataCommand');
    expect(put).toEqual([expect.objectContaining({ config: { region: 'us-east-1' }, input: {
      Namespace: 'Resilience/DNS',
      MetricData: [{ MetricName: 'RegionRoutingEnabled', Value: 1, Dimensions: [{ Name: 'Hostname', Value: 'api.example.com' }, { Name: 'Region', Value: 'us-east-1' }] }],
    } })]);
    expect(calls.some((c) => c.command === 'UpdateRoutingControlStatesCommand')).toBe(false);
  });

  test('the function gets no routing controls and no ARC permission', () => {
    hotOff.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'prod-failover-runbook', Environment: { Variables: Match.objectEquals({ TOPIC_ARN: Match.anyValue(), SWITCH_METRIC: 'RegionRoutingEnabled' }) } });
    expect(JSON.stringify(hotOff.findResources('AWS::IAM::ManagedPolicy'))).not.toMatch(/route53-recovery/);
  });

  test('a verification that passes moves nothing', async () => {
    const { calls, error } = await runHandler(hotOff, {}, VERIFY, 'OK');
    expect(error).toBeUndefined();
    expect(calls.filter((c) => c.command !== 'DescribeAlarmsCommand')).toEqual([]);
  });
});

describe('automatic rollback with routing controls', () => {
  test('flips the controls in one call on the cluster\'s data plane (failed region ON, target OFF), trying the next endpoint when one refuses', async () => {
    const { calls, error } = await runHandler(hotOn, RC_ENV, VERIFY);
    expect(error?.message).toMatch(/^verification failed, rolled back the routing controls to us-east-1/);
    expect(calls.find((c) => c.command === 'DescribeClusterCommand')).toMatchObject({ config: { region: 'us-west-2' }, input: { ClusterArn: 'arn:aws:route53-recovery-control::123456789012:cluster/c' } });
    const updates = calls.filter((c) => c.command === 'UpdateRoutingControlStatesCommand');
    expect(updates.map((u) => u.config)).toEqual([{ region: 'ap-southeast-2', endpoint: 'https://one.example/' }, { region: 'us-west-2', endpoint: 'https://two.example/' }]);
    expect(updates[1].input).toEqual({ UpdateRoutingControlStateEntries: [
      { RoutingControlArn: CONTROLS['us-east-1'], RoutingControlState: 'On' },
      { RoutingControlArn: CONTROLS['us-west-2'], RoutingControlState: 'Off' },
    ] });
    // GeoDnsRouting's switch is not what moves traffic when routing controls are on.
    expect(calls.some((c) => c.command === 'PutMetricDataCommand')).toBe(false);
  });

  test('active-active leaves the target ON (both regions served before the failover)', async () => {
    const env = { ROUTING_CONTROLS: JSON.stringify({ ...JSON.parse(RC_ENV.ROUTING_CONTROLS), activeActive: true }) };
    const { calls } = await runHandler(hotOn, env, VERIFY);
    expect(calls.filter((c) => c.command === 'UpdateRoutingControlStatesCommand').pop()!.input.UpdateRoutingControlStateEntries).toEqual([
      { RoutingControlArn: CONTROLS['us-east-1'], RoutingControlState: 'On' },
    ]);
  });

  test('the function knows the cluster and every region\'s control, from the ARC stack in us-west-2', () => {
    const fn = Object.values(hotOn.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'prod-failover-runbook' } }))[0];
    const rendered = JSON.stringify(fn.Properties.Environment.Variables.ROUTING_CONTROLS);
    expect(rendered).toMatch(/controlPlaneRegion\\":\\"us-west-2/);
    expect(rendered).toMatch(/ClusterArn/);
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) expect(rendered).toContain(`Control${region.replace(/-/g, '')}`);
    // The eu-west-1 function reads them across regions (CloudFormation's Fn::GetStackOutput).
    const eu = Template.fromStack(on.stacks['eu-west-1']).findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'prod-failover-runbook' } });
    expect(JSON.stringify(eu)).toMatch(/Fn::GetStackOutput.*"Region":"us-west-2"/);
  });

  test('its role may update exactly the region controls (not the failover gate) and describe only the cluster', () => {
    const policy = Object.values(hotOn.findResources('AWS::IAM::ManagedPolicy')).find((p) => JSON.stringify(p).includes('route53-recovery-cluster'))!;
    const statements = policy.Properties.PolicyDocument.Statement as Array<{ Action: string; Resource: unknown }>;
    const update = statements.find((s) => s.Action === 'route53-recovery-cluster:UpdateRoutingControlStates')!;
    expect(Array.isArray(update.Resource) && update.Resource.length).toBe(3);
    expect(JSON.stringify(update.Resource)).not.toMatch(/Gate/);
    const describe = statements.find((s) => s.Action === 'route53-recovery-control-config:DescribeCluster')!;
    expect(JSON.stringify(describe.Resource)).toMatch(/RoutingControlsCluster[0-9A-F]+ClusterArn/);
  });
});
