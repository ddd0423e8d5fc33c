import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RegionRole } from '../../lib/core';
import { EndpointHealthCheck } from '../../lib/geo-dns-routing';
import { DR_SCALER_GROUP, DrStrategy, RecoveryTier, RegionSwitchAccessEntry } from '../../lib/multi-region-dr';
import { unitTestApp } from '../support/app';
import { ACCOUNT, prodDr } from './fixtures';

/** A step of a synthesized Region switch plan, as far as the assertions read it. */
interface PlanStep {
  readonly Name: string;
  readonly ExecutionBlockType: string;
  readonly ExecutionBlockConfiguration: Record<string, { TimeoutMinutes?: number; Behavior?: string }>;
}

// One prod build shared by the intent assertions (synthesis is the slow part).
const f = prodDr();
const primary = Template.fromStack(f.stacks['us-east-1']);
const hot = Template.fromStack(f.stacks['us-west-2']);
const hotDb = Template.fromStack(f.databaseStacks['us-west-2']);
const global = Template.fromStack(f.global);

describe('data stores', () => {
  test('the primary bucket replicates to each standby with RTC, metrics, the replica region\'s key and no delete markers', () => {
    primary.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: `prod-objects-us-east-1-${ACCOUNT}`,
      VersioningConfiguration: { Status: 'Enabled' },
      Tags: Match.arrayWith([{ Key: 'resilience:backup-tier', Value: 'incremental' }]),
      ReplicationConfiguration: {
        Role: Match.anyValue(),
        Rules: [
          Match.objectLike({
            Id: 'to-us-west-2', Priority: 1, Status: 'Enabled',
            DeleteMarkerReplication: { Status: 'Disabled' },
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            Destination: {
              Bucket: `arn:aws:s3:::prod-objects-us-west-2-${ACCOUNT}`,
              EncryptionConfiguration: { ReplicaKmsKeyID: `arn:aws:kms:us-west-2:${ACCOUNT}:alias/prod-dr-us-west-2` },
              ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
              Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
            },
          }),
          Match.objectLike({ Id: 'to-eu-west-1', Priority: 2 }),
        ],
      },
    });
  });

  test('each replica bucket is versioned and encrypted with its own region\'s key', () => {
    hot.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: `prod-objects-us-west-2-${ACCOUNT}`,
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
    });
    hot.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/prod-dr-us-west-2' });
  });

  test('the global table has a replica with PITR, deletion protection and its own key in every region', () => {
    primary.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
    primary.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'prod-sessions',
      MultiRegionConsistency: 'EVENTUAL',
      Replicas: Match.arrayWith([
        Match.objectLike({
          Region: 'us-west-2',
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { KMSMasterKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:alias/prod-dr-us-west-2` },
          Tags: [{ Key: 'resilience:backup-tier', Value: 'incremental' }],
        }),
        Match.objectLike({ Region: 'eu-west-1', DeletionProtectionEnabled: true }),
        Match.objectLike({ Region: 'us-east-1', DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ]),
    });
  });

  test('Aurora: the writer in the primary under the global cluster, encrypted secondaries with the managed RPO in the standbys', () => {
    primary.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterIdentifier: 'prod-orders-us-east-1', StorageEncrypted: true, DeletionProtection: true, Engine: 'aurora-postgresql' });
    primary.hasResourceProperties('AWS::RDS::GlobalCluster', { GlobalClusterIdentifier: 'prod-orders', SourceDBClusterIdentifier: Match.anyValue(), DeletionProtection: true });
    primary.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { 'rds.force_ssl': '1', 'rds.global_db_rpo': '60' } });
    hotDb.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterIdentifier: 'prod-orders-us-west-2', GlobalClusterIdentifier: 'prod-orders', StorageEncrypted: true, KmsKeyId: Match.anyValue(),
      DeletionProtection: true, Tags: Match.arrayWith([{ Key: 'resilience:backup-tier', Value: 'postgres' }]),
    });
    hotDb.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  test('stacks deploy in an order that never points at a missing resource', () => {
    // the primary after the standbys (replica buckets and keys), the secondaries after the primary
    expect(f.stacks['us-east-1'].dependencies).toEqual(expect.arrayContaining([f.stacks['us-west-2'], f.stacks['eu-west-1']]));
    expect(f.databaseStacks['us-west-2'].dependencies).toEqual(expect.arrayContaining([f.stacks['us-east-1']]));
  });

  test('outside prod nothing is retained or deletion-protected', () => {
    const dev = prodDr({ retainData: false });
    const t = Template.fromStack(dev.stacks['us-east-1']);
    t.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
    t.hasResourceProperties('AWS::RDS::DBCluster', { DeletionProtection: false });
  });
});

describe('triggers and replication signals', () => {
  test('each region has the seeds\' triggers: two or more zones (composite), database, latency > 1000 ms, manual', () => {
    // "two or more of three zones" = (a AND b) OR (a AND c) OR (b AND c)
    const zones = Object.values(primary.findResources('AWS::CloudWatch::CompositeAlarm', { Properties: { AlarmName: 'prod-dr-us-east-1-zones-unhealthy' } }))[0];
    const rule = JSON.stringify(zones.Properties.AlarmRule);
    expect([rule.split(' AND ').length - 1, rule.split(' OR ').length - 1]).toEqual([3, 2]);
    for (const zone of ['a', 'b', 'c']) expect(rule).toContain(`DrprodTriggersZoneuseast1${zone}`);
    primary.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-dr-us-east-1-latency', Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 3 });
    primary.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-dr-us-east-1-database-failure', TreatMissingData: 'breaching' });
    primary.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-dr-us-east-1-manual-failover', Namespace: 'Resilience/DR', MetricName: 'ManualFailover' });
    primary.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'prod-dr-us-east-1-failover' });
    expect(f.dr.triggers.map((t) => t.region)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    expect(f.dr.triggers[1].databaseFailure).toBeUndefined();
  });

  test('replication metrics are exposed per region with the budget\'s threshold in the metric\'s unit', () => {
    const signals = f.dr.replicationSignals.flatMap((r) => r.signals.map((s) => `${r.region}:${s.store}->${s.destinationRegion}:${s.threshold}${s.unit === 'seconds' ? 's' : 'ms'}`));
    expect(signals).toEqual([
      'us-east-1:s3->us-west-2:900s', 'us-east-1:s3->eu-west-1:900s', 'us-east-1:dynamodb->us-west-2:60000ms', 'us-east-1:dynamodb->eu-west-1:60000ms',
      'us-west-2:aurora->us-west-2:60000ms', 'eu-west-1:aurora->eu-west-1:60000ms',
    ]);
  });
});

describe('failover plan', () => {
  test('one Region switch plan per standby, RTO from the tier, triggered by the primary\'s failover alarm', () => {
    global.resourceCountIs('AWS::ARCRegionSwitch::Plan', 2);
    global.hasResourceProperties('AWS::ARCRegionSwitch::Plan', {
      Name: 'prod-region-switch-us-west-2',
      RecoveryApproach: 'activePassive',
      PrimaryRegion: 'us-east-1',
      Regions: ['us-east-1', 'us-west-2'],
      RecoveryTimeObjectiveMinutes: 60,
      Triggers: [Match.objectLike({ Action: 'activate', TargetRegion: 'us-west-2', Conditions: [{ AssociatedAlarmName: 'prod-dr-us-east-1-failover', Condition: 'red' }] })],
      AssociatedAlarms: { 'prod-dr-us-east-1-failover': { AlarmType: 'trigger', ResourceIdentifier: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:prod-dr-us-east-1-failover` } },
    });
  });

  test('the failover workflow runs the seeds\' steps at their timeouts, the database and scale-up in between', () => {
    const plan = Object.values(global.findResources('AWS::ARCRegionSwitch::Plan', { Properties: { Name: 'prod-region-switch-us-west-2' } }))[0];
    const [failover, failback] = plan.Properties.Workflows;
    const timeout = (step: PlanStep): number | undefined => Object.values(step.ExecutionBlockConfiguration)[0].TimeoutMinutes;
    expect((failover.Steps as PlanStep[]).map((s) => [s.Name, s.ExecutionBlockType, timeout(s)])).toEqual([
      ['pre-failover-checks', 'CustomActionLambda', 2],
      ['initiate-failover', 'CustomActionLambda', 5],
      ['promote-database', 'AuroraGlobalDatabase', 5],
      ['scale-up-standby', 'EKSResourceScaling', 5],
      ['update-dns', 'CustomActionLambda', 10],
      ['verify', 'CustomActionLambda', 5],
      ['post-failover-notifications', 'CustomActionLambda', 2],
    ]);
    // the failback starts with an approval and switches the database over without data loss
    expect(failback.WorkflowTargetRegion).toBe('us-east-1');
    expect(failback.Steps[0]).toMatchObject({ ExecutionBlockType: 'ManualApproval', ExecutionBlockConfiguration: { ExecutionApprovalConfig: { ApprovalRole: `arn:aws:iam::${ACCOUNT}:role/resilience-failback-approver` } } });
    expect((failback.Steps as PlanStep[]).find((s) => s.ExecutionBlockType === 'AuroraGlobalDatabase')!.ExecutionBlockConfiguration.GlobalAuroraConfig.Behavior).toBe('switchoverOnly');
    // DNS moves through GeoDnsRouting's operator switch, never by record
    const payload = JSON.stringify(failover.Steps[4].ExecutionBlockConfiguration.CustomActionLambdaConfig.Lambdas[0].Payload);
    expect(payload).toContain('\\"dnsSwitch\\":{\\"hostname\\":\\"api.example.com\\",\\"namespace\\":\\"Resilience/DNS\\",\\"metric\\":\\"RegionRoutingEnabled\\",\\"region\\":\\"us-east-1\\"}');
    expect(Object.keys(global.findResources('AWS::Route53::RecordSet')).filter((id) => id.startsWith('Dr'))).toEqual([]);
  });

  test('the EKS step scales the workloads the Kubernetes half labels, to 100 % of the other region', () => {
    global.hasResourceProperties('AWS::ARCRegionSwitch::Plan', {
      Name: 'prod-region-switch-eu-west-1',
      Workflows: Match.arrayWith([Match.objectLike({ Steps: Match.arrayWith([Match.objectLike({
        ExecutionBlockType: 'EKSResourceScaling',
        ExecutionBlockConfiguration: { EksResourceScalingConfig: Match.objectLike({
          KubernetesResourceType: { ApiVersion: 'apps/v1', Kind: 'Deployment' },
          TargetPercent: 100,
          EksClusters: [{ ClusterArn: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod-us-east-1` }, { ClusterArn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/prod-eu-west-1` }],
          ScalingResources: [{ 'api-api': { 'us-east-1': { Namespace: 'api', Name: 'api', HpaName: 'api' }, 'eu-west-1': { Namespace: 'api', Name: 'api', HpaName: 'api' } } }],
        }) },
      })]) })]),
    });
  });
});

describe('EKS resource scaling targets and access', () => {
  test('a workload named per region is scaled under its own name in each, and one missing from a plan\'s region is left out of that plan', () => {
    // GIVEN a user Deployment named differently per cluster, and a workload only in the primary and us-west-2
    const t = Template.fromStack(prodDr({ kubernetes: {
      clusterNames: { 'us-east-1': 'prod-us-east-1', 'us-west-2': 'prod-us-west-2', 'eu-west-1': 'prod-eu-west-1' },
      workloads: [
        { namespace: 'web', name: 'web-east', nameByRegion: { 'us-east-1': 'web-east', 'us-west-2': 'web-west', 'eu-west-1': 'web-eu' }, hpaName: 'web-stable' },
        { namespace: 'jobs', name: 'jobs-stable', regions: ['us-east-1', 'us-west-2'] },
      ],
    } }, unitTestApp()).global);
    const config = (plan: string): Record<string, unknown> => {
      const [resource] = Object.values(t.findResources('AWS::ARCRegionSwitch::Plan', { Properties: { Name: plan } }));
      const steps = (resource.Properties.Workflows[0].Steps as PlanStep[]);
      return steps.find((st) => st.ExecutionBlockType === 'EKSResourceScaling')!.ExecutionBlockConfiguration.EksResourceScalingConfig as Record<string, unknown>;
    };
    // THEN each region's entry names that region's Deployment, with the HPA ARC patches
    expect(config('prod-region-switch-us-west-2').ScalingResources).toEqual([
      { 'web-web-east': { 'us-east-1': { Namespace: 'web', Name: 'web-east', HpaName: 'web-stable' }, 'us-west-2': { Namespace: 'web', Name: 'web-west', HpaName: 'web-stable' } } },
      { 'jobs-jobs-stable': { 'us-east-1': { Namespace: 'jobs', Name: 'jobs-stable', HpaName: 'jobs-stable' }, 'us-west-2': { Namespace: 'jobs', Name: 'jobs-stable', HpaName: 'jobs-stable' } } },
    ]);
    // AND the eu-west-1 plan leaves out the workload that does not run there
    expect(config('prod-region-switch-eu-west-1').ScalingResources).toEqual([
      { 'web-web-east': { 'us-east-1': { Namespace: 'web', Name: 'web-east', HpaName: 'web-stable' }, 'eu-west-1': { Namespace: 'web', Name: 'web-eu', HpaName: 'web-stable' } } },
    ]);
  });

  test('the execution role has a deterministic name and ARC\'s EKS permissions, scoped to the plan\'s clusters and their access entries', () => {
    global.hasResourceProperties('AWS::IAM::Role', { RoleName: 'prod-region-switch-us-west-2-execution' });
    expect(f.dr.plans.map((p) => [p.executionRoleName, p.scaledClusterRegions])).toEqual([
      ['prod-region-switch-us-west-2-execution', ['us-east-1', 'us-west-2']],
      ['prod-region-switch-eu-west-1-execution', ['us-east-1', 'eu-west-1']],
    ]);
    global.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: 'ARC Region switch plan prod-region-switch-us-west-2',
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: 'eks:DescribeCluster', Resource: [`arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod-us-east-1`, `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/prod-us-west-2`] }),
        Match.objectLike({ Action: 'eks:ListAssociatedAccessPolicies', Resource: [`arn:aws:eks:us-east-1:${ACCOUNT}:access-entry/prod-us-east-1/*`, `arn:aws:eks:us-west-2:${ACCOUNT}:access-entry/prod-us-west-2/*`] }),
      ]) },
    });
  });

  test('the access entry maps the execution role to the DR scaler group, with no EKS access policy', () => {
    const app = unitTestApp();
    const stack = new Stack(app, 'West', { env: { account: ACCOUNT, region: 'us-west-2' } });
    new RegionSwitchAccessEntry(stack, 'Access', { clusterName: 'prod-us-west-2', executionRoleName: 'prod-region-switch-us-west-2-execution' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: 'prod-us-west-2',
      PrincipalArn: `arn:aws:iam::${ACCOUNT}:role/prod-region-switch-us-west-2-execution`,
      Type: 'STANDARD',
      KubernetesGroups: [DR_SCALER_GROUP],
      AccessPolicies: Match.absent(),
    });
  });
});

describe('drills, Resilience Hub, routing controls', () => {
  test('the drill cuts one zone\'s subnets, stops on the region\'s failover alarm and runs on a schedule', () => {
    hot.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: Match.anyValue() }],
      Targets: { Subnets: { ResourceType: 'aws:ec2:subnet', ResourceTags: { 'resilience:tier': 'app' }, Filters: [{ Path: 'AvailabilityZone', Values: ['us-west-2a'] }], SelectionMode: 'ALL' } },
      Actions: { DisruptConnectivity: Match.objectLike({ ActionId: 'aws:network:disrupt-connectivity', Parameters: { duration: 'PT10M', scope: 'all' } }) },
    });
    hot.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 10 ? * TUE *)', Target: Match.objectLike({ Arn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':scheduler:::aws-sdk:fis:startExperiment')])] } }) });
    primary.resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
  });

  test('Resilience Hub holds the tier\'s RTO and RPO for every disruption type, over the region\'s stack', () => {
    const objectives = { RtoInSecs: 3600, RpoInSecs: 900 };
    primary.hasResourceProperties('AWS::ResilienceHub::ResiliencyPolicy', { Tier: 'Critical', Policy: { AZ: objectives, Hardware: objectives, Software: objectives, Region: objectives } });
    primary.hasResourceProperties('AWS::ResilienceHub::App', { ResourceMappings: [{ MappingType: 'CfnStack', PhysicalResourceId: { Type: 'Arn', Identifier: { Ref: 'AWS::StackId' } } }] });
  });

  test('routing controls are off by default and, when on, live in us-west-2 with both safety rules', () => {
    expect(f.dr.routingControls).toBeUndefined();
    const app = unitTestApp();
    const arc = new Stack(app, 'Arc', { env: { account: ACCOUNT, region: 'us-west-2' } });
    const on = prodDr({ routingControls: { stack: arc } }, app);
    const t = Template.fromStack(arc);
    t.resourceCountIs('AWS::Route53RecoveryControl::Cluster', 1);
    t.resourceCountIs('AWS::Route53RecoveryControl::RoutingControl', 4);
    t.hasResourceProperties('AWS::Route53RecoveryControl::SafetyRule', { RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false }, AssertionRule: Match.anyValue() });
    t.hasResourceProperties('AWS::Route53RecoveryControl::SafetyRule', { GatingRule: Match.anyValue() });
    expect(Object.keys(on.dr.routingControls!.routingControlArns)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    // The controls themselves are exposed too: GeoDnsRouting's recovery-control checks take a
    // deploy-time ARN only from the control (a bare token string is rejected there).
    const controls = on.dr.routingControls!.routingControls;
    expect(Object.keys(controls)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    for (const [region, control] of Object.entries(controls)) expect(arc.resolve(control.attrRoutingControlArn)).toEqual(arc.resolve(on.dr.routingControls!.routingControlArns[region]));
    expect(arc.resolve(EndpointHealthCheck.recoveryControl(controls['us-east-1']).routingControlArn)).toEqual({ Ref: expect.stringMatching(/RoutingControlsControluseast1/) }); // Ref of a routing control is its ARN
  });
});

describe('stable identities', () => {
  test('logical IDs of keys, buckets, tables and clusters are pinned', () => {
    const ids = (t: Template, type: string): string[] => Object.keys(t.findResources(type)).sort();
    expect(ids(primary, 'AWS::KMS::Key')).toEqual(['DrprodKey0A332FB0', 'DrprodRunbookKeyAB4C558E']);
    expect(ids(primary, 'AWS::S3::Bucket')).toEqual(['DrprodAccessLogs50903010', 'DrprodBucket7939A879']);
    expect(ids(primary, 'AWS::DynamoDB::GlobalTable')).toEqual(['DrprodTable99381988']);
    expect(ids(primary, 'AWS::RDS::DBCluster')).toEqual(['DrprodCluster3D26ACD3']);
    expect(ids(primary, 'AWS::RDS::GlobalCluster')).toEqual(['DrprodGlobalCluster8CAEA54D']);
    expect(ids(hot, 'AWS::S3::Bucket')).toEqual(['DrprodAccessLogs50903010', 'DrprodBucket7939A879']);
    expect(ids(hotDb, 'AWS::RDS::DBCluster')).toEqual(['DrprodCluster02B7387B']);
    expect(ids(global, 'AWS::ARCRegionSwitch::Plan')).toEqual(['DrPlaneuwest1FB773D53', 'DrPlanuswest27D08A3AD']);
  });
});

describe('composition alternatives', () => {
  test('the seeds\' active-active 70/30 is a one-line alternative: an activeActive plan that deactivates the failing region', () => {
    const aa = prodDr({ strategy: DrStrategy.seedActiveActive(), tier: RecoveryTier.t2() }, unitTestApp(), [
      { region: 'us-east-1', role: RegionRole.PRIMARY }, { region: 'us-west-2', role: RegionRole.HOT_STANDBY },
    ]);
    Template.fromStack(aa.global).hasResourceProperties('AWS::ARCRegionSwitch::Plan', {
      RecoveryApproach: 'activeActive',
      Triggers: [Match.objectLike({ Action: 'deactivate', TargetRegion: 'us-east-1' })],
      Workflows: [Match.objectLike({ WorkflowTargetAction: 'deactivate', WorkflowTargetRegion: 'us-east-1' }), Match.objectLike({ WorkflowTargetAction: 'activate' })],
    });
    expect(aa.dr.budget.strategy).toBe('active-active');
    expect(Duration.minutes(aa.dr.budget.rto.minutes).toMinutes({ integral: false })).toBeLessThanOrEqual(60);
  });
});

describe('backup and restore (dev)', () => {
  test('one region, no plan, stores protected by their backups and tagged for the vault', () => {
    const dev = prodDr({
      strategy: DrStrategy.backupAndRestore({ restoreTime: Duration.hours(4) }),
      tier: RecoveryTier.t4(),
      retainData: false,
      kubernetes: undefined,
      stores: {
        objectStorage: { name: 'objects', deleteMarkers: 'replicate', backup: { interval: Duration.hours(1) } },
        keyValue: { name: 'sessions', partitionKey: 'pk', backup: { interval: Duration.hours(1), continuous: true } },
      },
    }, unitTestApp(), [{ region: 'us-east-1', role: RegionRole.PRIMARY }]);
    const t = Template.fromStack(dev.stacks['us-east-1']);
    t.hasResourceProperties('AWS::S3::Bucket', { BucketName: `prod-objects-us-east-1-${ACCOUNT}`, ReplicationConfiguration: Match.absent(), Tags: Match.arrayWith([{ Key: 'resilience:backup-tier', Value: 'incremental' }]) });
    t.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ Region: 'us-east-1' })] });
    t.resourceCountIs('AWS::Lambda::Function', 0);
    Template.fromStack(dev.global).resourceCountIs('AWS::ARCRegionSwitch::Plan', 0);
    expect(dev.dr.budget.rpo.minutes).toBe(60);
  });
});

describe('with routing controls', () => {
  test('the plan moves DNS with ARC routing controls: the failed region OFF at initiate, the target ON at update-dns', () => {
    const app = unitTestApp();
    const arc = new Stack(app, 'Arc', { env: { account: ACCOUNT, region: 'us-west-2' } });
    const on = prodDr({ routingControls: { stack: arc } }, app);
    const plan = Object.values(Template.fromStack(on.global).findResources('AWS::ARCRegionSwitch::Plan', { Properties: { Name: 'prod-region-switch-us-west-2' } }))[0];
    const steps = plan.Properties.Workflows[0].Steps as PlanStep[];
    const arcSteps = steps.filter((s) => s.ExecutionBlockType === 'ARCRoutingControl');
    expect(arcSteps.map((s) => s.Name)).toEqual(['initiate-failover', 'update-dns']);
    const states = arcSteps.map((s) => JSON.stringify(s.ExecutionBlockConfiguration));
    expect(states[0]).toMatch(/"us-east-1":\[\{"RoutingControlArn":.*"State":"Off"\}\]/);
    expect(states[1]).toMatch(/"us-west-2":\[\{"RoutingControlArn":.*"State":"On"\}\]/);
  });
});
