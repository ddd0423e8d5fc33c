import { CfnResource, Lazy, Stack, StackProps, Tags, Token } from 'aws-cdk-lib';
import * as arc from 'aws-cdk-lib/aws-route53recoverycontrol';
import type { aws_route53recoverycontrol as arcRefs, ResourceEnvironment } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { invalid } from '../core';
import { ARC_CONTROL_PLANE_REGION, RegionRoutingControls } from '../multi-region-dr';
import { regionalName } from './naming';

/** Stack name of an environment's ARC routing controls: `resilience-<environment>-us-west-2-routing-controls`. */
export function routingControlsStackName(environment: string): string {
  return `${regionalName(environment, ARC_CONTROL_PLANE_REGION)}-routing-controls`;
}

/**
 * A region's routing control as GeoDnsRouting reads it, before MultiRegionDr has created it: the
 * routings are built first (MultiRegionDr moves them), so the reference is bound to the
 * control's ARN that `RegionRoutingControls` exposes afterwards, and resolves at synth, where CloudFormation reads it from
 * this stack (`Fn::GetStackOutput`, a weak cross-region reference). Never bound, synth fails.
 */
class BoundRoutingControl extends Construct implements arcRefs.IRoutingControlRef {
  public readonly env: ResourceEnvironment;
  public readonly routingControlRef: arcRefs.RoutingControlReference;
  private arn?: string;

  constructor(scope: Stack, id: string, private readonly region: string) {
    super(scope, id);
    this.env = { account: scope.account, region: scope.region };
    this.routingControlRef = {
      routingControlArn: Lazy.string({
        produce: () => {
          if (this.arn === undefined) invalid(this, 'routingControl', undefined, `the routing control of ${this.region}, created by MultiRegionDr in ${this.node.scope!.node.path} (dr.routingControls)`);
          return this.arn;
        },
      }),
    };
  }

  /**
   * `arn` must resolve to the `RoutingControlArn` of a routing control of this stack: the shape the
   * routings' health checks were validated to hold (a routing control created in us-west-2).
   */
  public bind(arn: string): void {
    const stack = Stack.of(this);
    const resolved: unknown = Token.isUnresolved(arn) ? stack.resolve(arn) : arn;
    const getAtt = (resolved as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
    const target = getAtt && getAtt[1] === 'RoutingControlArn'
      ? stack.node.findAll().find((c): c is CfnResource => CfnResource.isCfnResource(c) && stack.resolve(c.logicalId) === getAtt[0])
      : undefined;
    if (!target || target.cfnResourceType !== arc.CfnRoutingControl.CFN_RESOURCE_TYPE_NAME) {
      invalid(this, 'routingControl', Token.isUnresolved(arn) ? resolved : arn, `the RoutingControlArn of an ${arc.CfnRoutingControl.CFN_RESOURCE_TYPE_NAME} in ${stack.node.path}`);
    }
    this.arn = arn;
  }
}

export interface RoutingControlsStackProps extends StackProps {
  readonly environment: string;
  /** The environment's regions: one routing control each. */
  readonly regions: readonly string[];
}

/**
 * The stack of an environment's Route 53 ARC routing controls, in us-west-2 (the only region whose
 * control plane creates them). A stack of its own, not the us-west-2 regional stack: the global
 * stack (plans, health checks) and every regional stack (runbooks) read the controls, and regional
 * stacks deploy after the global one, so the controls must deploy before both.
 */
export class RoutingControlsStack extends Stack {
  /** Each region's routing control, for GeoDnsRouting (bound by `bind`). */
  public readonly controls: Readonly<Record<string, arcRefs.IRoutingControlRef>>;
  private readonly bound: ReadonlyMap<string, BoundRoutingControl>;

  constructor(scope: Construct, id: string, props: RoutingControlsStackProps) {
    super(scope, id, { ...props, stackName: props.stackName ?? routingControlsStackName(props.environment) });
    if (this.region !== ARC_CONTROL_PLANE_REGION) invalid(this, 'env.region', this.region, `"${ARC_CONTROL_PLANE_REGION}": ARC creates clusters and routing controls only through that region's control plane`);
    Tags.of(this).add('resilience:environment', props.environment);
    const bound = new Map(props.regions.map((region) => [region, new BoundRoutingControl(this, `RoutingControlRef-${region}`, region)]));
    this.bound = bound;
    this.controls = Object.fromEntries(bound);
  }

  /** Points each region's reference at the control MultiRegionDr created for it. */
  public bind(controls: RegionRoutingControls): void {
    if (Stack.of(controls) !== this) invalid(this, 'routingControls', controls.node.path, `the routing controls MultiRegionDr created in ${this.node.path}`);
    for (const [region, ref] of this.bound) {
      const arn = controls.routingControlArns[region];
      if (arn === undefined) invalid(this, `routingControls.${region}`, Object.keys(controls.routingControlArns), `a routing control for every region of the environment, missing ${region}`);
      ref.bind(arn);
    }
  }
}
