import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { invalid, physicalName, requireIntegerInRange, ValidationScope } from '../core';
import { leastPrivilegeRole } from './least-privilege-role';

/** What every drill shares: where it runs, what stops it, when it starts. */
export interface DrDrillCommonOptions {
  /** Region drilled. */
  readonly region: string;
  /**
   * Alarms that stop the experiment. At least one.
   * @default - the drilled region's failover composite alarm: the drill stops as soon as the
   * disruption escalates beyond one zone (a real failover condition)
   */
  readonly stopConditions?: readonly cloudwatch.IAlarm[];
  /**
   * When EventBridge Scheduler starts the drill.
   * @default - not scheduled: started by hand (`aws fis start-experiment`)
   */
  readonly schedule?: scheduler.ScheduleExpression;
}

/** Options of a zone network disruption drill. */
export interface ZoneNetworkDisruptionOptions extends DrDrillCommonOptions {
  /** The availability zone whose subnets lose connectivity, e.g. `us-west-2a`. */
  readonly zone: string;
  /** Tags that select the workload's subnets (FIS selects subnets by tag, then filters by zone). */
  readonly subnetTags: Readonly<Record<string, string>>;
  /**
   * How long connectivity is cut, whole minutes from 1 to 720 (FIS limit: 12 hours).
   * @default Duration.minutes(10)
   */
  readonly duration?: Duration;
}

/** Options of an ARC zonal shift drill. */
export interface ZonalShiftOptions extends DrDrillCommonOptions {
  /** The availability zone traffic is shifted away from (a zone name such as `us-west-2a`). */
  readonly zone: string;
  /**
   * ARNs of the resources registered with ARC zonal shift whose traffic moves (Application or
   * Network Load Balancers, Auto Scaling groups, EKS clusters), in the drilled region. Zonal shift
   * must be enabled on each (ARC's opt-in), and the other zones pre-scaled to carry the load.
   */
  readonly resourceArns: readonly string[];
  /**
   * How long traffic stays away from the zone, whole minutes from 1 to 720 (FIS limit: 12 hours).
   * @default Duration.minutes(30)
   */
  readonly duration?: Duration;
}

/** Options of an EKS pod deletion drill. */
export interface PodDeleteOptions extends DrDrillCommonOptions {
  /** Kubernetes namespace of the pods (the FIS service account and its Role live there too). */
  readonly namespace: string;
  /** Labels that select the pods (`selectorType: labelSelector`), e.g. `{ 'app.kubernetes.io/name': 'api' }`. At least one. */
  readonly labelSelector: Readonly<Record<string, string>>;
  /**
   * The EKS cluster of the region.
   * @default - MultiRegionDr's `kubernetes.clusterNames[region]`
   */
  readonly clusterName?: string;
  /**
   * How many of the selected pods are deleted, from 1 to FIS_POD_DELETE_MAX_PODS.
   * @default 1
   */
  readonly podCount?: number;
  /**
   * How long each pod has to terminate (whole seconds, 0 deletes at once).
   * @default - the pod's own terminationGracePeriodSeconds
   */
  readonly gracePeriod?: Duration;
}

/** The kinds of drill. */
export type DrDrillKind = 'zone-network-disruption' | 'zonal-shift' | 'pod-delete';

type DrillOptions = ZoneNetworkDisruptionOptions | ZonalShiftOptions | PodDeleteOptions;

/** What the drill is validated against: the environment's regions and each region's zones. */
export interface DrDrillContext {
  readonly regions: readonly string[];
  /** Zones by region (those the failover triggers watch). */
  readonly zones: Readonly<Record<string, readonly string[]>>;
  /** EKS cluster names by region, when MultiRegionDr knows them. */
  readonly clusterNames?: Readonly<Record<string, string>>;
}

/**
 * A DR drill: an AWS FIS experiment template that exercises the failover path.
 * Restore drills stay with EncryptedBackupVault (restore testing).
 */
export class DrDrill {
  /**
   * Cuts the network of one availability zone's subnets (`aws:network:disrupt-connectivity`,
   * scope `all`): the zone's health checks fail, the zone trigger sees one zone down, and the
   * region must keep serving from the others.
   * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#network-actions-reference
   */
  public static zoneNetworkDisruption(options: ZoneNetworkDisruptionOptions): DrDrill {
    return new DrDrill('zone-network-disruption', options);
  }

  /**
   * Shifts the named resources' traffic away from one zone with ARC zonal shift
   * (`aws:arc:start-zonal-autoshift`): FIS starts, extends and cancels the shift itself (each
   * request expires after a minute, so a lost experiment lets traffic return on its own).
   * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#arc-actions-reference
   */
  public static zonalShift(options: ZonalShiftOptions): DrDrill {
    return new DrDrill('zonal-shift', options);
  }

  /**
   * Deletes pods of a workload (`aws:eks:pod-delete`), typically in a standby: its Deployment
   * must bring them back within the disruption budget. Needs the Kubernetes objects of
   * `FisPodDeleteRbac` in the namespace and the EKS access entry this drill creates.
   * @see https://docs.aws.amazon.com/fis/latest/userguide/eks-pod-actions.html
   */
  public static podDelete(options: PodDeleteOptions): DrDrill {
    return new DrDrill('pod-delete', options);
  }

  private constructor(public readonly kind: DrDrillKind, public readonly options: DrillOptions) {}

  public get region(): string {
    return this.options.region;
  }

  /** A key unique per drill of a region; the zone network disruption's is `<zone>-zone-network-disruption` (its construct id since the first release). */
  public get key(): string {
    if (this.kind === 'pod-delete') {
      const o = this.options as PodDeleteOptions;
      return `${o.namespace}-${Object.values(o.labelSelector).join('-')}-${this.kind}`;
    }
    return `${(this.options as ZonalShiftOptions).zone}-${this.kind}`;
  }

  /** The pod-delete options, when this is a pod deletion drill. */
  public get podDeleteOptions(): PodDeleteOptions | undefined {
    return this.kind === 'pod-delete' ? this.options as PodDeleteOptions : undefined;
  }

  /** Region, zone, targets, durations and stop conditions (FIS limits cited at each rule). */
  public validate(scope: ValidationScope, prop: string, context: DrDrillContext): void {
    const o = this.options;
    if (!context.regions.includes(o.region)) {
      invalid(scope, `${prop}.region`, o.region, `a region of the environment (${context.regions.join(', ')})`);
    }
    if (o.stopConditions !== undefined && o.stopConditions.length === 0) {
      invalid(scope, `${prop}.stopConditions`, [], 'at least one CloudWatch alarm that stops the experiment (omit it for the region\'s failover alarm); a drill without a stop condition can turn into an outage');
    }
    // FIS action parameters must be strings known at synth (they become the template's parameters).
    const zones = context.zones[o.region] ?? [];
    switch (this.kind) {
      case 'zone-network-disruption': {
        const n = o as ZoneNetworkDisruptionOptions;
        if (!n.zone.startsWith(o.region)) invalid(scope, `${prop}.zone`, n.zone, `an availability zone of ${o.region}`);
        if (Object.keys(n.subnetTags).length === 0) {
          invalid(scope, `${prop}.subnetTags`, n.subnetTags, 'at least one tag selecting the workload\'s subnets (an empty selection would target every subnet of the account)');
        }
        requireDuration(scope, `${prop}.duration`, n.duration ?? DEFAULT_DRILL_DURATION);
        return;
      }
      case 'zonal-shift': {
        const z = o as ZonalShiftOptions;
        // Shifting away from the only zone leaves no zone to serve: ARC zonal shift moves traffic to the region's other zones.
        if (zones.length < 2) invalid(scope, `${prop}.region`, o.region, `a region with at least two zones to shift between (has ${zones.length}: ${zones.join(', ') || 'none'})`);
        if (Token.isUnresolved(z.zone) || !zones.includes(z.zone)) invalid(scope, `${prop}.zone`, z.zone, `one of ${o.region}'s zones (${zones.join(', ')})`);
        if (z.resourceArns.length === 0) invalid(scope, `${prop}.resourceArns`, [], 'at least one resource registered with ARC zonal shift (load balancer, Auto Scaling group or EKS cluster ARN)');
        for (const [i, arn] of z.resourceArns.entries()) {
          // The role's StartZonalShift is conditioned on these exact identifiers: they must be known at synth.
          if (Token.isUnresolved(arn) || !ZONAL_SHIFT_RESOURCE_ARN.test(arn) || arn.split(':')[3] !== o.region) {
            invalid(scope, `${prop}.resourceArns[${i}]`, Token.isUnresolved(arn) ? 'an unresolved token' : arn, `the ARN, known at synth, of an Application or Network Load Balancer, Auto Scaling group or EKS cluster in ${o.region} (the resource types ARC zonal shift supports)`);
          }
        }
        requireDuration(scope, `${prop}.duration`, z.duration ?? DEFAULT_ZONAL_SHIFT_DURATION);
        return;
      }
      case 'pod-delete': {
        const d = o as PodDeleteOptions;
        if (Token.isUnresolved(d.namespace) || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(d.namespace) || d.namespace.length > 63) {
          invalid(scope, `${prop}.namespace`, d.namespace, 'a Kubernetes namespace (a DNS label known at synth): FIS requires the target pods\' namespace');
        }
        const labels = Object.entries(d.labelSelector);
        if (labels.length === 0) invalid(scope, `${prop}.labelSelector`, d.labelSelector, 'at least one label selecting the pods (an empty selector would delete any pod of the namespace)');
        for (const [k, v] of labels) {
          if (Token.isUnresolved(k) || Token.isUnresolved(v) || !LABEL_KEY.test(k) || !LABEL_VALUE.test(v)) {
            invalid(scope, `${prop}.labelSelector`, d.labelSelector, 'Kubernetes label keys and values known at synth (values: up to 63 alphanumerics, "-", "_" or ".")');
          }
        }
        const cluster = d.clusterName ?? context.clusterNames?.[o.region];
        if (cluster === undefined || Token.isUnresolved(cluster)) invalid(scope, `${prop}.clusterName`, cluster === undefined ? undefined : 'an unresolved token', `the name of ${o.region}'s EKS cluster, known at synth (or MultiRegionDr's kubernetes.clusterNames)`);
        requireIntegerInRange(scope, `${prop}.podCount`, d.podCount ?? 1, 1, FIS_POD_DELETE_MAX_PODS, 'pods');
        if (d.gracePeriod !== undefined) {
          if (d.gracePeriod.isUnresolved()) invalid(scope, `${prop}.gracePeriod`, 'an unresolved token', 'a duration known at synth');
          const seconds = d.gracePeriod.toSeconds({ integral: false });
          // FIS passes gracePeriodSeconds to the pod deletion: a non-negative whole number of seconds (0 = at once).
          if (!Number.isInteger(seconds) || seconds < 0) invalid(scope, `${prop}.gracePeriod`, d.gracePeriod, 'a whole number of seconds, 0 or more');
        }
        return;
      }
    }
  }

  public toHumanString(): string {
    if (this.kind === 'pod-delete') {
      const o = this.options as PodDeleteOptions;
      return `DrDrill.${this.kind}(${o.namespace}/${Object.entries(o.labelSelector).map(([k, v]) => `${k}=${v}`).join(',')})`;
    }
    return `DrDrill.${this.kind}(${(this.options as ZonalShiftOptions).zone})`;
  }
}

/** Durations of FIS actions: whole minutes from 1 to 720 (an experiment runs at most 12 hours). */
function requireDuration(scope: ValidationScope, prop: string, duration: Duration): void {
  if (duration.isUnresolved()) invalid(scope, prop, 'an unresolved token', 'a duration known at synth');
  requireIntegerInRange(scope, prop, duration.toMinutes({ integral: false }), 1, FIS_MAX_ACTION_MINUTES, 'minutes');
}

const ZONAL_SHIFT_RESOURCE_ARN = /^arn:aws[a-z-]*:(elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app|net)\/[^/]+\/[0-9a-f]+|autoscaling:[a-z0-9-]+:\d{12}:autoScalingGroup:[^:]+:autoScalingGroupName\/.+|eks:[a-z0-9-]+:\d{12}:cluster\/[^/]+)$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** An FIS experiment runs at most 12 hours, so no action lasts longer. */
export const FIS_MAX_ACTION_MINUTES = 720;

/**
 * Pods one `aws:eks:pod-delete` action may target (FIS default quota "Target Pods for
 * aws:eks:pod-delete", 50).
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html
 */
export const FIS_POD_DELETE_MAX_PODS = 50;

/** Default length of a zonal shift drill (the scenario library's AZ power interruption shifts for 25 of its 30 minutes). */
export const DEFAULT_ZONAL_SHIFT_DURATION = Duration.minutes(30);

/** Default length of a network disruption drill. */
export const DEFAULT_DRILL_DURATION = Duration.minutes(10);

/** Props of the drill's resources in its region's stack. */
export interface DrDrillResourceProps {
  readonly environment: string;
  readonly drill: DrDrill;
  /** The stop condition when the drill names none: the region's failover alarm. */
  readonly defaultStopCondition: cloudwatch.IAlarm;
  /** The region's EKS cluster, for a pod deletion drill that names none. */
  readonly clusterName?: string;
}

/** What one drill kind puts into its template and role. */
interface DrillShape {
  readonly name: string;
  readonly description: string;
  readonly statements: iam.PolicyStatement[];
  readonly wildcardReason: string;
  readonly targets: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty>;
  readonly actions: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty>;
}

/** Kubernetes group the pod deletion drills' FIS role is mapped to (bound by FisPodDeleteRbac's RoleBinding). */
export const FIS_POD_DELETE_GROUP = 'resilience:fis-pod-delete';
/** Kubernetes user name of the FIS experiment role in the cluster (the name FIS's documentation uses). */
export const FIS_KUBERNETES_USER = 'fis-experiment';
/** Service account the FIS pod runs as, in the drilled namespace. */
export const FIS_POD_DELETE_SERVICE_ACCOUNT = 'fis-pod-delete';

/**
 * The experiment template, its least-privilege role, (for pod deletion) the EKS access entry of
 * the role, and (when asked) its schedule.
 */
export class DrDrillResources extends Construct {
  public readonly drill: DrDrill;
  public readonly template: fis.CfnExperimentTemplate;
  public readonly role: iam.Role;
  public readonly accessEntry?: eks.CfnAccessEntry;
  public readonly schedule?: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: DrDrillResourceProps) {
    super(scope, id);
    this.drill = props.drill;
    const stack = Stack.of(this);
    const o = props.drill.options;
    const experimentArn = stack.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*' });
    const stopConditions = o.stopConditions ?? [props.defaultStopCondition];
    const stopNames = stopConditions.map((a) => a.alarmName).join(', ');
    const shape = this.shape(props, stopNames);
    this.role = leastPrivilegeRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': experimentArn } },
      }),
      description: `FIS drill ${props.drill.toHumanString()} of ${props.environment}`,
      statements: shape.statements,
      wildcardReason: shape.wildcardReason,
    });

    const podDelete = props.drill.podDeleteOptions;
    if (podDelete) {
      // The role reaches the Kubernetes API only as FIS_KUBERNETES_USER in FIS_POD_DELETE_GROUP, which
      // FisPodDeleteRbac binds to a Role in the drilled namespace: no access policy, no cluster-wide right.
      this.accessEntry = new eks.CfnAccessEntry(this, 'AccessEntry', {
        clusterName: podDelete.clusterName ?? props.clusterName!,
        principalArn: this.role.roleArn,
        type: 'STANDARD',
        username: FIS_KUBERNETES_USER,
        kubernetesGroups: [FIS_POD_DELETE_GROUP],
        tags: [{ key: 'Name', value: shape.name }],
      });
    }

    this.template = new fis.CfnExperimentTemplate(this, 'Template', {
      description: shape.description,
      roleArn: this.role.roleArn,
      stopConditions: stopConditions.map((alarm) => ({ source: 'aws:cloudwatch:alarm', value: alarm.alarmArn })),
      targets: shape.targets,
      actions: shape.actions,
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
      tags: { Name: shape.name },
    });
    // FIS resolves pods as the mapped user: the access entry must exist before the template can run.
    if (this.accessEntry) this.template.node.addDependency(this.accessEntry);

    if (o.schedule !== undefined) {
      const name = shape.name;
      const templateArn = stack.formatArn({ service: 'fis', resource: 'experiment-template', resourceName: this.template.attrId });
      // Starting an experiment needs only StartExperiment on the template and the new experiment.
      const start = new iam.PolicyStatement({ actions: ['fis:StartExperiment'], resources: [templateArn, experimentArn] });
      const scheduleArn = stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `default/${name}` });
      const role = leastPrivilegeRole(this, 'ScheduleRole', {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': scheduleArn } } }),
        description: `EventBridge Scheduler starts ${name}`,
        statements: [start],
        wildcardReason: 'Each run creates a new FIS experiment whose id is not known before; the statement names the template and experiments of this account and region.',
      });
      this.schedule = new scheduler.Schedule(this, 'Schedule', {
        scheduleName: name,
        description: `Scheduled DR drill of ${props.environment}: ${props.drill.toHumanString()}`,
        schedule: o.schedule,
        target: new targets.Universal({
          service: 'fis',
          action: 'startExperiment',
          input: scheduler.ScheduleTargetInput.fromObject({ ExperimentTemplateId: this.template.attrId, ClientToken: '<aws.scheduler.execution-id>' }),
          // The role's own managed policy holds the permission; an immutable reference keeps the target from adding an inline one.
          role: iam.Role.fromRoleArn(this, 'ScheduleRoleRef', role.roleArn, { mutable: false }),
          policyStatements: [start],
        }),
      });
    }
  }

  private shape(props: DrDrillResourceProps, stopNames: string): DrillShape {
    const stack = Stack.of(this);
    const drill = props.drill;
    switch (drill.kind) {
      case 'zone-network-disruption': {
        const o = drill.options as ZoneNetworkDisruptionOptions;
        const duration = o.duration ?? DEFAULT_DRILL_DURATION;
        // The permissions aws:network:disrupt-connectivity needs: it swaps the subnets' network ACL for
        // a deny-all one tagged managedByFIS and restores the original association afterwards.
        const aclArn = stack.formatArn({ service: 'ec2', resource: 'network-acl', resourceName: '*' });
        const subnetArn = stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: '*' });
        return {
          name: physicalName(props.environment, 'drill', o.zone, 'network'),
          description: `${props.environment}: cut the network of ${o.zone} for ${duration.toHumanString()}; stops on ${stopNames}`,
          statements: [
            new iam.PolicyStatement({ actions: ['ec2:CreateNetworkAcl', 'ec2:CreateTags'], resources: [aclArn], conditions: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } } }),
            new iam.PolicyStatement({ actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], resources: [aclArn], conditions: { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } } }),
            new iam.PolicyStatement({ actions: ['ec2:ReplaceNetworkAclAssociation'], resources: [aclArn, subnetArn] }),
            new iam.PolicyStatement({ actions: ['ec2:DescribeManagedPrefixLists', 'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries'], resources: ['*'] }),
          ],
          wildcardReason: 'FIS creates the deny-all network ACL at run time (its id is not known before), conditioned on the managedByFIS tag, and re-associates the targeted subnets, which FIS selects by tag at run time; EC2 Describe* calls support no resource-level permissions.',
          targets: {
            Subnets: {
              resourceType: 'aws:ec2:subnet',
              resourceTags: { ...o.subnetTags },
              filters: [{ path: 'AvailabilityZone', values: [o.zone] }],
              selectionMode: 'ALL',
            },
          },
          actions: {
            DisruptConnectivity: {
              actionId: 'aws:network:disrupt-connectivity',
              description: `Deny all traffic of the subnets in ${o.zone}`,
              parameters: { duration: `PT${duration.toMinutes()}M`, scope: 'all' },
              targets: { Subnets: 'Subnets' },
            },
          },
        };
      }
      case 'zonal-shift': {
        const o = drill.options as ZonalShiftOptions;
        const duration = o.duration ?? DEFAULT_ZONAL_SHIFT_DURATION;
        return {
          name: physicalName(props.environment, 'drill', o.zone, 'zonal-shift'),
          description: `${props.environment}: shift ${o.resourceArns.length} resource(s) away from ${o.zone} with ARC zonal shift for ${duration.toHumanString()}; stops on ${stopNames}`,
          // The permissions the FIS actions reference lists for aws:arc:start-zonal-autoshift. Starting a
          // shift is conditioned on the drilled resources (arc-zonal-shift:ResourceIdentifier, ARC's IAM guide).
          statements: [
            new iam.PolicyStatement({ actions: ['arc-zonal-shift:StartZonalShift'], resources: ['*'], conditions: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': [...o.resourceArns] } } }),
            new iam.PolicyStatement({
              actions: ['arc-zonal-shift:CancelZonalShift', 'arc-zonal-shift:GetManagedResource', 'arc-zonal-shift:ListManagedResources', 'arc-zonal-shift:UpdateZonalShift', 'autoscaling:DescribeTags', 'tag:GetResources'],
              resources: ['*'],
            }),
          ],
          wildcardReason: 'ARC zonal shift names the resources it shifts by the arc-zonal-shift:ResourceIdentifier condition (StartZonalShift is limited to the drilled resources); updating and cancelling act on the shift FIS started (its id is known only at run time), and ListManagedResources, autoscaling:DescribeTags and tag:GetResources support no resource-level permissions.',
          targets: {
            ManagedResources: { resourceType: 'aws:arc:zonal-shift-managed-resource', resourceArns: [...o.resourceArns], selectionMode: 'ALL' },
          },
          actions: {
            ZonalShift: {
              actionId: 'aws:arc:start-zonal-autoshift',
              description: `Shift traffic away from ${o.zone}`,
              // ANY: the named resources are shifted whether or not zonal autoshift is enabled on them (FIS's default, ENABLED, would skip them).
              parameters: { duration: `PT${duration.toMinutes()}M`, availabilityZoneIdentifier: o.zone, zonalAutoshiftStatus: 'ANY' },
              targets: { ManagedResources: 'ManagedResources' },
            },
          },
        };
      }
      case 'pod-delete': {
        const o = drill.options as PodDeleteOptions;
        const clusterName = o.clusterName ?? props.clusterName!;
        const selector = Object.entries(o.labelSelector).map(([k, v]) => `${k}=${v}`).join(',');
        const count = o.podCount ?? 1;
        return {
          name: physicalName(props.environment, 'drill', o.region, o.namespace, 'pod-delete'),
          description: `${props.environment}: delete ${count} pod(s) ${selector} in ${o.namespace} on ${clusterName}; stops on ${stopNames}`,
          // The permissions the FIS actions reference lists for aws:eks:pod-delete; the Kubernetes side is RBAC (FisPodDeleteRbac).
          statements: [
            new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: [stack.formatArn({ service: 'eks', resource: 'cluster', resourceName: clusterName })] }),
            new iam.PolicyStatement({ actions: ['ec2:DescribeSubnets', 'tag:GetResources'], resources: ['*'] }),
          ],
          wildcardReason: 'ec2:DescribeSubnets (FIS maps pods to zones by the cluster\'s subnets) and tag:GetResources support no resource-level permissions; the cluster itself is named.',
          targets: {
            Pods: {
              resourceType: 'aws:eks:pod',
              parameters: { clusterIdentifier: clusterName, namespace: o.namespace, selectorType: 'labelSelector', selectorValue: selector },
              selectionMode: `COUNT(${count})`,
            },
          },
          actions: {
            DeletePods: {
              actionId: 'aws:eks:pod-delete',
              description: `Delete ${count} pod(s) ${selector} in ${o.namespace}`,
              parameters: {
                kubernetesServiceAccount: FIS_POD_DELETE_SERVICE_ACCOUNT,
                // The FIS pod runs under the restricted Pod Security Standard (pod-delete is compatible with every level).
                fisPodSecurityPolicy: 'restricted',
                maxErrorsPercent: '0',
                ...(o.gracePeriod !== undefined ? { gracePeriodSeconds: String(o.gracePeriod.toSeconds()) } : {}),
              },
              targets: { Pods: 'Pods' },
            },
          },
        };
      }
    }
  }
}
