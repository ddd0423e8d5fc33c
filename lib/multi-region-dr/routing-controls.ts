import * as arc from 'aws-cdk-lib/aws-route53recoverycontrol';
import { Construct } from 'constructs';
import { physicalName } from '../core';
import { ROUTING_CONTROL_CONFIG_REGION } from '../geo-dns-routing';

/** Region whose control plane creates ARC clusters, control panels and routing controls (GeoDnsRouting's one constant). */
export const ARC_CONTROL_PLANE_REGION = ROUTING_CONTROL_CONFIG_REGION;

/**
 * Route 53 ARC routing controls (optional, billed per cluster-hour, see ARC_CLUSTER_USD_PER_HOUR):
 * a cluster, a control panel, one routing control per region, and two safety rules: at least one
 * region is always ON (assertion), and region controls change only while the failover gate is ON
 * (gating), so one operator mistake cannot turn every region off or flip traffic unannounced.
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/routing-control.safety-rules.html
 */
export class RegionRoutingControls extends Construct {
  public readonly cluster: arc.CfnCluster;
  public readonly controlPanel: arc.CfnControlPanel;
  /** Routing control ARN by region: ON = the region takes traffic. */
  public readonly routingControlArns: Readonly<Record<string, string>>;
  /**
   * The routing control of each region, for GeoDnsRouting's recovery-control checks
   * (`EndpointHealthCheck.recoveryControl(control)`), which take a deploy-time ARN only from the control itself.
   */
  public readonly routingControls: Readonly<Record<string, arc.CfnRoutingControl>>;
  /** The gate an operator turns ON before region controls may change. */
  public readonly gateArn: string;

  constructor(scope: Construct, id: string, props: { environment: string; regions: readonly string[] }) {
    super(scope, id);
    const name = (what: string): string => physicalName(props.environment, what);
    this.cluster = new arc.CfnCluster(this, 'Cluster', { name: name('recovery-cluster') });
    this.controlPanel = new arc.CfnControlPanel(this, 'ControlPanel', { name: name('failover'), clusterArn: this.cluster.attrClusterArn });
    const controls: Record<string, string> = {};
    const controlObjects: Record<string, arc.CfnRoutingControl> = {};
    for (const region of props.regions) {
      const control = new arc.CfnRoutingControl(this, `Control-${region}`, {
        name: name(region),
        clusterArn: this.cluster.attrClusterArn,
        controlPanelArn: this.controlPanel.attrControlPanelArn,
      });
      controls[region] = control.attrRoutingControlArn;
      controlObjects[region] = control;
    }
    const gate = new arc.CfnRoutingControl(this, 'Gate', {
      name: name('failover-gate'),
      clusterArn: this.cluster.attrClusterArn,
      controlPanelArn: this.controlPanel.attrControlPanelArn,
    });
    this.gateArn = gate.attrRoutingControlArn;
    this.routingControlArns = controls;
    this.routingControls = controlObjects;
    const regionControls = props.regions.map((r) => controls[r]);
    new arc.CfnSafetyRule(this, 'AtLeastOneRegion', {
      name: name('at-least-one-region'),
      controlPanelArn: this.controlPanel.attrControlPanelArn,
      assertionRule: { assertedControls: regionControls, waitPeriodMs: 5000 },
      ruleConfig: { type: 'ATLEAST', threshold: 1, inverted: false },
    });
    new arc.CfnSafetyRule(this, 'GatedByFailoverGate', {
      name: name('gated-by-failover-gate'),
      controlPanelArn: this.controlPanel.attrControlPanelArn,
      gatingRule: { gatingControls: [this.gateArn], targetControls: regionControls, waitPeriodMs: 5000 },
      ruleConfig: { type: 'ATLEAST', threshold: 1, inverted: false },
    });
  }
}
