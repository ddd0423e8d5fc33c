import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { invalid, physicalName, requireIntegerInRange, ValidationScope } from '../core';
import { leastPrivilegeRole } from './least-privilege-role';

/** Options of a zone network disruption drill. */
export interface ZoneNetworkDisruptionOptions {
  /** Region drilled. */
  readonly region: string;
  /** The availability zone whose subnets lose connectivity, e.g. `us-west-2a`. */
  readonly zone: string;
  /** Tags that select the workload's subnets (FIS selects subnets by tag, then filters by zone). */
  readonly subnetTags: Readonly<Record<string, string>>;
  /**
   * How long connectivity is cut, whole minutes from 1 to 720 (FIS limit: 12 hours).
   * @default Duration.minutes(10)
   */
  readonly duration?: Duration;
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

  private constructor(public readonly kind: 'zone-network-disruption', public readonly options: ZoneNetworkDisruptionOptions) {}

  public get region(): string {
    return this.options.region;
  }

  /** Duration, subnet tags and stop conditions. */
  public validate(scope: ValidationScope, prop: string, regions: readonly string[]): void {
    if (!regions.includes(this.options.region)) {
      invalid(scope, `${prop}.region`, this.options.region, `a region of the environment (${regions.join(', ')})`);
    }
    if (!this.options.zone.startsWith(this.options.region)) {
      invalid(scope, `${prop}.zone`, this.options.zone, `an availability zone of ${this.options.region}`);
    }
    if (Object.keys(this.options.subnetTags).length === 0) {
      invalid(scope, `${prop}.subnetTags`, this.options.subnetTags, 'at least one tag selecting the workload\'s subnets (an empty selection would target every subnet of the account)');
    }
    const duration = this.options.duration ?? DEFAULT_DRILL_DURATION;
    requireIntegerInRange(scope, `${prop}.duration`, duration.toMinutes({ integral: false }), 1, 720, 'minutes');
    if (this.options.stopConditions !== undefined && this.options.stopConditions.length === 0) {
      invalid(scope, `${prop}.stopConditions`, [], 'at least one CloudWatch alarm that stops the experiment (omit it for the region\'s failover alarm); a drill without a stop condition can turn into an outage');
    }
  }

  public toHumanString(): string {
    return `DrDrill.${this.kind}(${this.options.zone})`;
  }
}

/** Default length of a network disruption drill. */
export const DEFAULT_DRILL_DURATION = Duration.minutes(10);

/** Props of the drill's resources in its region's stack. */
export interface DrDrillResourceProps {
  readonly environment: string;
  readonly drill: DrDrill;
  /** The stop condition when the drill names none: the region's failover alarm. */
  readonly defaultStopCondition: cloudwatch.IAlarm;
}

/** The experiment template, its least-privilege role and (when asked) its schedule. */
export class DrDrillResources extends Construct {
  public readonly template: fis.CfnExperimentTemplate;
  public readonly role: iam.Role;
  public readonly schedule?: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: DrDrillResourceProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const o = props.drill.options;
    const experimentArn = stack.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*' });
    // The permissions aws:network:disrupt-connectivity needs: it swaps the subnets' network ACL for
    // a deny-all one tagged managedByFIS and restores the original association afterwards.
    const aclArn = stack.formatArn({ service: 'ec2', resource: 'network-acl', resourceName: '*' });
    const subnetArn = stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: '*' });
    this.role = leastPrivilegeRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': experimentArn } },
      }),
      description: `FIS drill ${props.drill.toHumanString()} of ${props.environment}`,
      statements: [
        new iam.PolicyStatement({ actions: ['ec2:CreateNetworkAcl', 'ec2:CreateTags'], resources: [aclArn], conditions: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } } }),
        new iam.PolicyStatement({ actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], resources: [aclArn], conditions: { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } } }),
        new iam.PolicyStatement({ actions: ['ec2:ReplaceNetworkAclAssociation'], resources: [aclArn, subnetArn] }),
        new iam.PolicyStatement({ actions: ['ec2:DescribeManagedPrefixLists', 'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries'], resources: ['*'] }),
      ],
      wildcardReason: 'FIS creates the deny-all network ACL at run time (its id is not known before), conditioned on the managedByFIS tag, and re-associates the targeted subnets, which FIS selects by tag at run time; EC2 Describe* calls support no resource-level permissions.',
    });

    const stopConditions = o.stopConditions ?? [props.defaultStopCondition];
    const duration = o.duration ?? DEFAULT_DRILL_DURATION;
    const name = physicalName(props.environment, 'drill', o.zone, 'network');
    this.template = new fis.CfnExperimentTemplate(this, 'Template', {
      description: `${props.environment}: cut the network of ${o.zone} for ${duration.toHumanString()}; stops on ${stopConditions.map((a) => a.alarmName).join(', ')}`,
      roleArn: this.role.roleArn,
      stopConditions: stopConditions.map((alarm) => ({ source: 'aws:cloudwatch:alarm', value: alarm.alarmArn })),
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
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
      tags: { Name: name },
    });

    if (o.schedule !== undefined) {
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
}
