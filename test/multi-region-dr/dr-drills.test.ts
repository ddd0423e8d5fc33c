import { Duration, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Testing } from 'cdk8s';
import { DrDrill, FIS_KUBERNETES_USER, FIS_POD_DELETE_GROUP } from '../../lib/multi-region-dr';
import { FisPodDeleteRbac } from '../../lib/multi-region-dr/k8s';
import { unitTestApp, testChart } from '../support/app';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { ACCOUNT, prodDr, ZONES } from './fixtures';

const ALB = `arn:aws:elasticloadbalancing:us-west-2:${ACCOUNT}:loadbalancer/app/us-west-2-api/0123456789abcdef`;
const API_PODS = { namespace: 'api', labelSelector: { 'app.kubernetes.io/name': 'api' } };
/** A synthesized Kubernetes object, as far as the assertions read it. */
interface K8sObject { readonly kind: string; readonly metadata: { readonly name: string; readonly namespace?: string }; readonly rules?: unknown; readonly roleRef?: unknown; readonly subjects?: unknown }

const WEDNESDAY = scheduler.ScheduleExpression.cron({ weekDay: 'WED', hour: '10', minute: '0' });

// One build with both new drills in the hot standby (synthesis is the slow part).
const f = prodDr({
  drills: [
    DrDrill.zonalShift({ region: 'us-west-2', zone: 'us-west-2b', resourceArns: [ALB], schedule: WEDNESDAY }),
    DrDrill.podDelete({ region: 'us-west-2', ...API_PODS, podCount: 2, gracePeriod: Duration.seconds(0) }),
  ],
});
const hot = Template.fromStack(f.stacks['us-west-2']);

describe('ARC zonal shift drill', () => {
  test('shifts the named load balancer away from one zone for 30 minutes, whatever its autoshift setting, and stops on the region\'s failover alarm', () => {
    hot.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Targets: { ManagedResources: { ResourceType: 'aws:arc:zonal-shift-managed-resource', ResourceArns: [ALB], SelectionMode: 'ALL' } },
      Actions: { ZonalShift: Match.objectLike({ ActionId: 'aws:arc:start-zonal-autoshift', Parameters: { duration: 'PT30M', availabilityZoneIdentifier: 'us-west-2b', zonalAutoshiftStatus: 'ANY' } }) },
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DrprodTriggersFailover'), 'Arn'] } }],
      Tags: { Name: 'prod-drill-us-west-2b-zonal-shift' },
    });
  });

  test('its role may start a zonal shift only for the drilled resources', () => {
    hot.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([{
        Effect: 'Allow', Action: 'arc-zonal-shift:StartZonalShift', Resource: '*',
        Condition: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': [ALB] } },
      }]) },
    });
  });

  test('runs on its schedule', () => {
    hot.hasResourceProperties('AWS::Scheduler::Schedule', { Name: 'prod-drill-us-west-2b-zonal-shift', ScheduleExpression: 'cron(0 10 ? * WED *)' });
  });
});

describe('EKS pod deletion drill', () => {
  test('deletes two API pods in the standby\'s cluster through the FIS service account, under the restricted pod security standard', () => {
    hot.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Targets: { Pods: {
        ResourceType: 'aws:eks:pod',
        Parameters: { clusterIdentifier: 'prod-us-west-2', namespace: 'api', selectorType: 'labelSelector', selectorValue: 'app.kubernetes.io/name=api' },
        SelectionMode: 'COUNT(2)',
      } },
      Actions: { DeletePods: Match.objectLike({
        ActionId: 'aws:eks:pod-delete',
        Parameters: { kubernetesServiceAccount: 'fis-pod-delete', fisPodSecurityPolicy: 'restricted', maxErrorsPercent: '0', gracePeriodSeconds: '0' },
      }) },
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: Match.anyValue() }],
    });
  });

  test('maps its role to a Kubernetes user and group through an EKS access entry with no access policy', () => {
    hot.hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: 'prod-us-west-2',
      Type: 'STANDARD',
      Username: FIS_KUBERNETES_USER,
      KubernetesGroups: [FIS_POD_DELETE_GROUP],
      AccessPolicies: Match.absent(),
    });
    const [templateId] = Object.entries(hot.findResources('AWS::FIS::ExperimentTemplate')).find(([, r]) => r.Properties.Actions.DeletePods)!;
    expect(hot.findResources('AWS::FIS::ExperimentTemplate')[templateId].DependsOn).toEqual([expect.stringMatching(/AccessEntry/)]);
  });

  test('its role may describe only the drilled cluster', () => {
    hot.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/prod-us-west-2` }]) },
    });
  });
});

describe('FisPodDeleteRbac', () => {
  const chart = testChart();
  FisPodDeleteRbac.forDrills(chart, 'prod', [DrDrill.podDelete({ region: 'us-west-2', ...API_PODS }), DrDrill.podDelete({ region: 'us-west-2', namespace: 'api', labelSelector: { tier: 'web' } })]);
  const objects = Testing.synth(chart) as K8sObject[];

  test('one service account, Role and RoleBinding per drilled namespace, namespace-scoped, valid against their schemas', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ServiceAccount/api/fis-pod-delete', 'Role/api/fis-pod-delete', 'RoleBinding/api/fis-pod-delete']);
    expect(kubernetesSchemaErrors(objects)).toEqual([]);
  });

  test('the Role grants what pod deletion uses and nothing of the other pod actions (no exec, no ephemeral containers)', () => {
    const role = objects.find((o) => o.kind === 'Role')!;
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'list', 'get', 'delete', 'deletecollection'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
    ]);
  });

  test('the RoleBinding binds the Role to the service account and to the access entry\'s group', () => {
    const binding = objects.find((o) => o.kind === 'RoleBinding')!;
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'fis-pod-delete' });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'fis-pod-delete', namespace: 'api' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: FIS_POD_DELETE_GROUP },
    ]);
  });

  test('throws when the namespace is not a DNS label', () => {
    expect(() => new FisPodDeleteRbac(testChart(), 'Rbac', { environment: 'prod', namespace: 'API_ns' })).toThrow(/test\/Rbac: namespace = "API_ns": a Kubernetes namespace \(a DNS label, at most 63 characters\)/);
  });
});

describe('drill validation', () => {
  const build = (drill: DrDrill) => () => prodDr({ drills: [drill] }, unitTestApp());
  const zonal = (o: Partial<Parameters<typeof DrDrill.zonalShift>[0]> = {}) => DrDrill.zonalShift({ region: 'us-west-2', zone: 'us-west-2b', resourceArns: [ALB], ...o });
  const pods = (o: Partial<Parameters<typeof DrDrill.podDelete>[0]> = {}) => DrDrill.podDelete({ region: 'us-west-2', ...API_PODS, ...o });

  test('throws when a zonal shift drill runs in a region with fewer than two zones', () => {
    expect(() => zonal().validate('environments.prod.dr', 'drills[0]', { regions: ['us-west-2'], zones: { 'us-west-2': ['us-west-2a'] } })).toThrow(
      /environments\.prod\.dr: drills\[0\]\.region = "us-west-2": a region with at least two zones to shift between \(has 1: us-west-2a\)/,
    );
  });

  test('throws when a zonal shift drill names a zone outside its region', () => {
    expect(build(zonal({ zone: 'us-east-1a' }))).toThrow(/Global\/Dr: drills\[0\]\.zone = "us-east-1a": one of us-west-2's zones \(us-west-2a, us-west-2b, us-west-2c\)/);
  });

  test('throws when a zonal shift drill lasts longer than an FIS experiment may', () => {
    expect(build(zonal({ duration: Duration.hours(13) }))).toThrow(/Global\/Dr: drills\[0\]\.duration = 780: an integer from 1 to 720 minutes/);
  });

  test('throws when a zonal shift drill lasts less than a minute', () => {
    expect(build(zonal({ duration: Duration.seconds(30) }))).toThrow(/Global\/Dr: drills\[0\]\.duration = 0\.5: an integer from 1 to 720 minutes/);
  });

  test('throws when a zonal shift drill names no resource', () => {
    expect(build(zonal({ resourceArns: [] }))).toThrow(/Global\/Dr: drills\[0\]\.resourceArns = \[\]: at least one resource registered with ARC zonal shift/);
  });

  test('throws when a zonal shift resource is in another region, of an unsupported type, or a token', () => {
    expect(build(zonal({ resourceArns: [ALB.replace('us-west-2:', 'eu-west-1:')] }))).toThrow(/drills\[0\]\.resourceArns\[0\] = "arn:aws:elasticloadbalancing:eu-west-1:.*": the ARN, known at synth, of an Application or Network Load Balancer, Auto Scaling group or EKS cluster in us-west-2/);
    expect(build(zonal({ resourceArns: [`arn:aws:rds:us-west-2:${ACCOUNT}:cluster:orders`] }))).toThrow(/drills\[0\]\.resourceArns\[0\] = "arn:aws:rds:/);
    expect(build(zonal({ resourceArns: [Token.asString({ Ref: 'Alb' })] }))).toThrow(/drills\[0\]\.resourceArns\[0\] = "an unresolved token": the ARN, known at synth/);
  });

  test('throws when a pod deletion drill has no namespace', () => {
    expect(build(pods({ namespace: '' }))).toThrow(/Global\/Dr: drills\[0\]\.namespace = "": a Kubernetes namespace \(a DNS label known at synth\): FIS requires the target pods' namespace/);
  });

  test('throws when a pod deletion drill has no label selector', () => {
    expect(build(pods({ labelSelector: {} }))).toThrow(/Global\/Dr: drills\[0\]\.labelSelector = \{\}: at least one label selecting the pods \(an empty selector would delete any pod of the namespace\)/);
  });

  test('throws when a pod deletion drill\'s label value is not a Kubernetes label value', () => {
    expect(build(pods({ labelSelector: { app: 'api,web' } }))).toThrow(/drills\[0\]\.labelSelector = \{"app":"api,web"\}: Kubernetes label keys and values known at synth/);
  });

  test('throws when a pod deletion drill targets more pods than FIS allows', () => {
    expect(build(pods({ podCount: 51 }))).toThrow(/Global\/Dr: drills\[0\]\.podCount = 51: an integer from 1 to 50 pods/);
  });

  test('throws when a pod deletion drill\'s grace period is not whole seconds', () => {
    expect(build(pods({ gracePeriod: Duration.millis(1500) }))).toThrow(/Global\/Dr: drills\[0\]\.gracePeriod = .*: a whole number of seconds, 0 or more/);
  });

  test('throws when a pod deletion drill has no cluster to run in', () => {
    expect(() => prodDr({ kubernetes: undefined, drills: [pods()] }, unitTestApp())).toThrow(/Global\/Dr: drills\[0\]\.clusterName = undefined: the name of us-west-2's EKS cluster, known at synth/);
  });

  test('throws when a new drill has no stop condition', () => {
    expect(build(pods({ stopConditions: [] as cloudwatch.IAlarm[] }))).toThrow(/Global\/Dr: drills\[0\]\.stopConditions = \[\]: at least one CloudWatch alarm/);
    expect(build(zonal({ stopConditions: [] as cloudwatch.IAlarm[] }))).toThrow(/Global\/Dr: drills\[0\]\.stopConditions = \[\]: at least one CloudWatch alarm/);
  });

  test('throws when the same drill is declared twice in a region', () => {
    expect(() => prodDr({ drills: [zonal(), zonal({ duration: Duration.minutes(5) })] }, unitTestApp())).toThrow(/Global\/Dr: drills = "us-west-2\/us-west-2b-zonal-shift": each value at most once/);
  });

  test('the zone network disruption keeps its construct id (its resources are not replaced)', () => {
    expect(DrDrill.zoneNetworkDisruption({ region: 'us-west-2', zone: ZONES['us-west-2'][0], subnetTags: { tier: 'app' } }).key).toBe('us-west-2a-zone-network-disruption');
  });
});
