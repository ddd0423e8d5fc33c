import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cdk8s from 'cdk8s';
import { RegionRole } from '../../lib/core';
import { DR_FULL_CAPACITY_ANNOTATION, DR_ROLE_LABEL, drBudgetSummary, DrStrategy, RecoveryTier } from '../../lib/multi-region-dr';
import { drWorkloadPlacement } from '../../lib/multi-region-dr/k8s';
import { DR_CHART_ID, EnvironmentDescription, SERVICE_MESH_CHART_ID, synthPlatformApp, validateEnvironments } from '../../lib/platform';
import { ENVIRONMENTS } from '../../stacks/environments';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { buildPlatform, CHECKOUT, imageService, otherTeamEnvironments, platformApp } from './support';

const dev = ENVIRONMENTS.find((e) => e.name === 'dev')!;
const staging = ENVIRONMENTS.find((e) => e.name === 'staging')!;
const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
const withDr = (e: EnvironmentDescription, dr: Partial<EnvironmentDescription['dr']>): EnvironmentDescription => ({ ...e, dr: { ...e.dr, ...dr } });

// The lines synth prints (README, "MultiRegionDr": budgets of every environment).
const BUDGET_LINES = [
  'dev: backup-and-restore T4: RTO 254.5 min of 1440 min ok, RPO 60 min of 240 min ok (weakest: s3 dev-objects-us-east-1-111111111111 (backups only))',
  'staging: hot-standby T2: RTO 38.5 min of 60 min ok, RPO 15 min of 15 min ok (weakest: s3 staging-objects-us-east-1-222222222222 (S3 Replication Time Control))',
  'prod: hot-standby T2: RTO 38.5 min of 60 min ok, RPO 15 min of 15 min ok (weakest: s3 prod-objects-us-east-1-333333333333 (S3 Replication Time Control))',
];

describe('MultiRegionDr composed into every environment', () => {
  const platform = buildPlatform(ENVIRONMENTS);

  test('every environment meets its tier: the budgets synth prints', () => {
    // GIVEN this repository's environments WHEN built THEN each has its MultiRegionDr, meeting its tier
    expect([...platform.dr.keys()]).toEqual(['dev', 'staging', 'prod']);
    expect([...platform.dr.values()].map((dr) => drBudgetSummary(dr.budget))).toEqual(BUDGET_LINES);
    expect([...platform.dr.values()].every((dr) => dr.budget.meetsRto && dr.budget.meetsRpo)).toBe(true);
  });

  test('prod at T1 fails on both RTO (the 24-minute runbook) and RPO (S3 RTC\'s 15 minutes), naming the environment and the numbers', () => {
    // GIVEN prod asking for T1 WHEN built THEN both misses are reported together
    const build = () => buildPlatform([withDr(prod, { tier: RecoveryTier.t1() })]);
    expect(build).toThrow(/Prod\/Global\/Dr: tier = "T1 \(RTO 15 min, RPO 5 min\)": a tier environment "prod" can meet: its RTO budget is 38\.5 min > 15 min \(.*; largest: update DNS 10 min\)/);
    expect(build).toThrow(/Prod\/Global\/Dr: tier = "T1 \(RTO 15 min, RPO 5 min\)": a tier environment "prod" can meet: its RPO bound is 15 min > 5 min, set by s3 prod-objects-us-east-1-333333333333 \(S3 Replication Time Control\)/);
  });

  test('prod runs the seeds\' three stores over three regions; staging the same over two; dev backup and restore on one', () => {
    const prodPrimary = Template.fromStack(platform.stacks.get('prod/us-east-1')!);
    prodPrimary.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'prod-sessions',
      Replicas: Match.arrayWith([Match.objectLike({ Region: 'us-west-2' }), Match.objectLike({ Region: 'eu-west-1' }), Match.objectLike({ Region: 'us-east-1', DeletionProtectionEnabled: true })]),
    });
    prodPrimary.hasResourceProperties('AWS::RDS::GlobalCluster', { GlobalClusterIdentifier: 'prod-orders', DeletionProtection: true });
    prodPrimary.hasResourceProperties('AWS::S3::Bucket', {
      ReplicationConfiguration: { Role: Match.anyValue(), Rules: Match.arrayWith([Match.objectLike({ Destination: Match.objectLike({ ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } } }) })]) },
    });
    // The Aurora secondaries in stacks of their own (the primary's stack waits for the replica buckets there).
    expect([...platform.drStacks.keys()]).toEqual(['staging/us-west-2', 'prod/us-west-2', 'prod/eu-west-1']);
    for (const key of ['prod/us-west-2', 'prod/eu-west-1', 'staging/us-west-2']) {
      Template.fromStack(platform.drStacks.get(key)!).hasResourceProperties('AWS::RDS::DBCluster', { GlobalClusterIdentifier: key.startsWith('prod') ? 'prod-orders' : 'staging-orders', StorageEncrypted: true });
    }
    Template.fromStack(platform.stacks.get('staging/us-east-1')!).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: Match.arrayWith([Match.objectLike({ Region: 'us-west-2' }), Match.objectLike({ Region: 'us-east-1' })]),
    });
    // Dev: no replicas, no plan; each store protected by its backup tier.
    const devPrimary = Template.fromStack(platform.stacks.get('dev/us-east-1')!);
    devPrimary.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ Region: 'us-east-1' })] });
    devPrimary.resourceCountIs('AWS::Lambda::Function', 0);
    expect(platform.dr.get('dev')!.plans).toEqual([]);
    Template.fromStack(platform.globals.get('dev')!).resourceCountIs('AWS::ARCRegionSwitch::Plan', 0);
    Template.fromStack(platform.globals.get('prod')!).resourceCountIs('AWS::ARCRegionSwitch::Plan', 2);
  });

  test('imports each region\'s database network from the description\'s attributes (no lookup)', () => {
    const attributes = prod.dr.stores!.postgres!.networks;
    Template.fromStack(platform.stacks.get('prod/us-east-1')!).hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: [...attributes['us-east-1'].isolatedSubnetIds] });
    Template.fromStack(platform.drStacks.get('prod/eu-west-1')!).hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: [...attributes['eu-west-1'].isolatedSubnetIds] });
    Template.fromStack(platform.drStacks.get('prod/eu-west-1')!).hasResourceProperties('AWS::EC2::SecurityGroup', { VpcId: attributes['eu-west-1'].vpcId });
  });

  test('each region\'s triggers watch the load balancer the description names; monitoring reaches them through platform.dr', () => {
    const dr = platform.dr.get('prod')!;
    expect(dr.triggers.map((t) => t.region)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    expect(dr.replicationSignals.map((s) => s.region)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    const lb = prod.dr.loadBalancers['us-west-2'];
    Template.fromStack(platform.stacks.get('prod/us-west-2')!).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'prod-dr-us-west-2-zone-us-west-2a-unhealthy',
      MetricName: 'HealthyHostCount',
      Namespace: 'AWS/ApplicationELB',
      Dimensions: Match.arrayWith([{ Name: 'LoadBalancer', Value: lb.loadBalancer }, { Name: 'TargetGroup', Value: lb.targetGroup }]),
    });
  });

  test('staging runs every drill in its standby on a schedule (network Tuesday, zonal shift Wednesday, pod deletion Thursday); prod has zonal shift and pod deletion templates, none scheduled; dev none', () => {
    const stagingStandby = Template.fromStack(platform.stacks.get('staging/us-west-2')!);
    const actions = Object.values(stagingStandby.findResources('AWS::FIS::ExperimentTemplate')).map((t) => Object.values(t.Properties.Actions as Record<string, { ActionId: string }>)[0].ActionId).sort();
    expect(actions).toEqual(['aws:arc:start-zonal-autoshift', 'aws:eks:pod-delete', 'aws:network:disrupt-connectivity']);
    for (const day of ['TUE', 'WED', 'THU']) stagingStandby.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: `cron(0 10 ? * ${day} *)` });
    stagingStandby.hasResourceProperties('AWS::FIS::ExperimentTemplate', { Targets: { ManagedResources: Match.objectLike({ ResourceArns: ['arn:aws:elasticloadbalancing:us-west-2:222222222222:loadbalancer/app/ingress-us-west-2/22221000000000ab'] }) } });
    stagingStandby.hasResourceProperties('AWS::EKS::AccessEntry', { ClusterName: 'staging-us-west-2', KubernetesGroups: ['resilience:fis-pod-delete'] });
    const count = (key: string, type: string) => Object.keys(Template.fromStack(platform.stacks.get(key)!).findResources(type)).length;
    expect(['prod/us-east-1', 'prod/us-west-2', 'prod/eu-west-1', 'dev/us-east-1'].map((key) => count(key, 'AWS::FIS::ExperimentTemplate'))).toEqual([0, 2, 1, 0]);
    for (const key of ['prod/us-west-2', 'prod/eu-west-1']) expect(count(key, 'AWS::Scheduler::Schedule')).toBe(0);
  });

  test('the standby clusters with a pod deletion drill get its service account and namespace RBAC in the dr chart; the others none', () => {
    const fisObjects = (key: string) => ((platform.clusters.get(key)!.node.tryFindChild(DR_CHART_ID) as cdk8s.Chart).toJson() as Array<{ kind: string; metadata: { name: string; namespace?: string } }>)
      .filter((o) => o.metadata.name === 'fis-pod-delete').map((o) => `${o.kind}/${o.metadata.namespace}`);
    for (const key of ['staging/us-west-2', 'prod/us-west-2', 'prod/eu-west-1']) expect(fisObjects(key)).toEqual(['ServiceAccount/api', 'Role/api', 'RoleBinding/api']);
    for (const key of ['staging/us-east-1', 'prod/us-east-1', 'dev/us-east-1']) expect(fisObjects(key)).toEqual([]);
  });

  test('the plan scales every Deployment that runs a service\'s pods (each static track, with its HPA), to full capacity', () => {
    const resources = (env: string, plan: string): Array<Record<string, Record<string, { Namespace: string; Name: string; HpaName: string }>>> => {
      const [resource] = Object.values(Template.fromStack(platform.globals.get(env)!).findResources('AWS::ARCRegionSwitch::Plan', { Properties: { Name: plan } }));
      const steps = resource.Properties.Workflows[0].Steps as Array<{ ExecutionBlockType: string; ExecutionBlockConfiguration: { EksResourceScalingConfig: { ScalingResources: [] } } }>;
      return steps.find((st) => st.ExecutionBlockType === 'EKSResourceScaling')!.ExecutionBlockConfiguration.EksResourceScalingConfig.ScalingResources;
    };
    const eu = resources('prod', 'prod-region-switch-eu-west-1');
    // THEN the fixed-split services' stable and canary Deployments; the Rollout-delivered api and main are not ARC's to scale
    expect(eu.map((r) => Object.keys(r)[0])).toEqual([
      'background-jobs-background-jobs-stable', 'background-jobs-background-jobs-canary',
      'executions-executions-stable', 'executions-executions-canary',
      'health-checks-health-checks-stable', 'health-checks-health-checks-canary',
    ]);
    expect(eu[0]['background-jobs-background-jobs-stable']).toEqual({
      'us-east-1': { Namespace: 'background-jobs', Name: 'background-jobs-stable', HpaName: 'background-jobs-stable' },
      'eu-west-1': { Namespace: 'background-jobs', Name: 'background-jobs-stable', HpaName: 'background-jobs-stable' },
    });
    // AND each target is a Deployment the cluster's manifests really hold, with the HPA named
    for (const entry of eu) {
      for (const [region, target] of Object.entries(Object.values(entry)[0])) {
        const objects = platform.clusters.get(`prod/${region}`)!.charts.flatMap((c) => c.toJson() as Array<{ kind: string; metadata: { name: string; namespace?: string }; spec?: { scaleTargetRef?: { name: string } } }>);
        expect(objects.some((o) => o.kind === 'Deployment' && o.metadata.name === target.Name && o.metadata.namespace === target.Namespace)).toBe(true);
        expect(objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === target.HpaName)!.spec!.scaleTargetRef!.name).toBe(target.Name);
      }
    }
  });

  test('a Rollout-delivered service runs the standbys the plan scales at full capacity at rest; a Deployment-delivered one at its role\'s replicas', () => {
    const hpa = (key: string, service: string, name: string) => (platform.clusters.get(key)!.node.tryFindChild(`service-${service}`) as cdk8s.Chart).toJson()
      .find((o: { kind: string; metadata: { name: string } }) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === name).spec;
    expect(hpa('prod/us-west-2', 'main', 'main')).toMatchObject({ minReplicas: 9, maxReplicas: 9 });
    expect(hpa('prod/eu-west-1', 'api', 'api')).toMatchObject({ minReplicas: 9, maxReplicas: 9 });
    expect(hpa('prod/us-east-1', 'main', 'main')).toMatchObject({ minReplicas: 9, maxReplicas: 9 });
    expect(hpa('prod/eu-west-1', 'executions', 'executions-stable')).toMatchObject({ minReplicas: 3, maxReplicas: 9 });
    expect(hpa('prod/us-west-2', 'executions', 'executions-stable')).toMatchObject({ minReplicas: 6, maxReplicas: 9 });
  });

  test('every cluster a plan scales lets the plan\'s execution role in through an access entry in its own region\'s stack, mapped to the scaler group', () => {
    const entries = (key: string) => Object.values(Template.fromStack(platform.stacks.get(key)!).findResources('AWS::EKS::AccessEntry')).map((r) => r.Properties)
      // The FIS pod-deletion drills have their own entries (group resilience:fis-pod-delete).
      .filter((p) => (p.KubernetesGroups as string[]).includes('resilience:region-switch'));
    expect(entries('prod/us-east-1')).toMatchObject([
      { ClusterName: 'prod-us-east-1', PrincipalArn: 'arn:aws:iam::333333333333:role/prod-region-switch-us-west-2-execution', Type: 'STANDARD', KubernetesGroups: ['resilience:region-switch'] },
      { ClusterName: 'prod-us-east-1', PrincipalArn: 'arn:aws:iam::333333333333:role/prod-region-switch-eu-west-1-execution', Type: 'STANDARD', KubernetesGroups: ['resilience:region-switch'] },
    ]);
    expect(entries('prod/us-west-2').map((e) => e.PrincipalArn)).toEqual(['arn:aws:iam::333333333333:role/prod-region-switch-us-west-2-execution']);
    expect(entries('prod/eu-west-1').map((e) => e.PrincipalArn)).toEqual(['arn:aws:iam::333333333333:role/prod-region-switch-eu-west-1-execution']);
    expect(entries('staging/us-west-2').map((e) => e.ClusterName)).toEqual(['staging-us-west-2']);
    expect(entries('dev/us-east-1')).toEqual([]);
    // AND the role the entry names is the plan's, created first (the regional stack deploys after the global one)
    Template.fromStack(platform.globals.get('prod')!).hasResourceProperties('AWS::IAM::Role', { RoleName: 'prod-region-switch-eu-west-1-execution' });
    expect(platform.stacks.get('prod/eu-west-1')!.dependencies).toContain(platform.globals.get('prod'));
  });
});

describe('the dr chart of every cluster', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-k8s-'));
  const platform = buildPlatform(ENVIRONMENTS, { manifestsDir: dir });

  test('one per cluster: every service\'s DR capacity, the scaler RBAC, and no second disruption budget on standbys', () => {
    for (const [key, app] of platform.clusters) {
      const chart = app.node.tryFindChild(DR_CHART_ID) as cdk8s.Chart;
      const objects = chart.toJson() as Array<{ kind: string; metadata: { name: string; annotations?: Record<string, string> }; data?: Record<string, string> }>;
      // ServiceMeshCanary's PodDisruptionBudget already selects these pods: two budgets on one pod block every eviction.
      expect([key, objects.filter((o) => o.kind === 'PodDisruptionBudget')]).toEqual([key, []]);
      expect(objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name)).toEqual(['api-dr', 'main-dr', 'background-jobs-dr', 'executions-dr', 'health-checks-dr']);
      expect(kubernetesSchemaErrors(objects)).toEqual([]);
    }
    const eu = (platform.clusters.get('prod/eu-west-1')!.node.tryFindChild(DR_CHART_ID) as cdk8s.Chart).toJson() as Array<{ kind: string; metadata: { name: string; annotations?: Record<string, string> }; data?: Record<string, string> }>;
    const api = eu.find((o) => o.metadata.name === 'api-dr')!;
    // api is delivered by a Rollout, which ARC cannot scale: at full capacity at rest; executions is scaled by the plan
    expect(api.data).toMatchObject({ role: 'warm-standby', replicasMin: '9', replicasMax: '9', replicasPerZone: '3', scaledBy: 'full-capacity-at-rest', plans: 'prod-region-switch-us-west-2,prod-region-switch-eu-west-1' });
    expect(eu.find((o) => o.metadata.name === 'executions-dr')!.data).toMatchObject({ replicasMin: '3', replicasMax: '9', replicasPerZone: '1', scaledBy: 'region-switch-plan' });
    expect(api.metadata.annotations![DR_FULL_CAPACITY_ANNOTATION]).toBe('9');
  });
});

describe('the workloads every cluster runs, as DR needs them', () => {
  const platform = buildPlatform(ENVIRONMENTS);
  type Obj = { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: { selector?: { matchLabels?: Record<string, string> }; template?: { metadata: { labels: Record<string, string> }; spec: { topologySpreadConstraints: unknown[] } } } };
  const selects = (selector: Record<string, string>, labels: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);

  test('each service\'s pods carry their region role and spread strictly, n per zone, over the capacity\'s zones', () => {
    for (const [key, app] of platform.clusters) {
      const role = ENVIRONMENTS.find((e) => e.name === key.split('/')[0])!.regions.find((r) => r.region === key.split('/')[1])!.role;
      const workloads = app.charts.filter((c) => c.node.id.startsWith('service-') && c.node.id !== SERVICE_MESH_CHART_ID).flatMap((c) => c.toJson() as Obj[]).filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout');
      expect(workloads.length).toBeGreaterThan(0);
      for (const w of workloads) {
        expect([key, w.metadata.name, w.metadata.labels![DR_ROLE_LABEL], w.spec!.template!.metadata.labels[DR_ROLE_LABEL]]).toEqual([key, w.metadata.name, role, role]);
        expect(w.spec!.template!.spec.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', minDomains: 3 });
      }
    }
  });

  test('a standby disruption budget from the DR placement would select exactly the pods the mesh renders; the mesh\'s own budget does', () => {
    for (const [key, app] of platform.clusters) {
      const [env, region] = key.split('/');
      const role = ENVIRONMENTS.find((e) => e.name === env)!.regions.find((r) => r.region === region)!.role;
      for (const chart of app.charts.filter((c) => c.node.id.startsWith('service-') && c.node.id !== SERVICE_MESH_CHART_ID)) {
        const objects = chart.toJson() as Obj[];
        const service = chart.node.id.slice('service-'.length);
        const pods = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout').map((o) => o.spec!.template!.metadata.labels);
        const placement = drWorkloadPlacement(platform.dr.get(env)!.capacity, RegionRole.ALL.find((r) => r.name === role)!, service, []);
        const drSelector = (placement.topologySpreadConstraints[0].labelSelector as { matchLabels: Record<string, string> }).matchLabels;
        const meshBudget = objects.find((o) => o.kind === 'PodDisruptionBudget')!.spec!.selector!.matchLabels!;
        expect([key, service, pods.every((labels) => selects(drSelector, labels) && selects(meshBudget, labels))]).toEqual([key, service, true]);
      }
    }
  });
});

describe('synthPlatformApp and the DR budgets', () => {
  test('prints one budget line per environment and writes <dir>/<env>.json for the review', () => {
    const lines: string[] = [];
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'app-dr-'));
    const code = synthPlatformApp(platformApp(), { environments: ENVIRONMENTS, manifestsDir: path.join(root, 'k8s'), policyValidation: false }, (l) => lines.push(l));
    expect(code).toBe(0);
    expect(lines).toEqual(BUDGET_LINES.map((l) => `DR budget ${l}`));
    // Beside the manifests by default: dist/dr for dist/k8s, where the review rule reads it.
    expect(fs.readdirSync(path.join(root, 'dr')).sort()).toEqual(['dev.json', 'prod.json', 'staging.json']);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'dr', 'prod.json'), 'utf8'))).toMatchObject({ environment: 'prod', tier: { name: 'T2', rtoMinutes: 60, rpoMinutes: 15 }, meetsRto: true, meetsRpo: true });
  });

  test('fails synth in the house format when prod cannot meet its tier', () => {
    const lines: string[] = [];
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'app-dr-'));
    const code = synthPlatformApp(platformApp(), { environments: [withDr(prod, { tier: RecoveryTier.t1() })], manifestsDir: path.join(root, 'k8s'), policyValidation: false }, (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines[0]).toBe('Synth failed: 2 invalid setting(s):');
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^ {2}- Prod\/Global\/Dr: tier = .*RTO budget is 38\.5 min > 15 min/), expect.stringMatching(/^ {2}- Prod\/Global\/Dr: tier = .*RPO bound is 15 min > 5 min/)]);
  });
});

describe('dr description validation', () => {
  const validate = (description: EnvironmentDescription) => () => validateEnvironments([description]);

  test('throws when a region has no load balancer, or names it malformed, or one outside the environment', () => {
    const rest = Object.fromEntries(Object.entries(staging.dr.loadBalancers).filter(([region]) => region !== 'us-west-2'));
    expect(validate(withDr(staging, { loadBalancers: rest }))).toThrow(/^environments\.staging: dr\.loadBalancers\.us-west-2 = undefined: the load balancer of every region of the environment/);
    expect(validate(withDr(staging, { loadBalancers: { ...staging.dr.loadBalancers, 'us-west-2': { loadBalancer: 'my-alb', targetGroup: staging.dr.loadBalancers['us-west-2'].targetGroup } } })))
      .toThrow(/^environments\.staging: dr\.loadBalancers\.us-west-2\.loadBalancer = "my-alb": an ALB dimension "app\/<name>\/<16 hex digits>"$/);
    expect(validate(withDr(staging, { loadBalancers: { ...staging.dr.loadBalancers, 'eu-west-1': prod.dr.loadBalancers['eu-west-1'] } })))
      .toThrow(/^environments\.staging: dr\.loadBalancers = "eu-west-1": a region of the environment: us-east-1, us-west-2$/);
  });

  test('throws when the capacity\'s zones differ from a region\'s mesh zones', () => {
    expect(validate({ ...dev, mesh: { ...dev.mesh, zones: { 'us-east-1': ['us-east-1a', 'us-east-1b'] } } }))
      .toThrow(/^environments\.dev: dr\.capacity\.zones = 3: the 2 zones of us-east-1 \(mesh\.zones\), which the replicas spread over$/);
  });

  test('throws when a database network does not line up or lies outside the environment', () => {
    const pg = staging.dr.stores!.postgres!;
    const east = pg.networks['us-east-1'];
    expect(validate(withDr(staging, { stores: { ...staging.dr.stores, postgres: { ...pg, networks: { ...pg.networks, 'us-east-1': { ...east, isolatedSubnetIds: east.isolatedSubnetIds.slice(1) } } } } })))
      .toThrow(/environments\.staging: dr\.stores\.postgres\.networks\.us-east-1\.isolatedSubnetIds = \[.*\]: one subnet per zone of availabilityZones \(us-east-1a, us-east-1b, us-east-1c\)/);
    expect(validate(withDr(staging, { stores: { ...staging.dr.stores, postgres: { ...pg, networks: { ...pg.networks, 'us-east-1': { ...east, availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'] } } } } })))
      .toThrow(/environments\.staging: dr\.stores\.postgres\.networks\.us-east-1\.availabilityZones = \["us-west-2a","us-west-2b","us-west-2c"\]: zones of us-east-1/);
    expect(validate(withDr(staging, { stores: { ...staging.dr.stores, postgres: { ...pg, networks: { ...pg.networks, 'eu-west-1': prod.dr.stores!.postgres!.networks['eu-west-1'] } } } })))
      .toThrow(/^environments\.staging: dr\.stores\.postgres\.networks = "eu-west-1": a region of the environment: us-east-1, us-west-2$/);
  });

  test('throws at synth when an environment has no public service: failover moves a public service\'s routing', () => {
    const [test] = otherTeamEnvironments();
    expect(() => buildPlatform([{ ...test, services: [imageService('ledger')] }]))
      .toThrow(/^environments\.test: services\[\]\.publication = "none public": at least one public service for dr \(warm-standby\)/);
    expect(() => buildPlatform([{ ...test, services: [CHECKOUT] }])).not.toThrow();
  });
});

describe('active-active: DNS, mesh and DR split traffic the same way', () => {
  // The seeds' 70/30, as the one-line alternative for a two-region environment (staging's regions):
  // the DR strategy, and the DNS and mesh weights that must agree with it.
  const SEED_SPLIT = DrStrategy.seedActiveActive().weights!;
  const activeActive = (overrides: { dns?: Partial<EnvironmentDescription['dns']>; mesh?: Partial<EnvironmentDescription['mesh']> } = {}): EnvironmentDescription => ({
    ...withDr(staging, { strategy: DrStrategy.seedActiveActive() }),
    dns: { zoneName: staging.dns.zoneName, routing: 'weighted', weights: SEED_SPLIT, ...overrides.dns },
    mesh: { ...staging.mesh, locality: 'zone-aware', crossClusterWeights: SEED_SPLIT, ...overrides.mesh },
  });

  test('the seeds\' 70/30 builds when the three halves agree, and meets T2', () => {
    const platform = buildPlatform([activeActive()]);
    const dr = platform.dr.get('staging')!;
    expect(dr.budget.strategy).toBe('active-active');
    expect(dr.budget.meetsRto && dr.budget.meetsRpo).toBe(true);
    Template.fromStack(platform.globals.get('staging')!).hasResourceProperties('AWS::ARCRegionSwitch::Plan', { RecoveryApproach: 'activeActive' });
    Template.fromStack(platform.globals.get('staging')!).hasResourceProperties('AWS::Route53::RecordSet', { SetIdentifier: 'us-east-1', Weight: 70 });
  });

  test('throws when DNS does not route weighted, or with other weights', () => {
    expect(validate(activeActive({ dns: { routing: 'latency-failover', weights: undefined } })))
      .toThrow(/environments\.staging: dns\.routing = "latency-failover": "weighted" with dr\.strategy active-active \(us-east-1=70, us-west-2=30\)/);
    expect(validate(activeActive({ dns: { weights: { 'us-east-1': 50, 'us-west-2': 50 } } })))
      .toThrow(/^environments\.staging: dns\.weights = \{"us-east-1":50,"us-west-2":50\}: the DR weights of dr\.strategy \(us-east-1=70, us-west-2=30\)$/);
  });

  test('throws when the mesh\'s cross-cluster weights differ', () => {
    expect(validate(activeActive({ mesh: { crossClusterWeights: { 'us-east-1': 60, 'us-west-2': 40 } } })))
      .toThrow(/^environments\.staging: mesh\.crossClusterWeights = \{"us-east-1":60,"us-west-2":40\}: the DR weights of dr\.strategy \(us-east-1=70, us-west-2=30\), with locality "zone-aware"$/);
  });
});

function validate(description: EnvironmentDescription): () => void {
  return () => validateEnvironments([description]);
}
