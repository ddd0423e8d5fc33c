import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FailbackMode } from '../../lib/geo-dns-routing';
import { ARC_CONTROL_PLANE_REGION, RegionRoutingControls } from '../../lib/multi-region-dr';
import { EndpointHealthCheck, GeoDnsRouting, DnsZone, RegionalEndpoint, RoutingPolicy } from '../../lib/geo-dns-routing';
import { EnvironmentDescription, GlobalStack, readValidationFindings, ResiliencePlatform, RoutingControlsStack, ServicePublication, validateEnvironments } from '../../lib/platform';
import { ENVIRONMENTS } from '../../stacks/environments';
import { CDK_CONTEXT } from '../support/app';
import { buildPlatform } from './support';

const dev = ENVIRONMENTS.find((e) => e.name === 'dev')!;
const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
const REGIONS = prod.regions.map((r) => r.region);
/** The one-line alternative: prod's description with routing controls on. */
const withRoutingControls = (e: EnvironmentDescription, extra: Partial<EnvironmentDescription> = {}): EnvironmentDescription => ({ ...e, ...extra, dr: { ...e.dr, routingControls: true } });
/** The output name the us-west-2 stack publishes a region's routing control ARN under. */
const controlOutput = (region: string) => Match.stringLikeRegexp(`^PublishOutputFnGetAttDrprodRoutingControlsControl${region.replace(/-/g, '')}[0-9A-F]+RoutingControlArn`);
const readsControl = (region: string) => ({ 'Fn::GetStackOutput': { StackName: 'resilience-prod-us-west-2-routing-controls', Region: 'us-west-2', OutputName: controlOutput(region) } });

describe('dr.routingControls', () => {
  test('is off in every seed environment: no ARC cluster anywhere (it is billed by the hour)', () => {
    const platform = buildPlatform(ENVIRONMENTS);
    expect(platform.routingControlStacks.size).toBe(0);
    for (const stack of platform.allStacks) Template.fromStack(stack).resourceCountIs('AWS::Route53RecoveryControl::Cluster', 0);
  });

  describe('on for prod', () => {
    const platform = buildPlatform([withRoutingControls(prod)]);
    const arcStack = platform.routingControlStacks.get('prod')!;
    const arc = Template.fromStack(arcStack);
    const global = Template.fromStack(platform.globals.get('prod')!);

    test('the ARC cluster, control panel, a routing control per region and both safety rules are in a us-west-2 stack of their own', () => {
      expect(arcStack.region).toBe(ARC_CONTROL_PLANE_REGION);
      expect(arcStack.stackName).toBe('resilience-prod-us-west-2-routing-controls');
      arc.resourceCountIs('AWS::Route53RecoveryControl::Cluster', 1);
      arc.resourceCountIs('AWS::Route53RecoveryControl::ControlPanel', 1);
      for (const region of REGIONS) arc.hasResourceProperties('AWS::Route53RecoveryControl::RoutingControl', { Name: `prod-${region}` });
      arc.hasResourceProperties('AWS::Route53RecoveryControl::RoutingControl', { Name: 'prod-failover-gate' });
      arc.hasResourceProperties('AWS::Route53RecoveryControl::SafetyRule', { AssertionRule: Match.objectLike({ AssertedControls: REGIONS.map(() => Match.anyValue()) }), RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false } });
      arc.hasResourceProperties('AWS::Route53RecoveryControl::SafetyRule', { GatingRule: Match.objectLike({ GatingControls: [Match.anyValue()], TargetControls: REGIONS.map(() => Match.anyValue()) }) });
      // The regional and global stacks are unchanged in place: nothing of ARC lands in them.
      Template.fromStack(platform.stacks.get('prod/us-west-2')!).resourceCountIs('AWS::Route53RecoveryControl::Cluster', 0);
    });

    test('every region\'s routing is gated on its routing control (RECOVERY_CONTROL), with the hold-down of dns.failback, in place of the operator switch', () => {
      for (const region of REGIONS) {
        global.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'RECOVERY_CONTROL', RoutingControlArn: readsControl(region), Inverted: false } });
      }
      const routing = platform.globals.get('prod')!.routing;
      expect(routing.routingSwitchAlarms).toEqual([]);
      expect(routing.healthCheckAlarms.filter((a) => a.purpose === 'routing-control').map((a) => a.region)).toEqual(REGIONS);
      // prod's hold-down (4 h) is kept: FailbackMode.manual's gate still holds a region out after it recovers.
      global.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'resilience-prod-global-us-west-2-hold-down', Period: 14400 });
    });

    test('the plans and the runbooks flip the very controls the health checks read', () => {
      const planJson = JSON.stringify(Object.values(global.findResources('AWS::ARCRegionSwitch::Plan')));
      const outputs = Object.keys(arc.toJSON().Outputs).filter((o) => /RoutingControlArn/.test(o));
      expect(outputs).toHaveLength(REGIONS.length);
      const healthChecks = JSON.stringify(global.findResources('AWS::Route53::HealthCheck', { Properties: { HealthCheckConfig: { Type: 'RECOVERY_CONTROL' } } }));
      for (const output of outputs) {
        expect(healthChecks).toContain(output);
        expect(planJson).toContain(output);
      }
      expect(planJson).toMatch(/ARCRoutingControl/);
      for (const region of REGIONS) {
        const fn = Template.fromStack(platform.stacks.get(`prod/${region}`)!).findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'prod-failover-runbook' } });
        for (const output of outputs) expect(JSON.stringify(fn)).toContain(output);
      }
    });

    test('the controls deploy first: the us-west-2 stack depends on nothing, the global and regional stacks on it, with no cycle', () => {
      expect(arcStack.dependencies).toEqual([]);
      expect(platform.globals.get('prod')!.dependencies).toContain(arcStack);
      for (const region of REGIONS) expect(platform.stacks.get(`prod/${region}`)!.dependencies).toContain(arcStack);
      expect(platform.allStacks).toContain(arcStack);
    });
  });

  describe('throws when', () => {
    const build = (e: EnvironmentDescription) => () => buildPlatform([e]);

    test('routing controls are asked for backup and restore', () => {
      expect(build(withRoutingControls(dev))).toThrow(/environments\.dev: dr\.routingControls = true: false with dr\.strategy backup-and-restore: there is no standby to route to/);
    });

    test('dns.failback is automatic (no hold-down for the manual failback to keep)', () => {
      expect(build(withRoutingControls(prod, { dns: { ...prod.dns, failback: undefined } }))).toThrow(
        /environments\.prod: dns\.failback = FailbackMode\.automatic: FailbackMode\.holdDown\(\) or FailbackMode\.operatorSwitch\(\) with dr\.routingControls: the routings get FailbackMode\.manual on the routing controls/,
      );
    });

    test('dns.failback is already manual on other routing controls', () => {
      const arn = 'arn:aws:route53-recovery-control::333333333333:controlpanel/abc/routingcontrol/def';
      const failback = FailbackMode.manual({ routingControlArns: Object.fromEntries(REGIONS.map((r) => [r, arn])) });
      expect(build(withRoutingControls(prod, { dns: { ...prod.dns, failback } }))).toThrow(/environments\.prod: dns\.failback = FailbackMode\.manual\(4 hours\): FailbackMode\.holdDown\(\) or FailbackMode\.operatorSwitch\(\) with dr\.routingControls: the platform gives the routings FailbackMode\.manual on the routing controls it creates/);
    });

    test('a public service routes with a simple record', () => {
      const services = prod.services.map((svc) => svc.publication?.isPublic ? { ...svc, publication: ServicePublication.public({ ...svc.publication.publicOptions!, routing: 'simple' }) } : svc);
      expect(build(withRoutingControls(prod, { services }))).toThrow(/environments\.prod: services\.api\.publication\.routing = "simple": a routing with failover or weights with dr\.routingControls/);
    });

    test('the routing controls stack is outside us-west-2', () => {
      const app = new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false });
      expect(() => new RoutingControlsStack(app, 'RoutingControls', { env: { account: '333333333333', region: 'us-east-1' }, environment: 'prod', regions: REGIONS })).toThrow(
        /^RoutingControls: env\.region = "us-east-1": "us-west-2": ARC creates clusters and routing controls only through that region's control plane$/,
      );
    });

    test('a routing reads a control nothing was bound to (synth fails, no token leaks)', () => {
      // GIVEN a routing gated on the stack's references WHEN MultiRegionDr never created the controls THEN synth names the reference
      const app = new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false });
      const controls = new RoutingControlsStack(app, 'RoutingControls', { env: { account: '333333333333', region: 'us-west-2' }, environment: 'prod', regions: ['us-east-1'] });
      const stack = new Stack(app, 'Global', { env: { account: '333333333333', region: 'us-east-1' } });
      new GeoDnsRouting(stack, 'Routing', {
        zone: DnsZone.fromAttributes({ hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
        hostname: 'api.example.com',
        routing: RoutingPolicy.endpoint('us-east-1'),
        endpoints: [{ region: 'us-east-1', endpoint: RegionalEndpoint.dnsName('api-us-east-1.example.com'), healthCheck: EndpointHealthCheck.recoveryControl(controls.controls['us-east-1']) }],
      });
      expect(() => app.synth()).toThrow(/RoutingControls\/RoutingControlRef-us-east-1: routingControl = undefined: the routing control of us-east-1, created by MultiRegionDr in RoutingControls \(dr\.routingControls\)/);
    });

    test('the global stack is given routing controls with an automatic failback (used on its own, without environment validation)', () => {
      const [environment] = validateEnvironments([prod], { context: () => undefined });
      const stage = new Stage(new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false }), 'Prod');
      const arn = 'arn:aws:route53-recovery-control::333333333333:controlpanel/abc/routingcontrol/def';
      expect(() => new GlobalStack(stage, 'Global', { environment, dns: { ...environment.dns, failback: undefined }, routingControls: Object.fromEntries(REGIONS.map((r) => [r, arn])) })).toThrow(
        /^Prod\/Global: dns\.failback = FailbackMode\.automatic: FailbackMode\.holdDown\(\) or FailbackMode\.operatorSwitch\(\) with dr\.routingControls/,
      );
    });

    test('the references are bound to routing controls of another stack, or to an ARN that is not a routing control\'s', () => {
      const app = new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false });
      const env = { account: '333333333333', region: 'us-west-2' };
      const stack = new RoutingControlsStack(app, 'RoutingControls', { env, environment: 'prod', regions: ['us-east-1'] });
      const elsewhere = new RegionRoutingControls(new Stack(app, 'Elsewhere', { env }), 'Controls', { environment: 'prod', regions: ['us-east-1'] });
      expect(() => stack.bind(elsewhere)).toThrow(/^RoutingControls: routingControls = "Elsewhere\/Controls": the routing controls MultiRegionDr created in RoutingControls$/);
      // a mistake of the kind typing cannot catch: the cluster's ARN where a control's belongs
      class ClusterInsteadOfControl extends RegionRoutingControls {
        public readonly routingControlArns = { 'us-east-1': this.cluster.attrClusterArn };
      }
      expect(() => stack.bind(new ClusterInsteadOfControl(stack, 'Controls', { environment: 'prod', regions: ['us-east-1'] }))).toThrow(
        /^RoutingControls\/RoutingControlRef-us-east-1: routingControl = \{"Fn::GetAtt":\["ControlsCluster[0-9A-F]+","ClusterArn"\]\}: the RoutingControlArn of an AWS::Route53RecoveryControl::RoutingControl in RoutingControls$/,
      );
    });

    test('DNS is a simple record, with no standby to move to', () => {
      expect(build(withRoutingControls(prod, { dns: { ...prod.dns, routing: 'simple' } }))).toThrow(/environments\.prod: dns\.routing = "simple": a routing with failover or weights/);
    });
  });
});

// One synth with every gate on (CloudFormation validation engine, cdk-nag packs, cfn-guard), as bin/app.ts runs it.
test('prod with routing controls passes every validation gate, writes no token into a manifest, and synthesizes without a dependency cycle', () => {
  // GIVEN the real app context and the platform's policy gates WHEN prod with routing controls is synthesized
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arc-gate-'));
  const app = new App({ context: CDK_CONTEXT, outdir: path.join(root, 'cdk.out') });
  const platform = new ResiliencePlatform(app, { environments: [withRoutingControls(prod)], manifestsDir: path.join(root, 'k8s') });
  platform.synthManifests();
  const assembly = app.synth();
  // THEN nothing is left unacknowledged, no manifest holds a token, and the ARC stack is in the assembly
  expect(readValidationFindings(assembly)).toEqual([]);
  const manifests = fs.readdirSync(path.join(root, 'k8s'), { recursive: true }).map(String).filter((f) => f.endsWith('.k8s.yaml'));
  expect(manifests.length).toBeGreaterThan(0);
  for (const f of manifests) expect(fs.readFileSync(path.join(root, 'k8s', f), 'utf8')).not.toContain('${Token[');
  expect(platform.stages.get('prod')!.synth().stacks.map((s) => s.stackName)).toContain('resilience-prod-us-west-2-routing-controls');
});
