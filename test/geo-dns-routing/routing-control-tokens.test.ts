import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as arc from 'aws-cdk-lib/aws-route53recoverycontrol';
import type { aws_route53recoverycontrol as arcRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { EndpointHealthCheck, FailbackMode } from '../../lib/geo-dns-routing';
import { CDK_CONTEXT } from '../support/app';
import { dnsEndpoints, routing } from './fixtures';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** A us-east-1 stack for the routing and routing controls in a stack of `controlRegion`, in one app. */
function setup(controlRegion = 'us-west-2'): { stack: Stack; controls: Record<string, arc.CfnRoutingControl> } {
  const app = new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
  const arcStack = new Stack(app, 'Arc', { env: { account: '123456789012', region: controlRegion } });
  const cluster = new arc.CfnCluster(arcStack, 'Cluster', { name: 'test' });
  const panel = new arc.CfnControlPanel(arcStack, 'Panel', { name: 'test', clusterArn: cluster.attrClusterArn });
  const controls = Object.fromEntries(REGIONS.map((r) => [r, new arc.CfnRoutingControl(arcStack, `Control-${r}`, { name: r, clusterArn: cluster.attrClusterArn, controlPanelArn: panel.attrControlPanelArn })]));
  return { stack, controls };
}

describe('routing controls known only at deploy time', () => {
  test('manual failback on the routing controls themselves reads their ARNs across regions', () => {
    // GIVEN routing controls in a us-west-2 stack WHEN manual failback is given the controls (not strings)
    const { stack, controls } = setup();
    routing({ failback: FailbackMode.manual({ routingControlArns: controls }) }, stack);
    // THEN each region's gate has a RECOVERY_CONTROL child reading its control from the us-west-2 stack
    const template = Template.fromStack(stack);
    for (const region of REGIONS) {
      template.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: { Type: 'RECOVERY_CONTROL', RoutingControlArn: { 'Fn::GetStackOutput': Match.objectLike({ Region: 'us-west-2', OutputName: Match.stringLikeRegexp(`Control${region.replace(/-/g, '')}`) }) } },
      });
    }
  });

  test('an endpoint check on a routing control itself is a RECOVERY_CONTROL check', () => {
    const { stack, controls } = setup();
    routing({ endpoints: dnsEndpoints(undefined, { 'eu-west-1': { healthCheck: EndpointHealthCheck.recoveryControl(controls['eu-west-1']) } }) }, stack);
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'RECOVERY_CONTROL' }) }, 1);
  });

  test('throws when a routing control ARN is a bare token string', () => {
    // GIVEN a token nothing says is a routing control's ARN
    const { stack, controls } = setup();
    const arn = controls['us-east-1'].attrRoutingControlArn;
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck: EndpointHealthCheck.recoveryControl(arn) } }) }, stack)).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.healthCheck\.routingControlArn = "<unresolved token>": a literal routing control ARN \(arn:aws:route53-recovery-control::<12-digit account>:controlpanel\/<id>\/routingcontrol\/<id>\), or the routing control itself \(a CfnRoutingControl, an IRoutingControlRef\) when its ARN is known only at deploy time$/,
    );
  });

  test('throws when manual failback is given bare token strings', () => {
    const { stack, controls } = setup();
    const arns = Object.fromEntries(REGIONS.map((r) => [r, controls[r].attrRoutingControlArn]));
    expect(() => routing({ failback: FailbackMode.manual({ routingControlArns: arns }) }, stack)).toThrow(/failback\.routingControlArns\.us-east-1 = "<unresolved token>": a literal routing control ARN/);
  });

  test('throws when a token routing control lives outside us-west-2, where ARC creates routing controls', () => {
    // GIVEN a routing control resource in a us-east-2 stack
    const { stack, controls } = setup('us-east-2');
    expect(() => routing({ failback: FailbackMode.manual({ routingControlArns: controls }) }, stack)).toThrow(
      /^TestStack\/Routing: failback\.routingControlArns\.us-east-1 = "Arc\/Control-us-east-1 in us-east-2": a routing control created in us-west-2 \(a stack with that explicit region\): ARC creates routing controls only through that region's control plane/,
    );
  });

  test('throws when a routing control reference has a literal ARN of the wrong form', () => {
    const { stack, controls } = setup();
    const arcStack = Stack.of(controls['us-east-1']);
    // A typed reference whose ARN is literal but not a routing control's
    class Imported extends Construct implements arcRefs.IRoutingControlRef {
      public readonly env = { account: arcStack.account, region: arcStack.region };
      public readonly routingControlRef = { routingControlArn: 'arn:aws:route53:::healthcheck/abc' };
    }
    const ref = new Imported(arcStack, 'Imported');
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck: EndpointHealthCheck.recoveryControl(ref) } }) }, stack)).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.healthCheck\.routingControlArn = "arn:aws:route53:::healthcheck\/abc": a routing control ARN in the aws partition/,
    );
  });
});
