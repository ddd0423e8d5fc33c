import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Duration as ManifestDuration } from 'cdk8s';
import * as yaml from 'yaml';
import { HEALTH_CHECK_FEEDER_ALARM_SUFFIXES, Severity } from '../../lib/monitoring-stack';
import { drSignalsFrom, EnvironmentDescription, EnvironmentMonitoringSettings, multiRegionDrSignals, ServicePublication } from '../../lib/platform';
import { ENVIRONMENTS } from '../../stacks/environments';
import { cfnResourcesOf } from '../../lib/platform/platform-limits';
import { buildPlatform, imageService, otherTeamEnvironments, platformApp } from './support';

/** An alarm or composite alarm of a synthesized template, by stack and logical id. */
interface AlarmEntry {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly name: string;
  readonly actions: readonly unknown[];
}

const ALARM_TYPES = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'];

/** What the walk reads of a template. */
interface CfnTemplate {
  readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: { readonly AlarmName?: unknown; readonly AlarmActions?: readonly unknown[] } }>;
}

/** Every alarm of every template written to the assembly (nested stages included). */
function alarmsOf(templates: Record<string, CfnTemplate>): AlarmEntry[] {
  return Object.entries(templates).flatMap(([stack, t]) => Object.entries(t.Resources ?? {})
    .filter(([, r]) => ALARM_TYPES.includes(r.Type))
    .map(([logicalId, r]) => ({ stack, logicalId, type: r.Type, name: JSON.stringify(r.Properties?.AlarmName), actions: r.Properties?.AlarmActions ?? [] })));
}

/** The named exceptions: alarms that only feed a Route 53 health check (MonitoringStack's HEALTH_CHECK_FEEDER_PURPOSES). */
function isNamedException(a: AlarmEntry): boolean {
  return HEALTH_CHECK_FEEDER_ALARM_SUFFIXES.some((suffix) => a.name.endsWith(`${suffix}"`));
}

function alarmsWithoutAction(templates: Record<string, CfnTemplate>): AlarmEntry[] {
  return alarmsOf(templates).filter((a) => a.actions.length === 0 && !isNamedException(a));
}

/** Every template the app writes, by artifact id, read back from the cloud assembly. */
function synthTemplates(environments: readonly EnvironmentDescription[], extra: Parameters<typeof buildPlatform>[1] = {}) {
  const app = platformApp();
  const platform = buildPlatform(environments, { app, ...extra });
  const assembly = app.synth();
  const templates: Record<string, CfnTemplate> = {};
  const walk = (a: typeof assembly): void => {
    for (const s of a.stacks) templates[s.hierarchicalId] = JSON.parse(fs.readFileSync(path.join(a.directory, s.templateFile), 'utf8'));
    for (const nested of a.nestedAssemblies) walk(nested.nestedAssembly);
  };
  walk(assembly);
  return { platform, templates };
}

function template(stack: Stack): Template {
  return Template.fromStack(stack);
}

describe('MonitoringStack composed into every environment of this repository', () => {
  const { platform, templates } = synthTemplates(ENVIRONMENTS);

  test('no alarm of any template of any environment is without an action, except the named health-check feeders', () => {
    // GIVEN every template written (regional, services and global stacks of dev, staging and prod)
    expect(Object.keys(templates)).toHaveLength(platform.allStacks.length);
    const all = alarmsOf(templates);
    // THEN the walk saw the alarms of every environment, composites included
    for (const env of ['Dev', 'Staging', 'Prod']) {
      expect(all.filter((a) => a.stack.startsWith(`${env}/`) && a.type === 'AWS::CloudWatch::Alarm').length).toBeGreaterThan(0);
      expect(all.filter((a) => a.stack.startsWith(`${env}/`) && a.type === 'AWS::CloudWatch::CompositeAlarm').length).toBeGreaterThan(0);
    }
    expect(alarmsWithoutAction(templates)).toEqual([]);
  });

  test('the walk is not vacuous: an alarm without an action is reported, a named feeder is not', () => {
    const bare = { Resources: {
      Bare: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'x-us-east-1-endpoint-unhealthy' } },
      Feeder: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'x-us-east-1-hold-down' } },
      Composite: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: { AlarmName: 'x-slo-page', AlarmActions: [] } },
    } };
    expect(alarmsWithoutAction({ T: bare }).map((a) => a.logicalId)).toEqual(['Bare', 'Composite']);
  });

  test('every region of every environment gets a MonitoringStack, every environment its global view, every cluster its Kubernetes half', () => {
    expect([...platform.monitoring.regional.keys()]).toEqual([...platform.stacks.keys()]);
    expect([...platform.monitoring.clusters.keys()]).toEqual([...platform.clusters.keys()]);
    expect([...platform.monitoring.globalViews.keys()]).toEqual(['dev', 'staging', 'prod']);
    for (const [env, global] of platform.globals) {
      template(global).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `${env}-platform` });
    }
  });

  test('prod pages PagerDuty on critical through a Secrets Manager dynamic reference; staging and dev page nobody', () => {
    for (const [key, stack] of platform.stacks) {
      const subscriptions = template(stack).findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'https' } });
      const bodies = Object.values(subscriptions).map((s) => JSON.stringify(s.Properties.Endpoint));
      if (key.startsWith('prod/')) {
        expect(bodies).toEqual([expect.stringContaining(`{{resolve:secretsmanager:arn:aws:secretsmanager:${stack.region}:333333333333:secret:resilience/prod/pagerduty:SecretString:integrationKey::}}`)]);
      } else {
        expect(bodies).toEqual([]);
      }
      // Slack reads every severity and the vault's failure topic.
      template(stack).hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
        SlackWorkspaceId: 'T0RESILIENCE',
        SnsTopicArns: Match.arrayWith([{ Ref: stack.resolve((stack.backupVault.notificationTopic.node.defaultChild as CfnElement).logicalId) }]),
      });
    }
  });

  test('the budgets live in prod\'s account, in its primary region only', () => {
    for (const [key, stack] of platform.stacks) {
      template(stack).resourceCountIs('AWS::Budgets::Budget', key === 'prod/us-east-1' ? 10 : 0);
      template(stack).resourceCountIs('AWS::CE::AnomalySubscription', key === 'prod/us-east-1' ? 1 : 0);
    }
  });

  test('the Route 53 alarms notify the us-east-1 monitoring topics by ARN: info on every one, warning on the endpoint alarms', () => {
    for (const [env, global] of platform.globals) {
      const alarms = Object.values(template(global).findResources('AWS::CloudWatch::Alarm'));
      expect(alarms.length).toBeGreaterThan(0);
      for (const a of alarms) {
        const actions = JSON.stringify(global.resolve(a.Properties.AlarmActions));
        expect(actions).toContain(`:${env}-us-east-1-info`);
        const feeder = HEALTH_CHECK_FEEDER_ALARM_SUFFIXES.some((s) => (a.Properties.AlarmName as string).endsWith(s));
        expect([a.Properties.AlarmName, actions.includes(`:${env}-us-east-1-warning`)]).toEqual([a.Properties.AlarmName, !feeder]);
      }
      // The routing's own topic is no longer needed.
      template(global).resourceCountIs('AWS::SNS::Topic', 0);
    }
  });

  test('the api\'s SLOs render on both sides: burn-rate composites in CloudWatch (in the api\'s services stack) and Sloth rules in every cluster', () => {
    for (const [key, stack] of platform.stacks) {
      const env = key.split('/')[0];
      const api = platform.environments.find((e) => e.name === env)!.services.find((s) => s.name === 'api')!;
      const shard = platform.serviceStacks.get(`${key}/${api.shard}`)!;
      for (const slo of ['requests-availability', 'requests-latency']) {
        for (const kind of ['page', 'ticket']) {
          template(shard).hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: `${env}-${stack.region}-slo-api-${slo}-${kind}` });
          template(stack).resourcePropertiesCountIs('AWS::CloudWatch::CompositeAlarm', { AlarmName: `${env}-${stack.region}-slo-api-${slo}-${kind}` }, 0);
        }
      }
      const k8s = platform.monitoring.clusters.get(key)!;
      const sloRules = k8s.objects.prometheusRules.find((r) => r.metadata!.name === 'api-slos')!;
      const records = sloRules.spec!.groups!.flatMap((g) => g.rules!.map((r) => r.record ?? r.alert));
      expect(records).toEqual(expect.arrayContaining(['slo:sli_error:ratio_rate5m', 'slo:objective:ratio']));
      expect(JSON.stringify(sloRules)).toContain('destination_service=\\"api.api.svc.cluster.local\\"');
    }
  });

  test('per-service alarms live in the services stacks, notify the region\'s topics by name, and keep their names', () => {
    for (const [key, shard] of platform.serviceStacks) {
      const [env, region] = key.split('/');
      const alarms = Object.values(template(shard).findResources('AWS::CloudWatch::Alarm'));
      // GIVEN each services stack holds its own services' alarms
      const names = alarms.map((a) => a.Properties.AlarmName as string);
      for (const s of platform.environments.find((e) => e.name === env)!.services.filter((x) => x.shard === shard.shard && x.regions.includes(region))) {
        expect(names).toEqual(expect.arrayContaining([`${env}-${region}-service-${s.name}-ServerErrorRatio-Critical`, `${env}-${region}-service-${s.name}-LatencyP95-Warning`]));
      }
      // THEN every action is one of the region's severity topics, by ARN in the stack's own account and region
      for (const a of alarms) {
        const actions = shard.resolve(a.Properties.AlarmActions) as unknown[];
        expect(actions).toHaveLength(1);
        expect(JSON.stringify(actions)).toMatch(new RegExp(`^\\[\\{"Fn::Join":\\["",\\["arn:",\\{"Ref":"AWS::Partition"\\},":sns:",\\{"Ref":"AWS::Region"\\},":",\\{"Ref":"AWS::AccountId"\\},":${env}-${region}-(critical|warning|info)"\\]\\]\\}\\]$`));
      }
      // AND no export or import between the services stack and the regional stack
      expect(JSON.stringify(template(shard).toJSON())).not.toMatch(/Fn::ImportValue/);
    }
    // AND the global view still lists them, by their unchanged names
    const summary = platform.monitoring.regional.get('prod/us-east-1')!.summary;
    expect(summary.alarmNames).toEqual(expect.arrayContaining(['prod-us-east-1-service-api-ServerErrorRatio-Critical', 'prod-us-east-1-slo-api-requests-availability-page', 'prod-us-east-1-region-degraded']));
  });

  test('the topics admit CloudWatch alarms of every stack of their account and region, so a services stack\'s alarms can publish', () => {
    for (const [key, stack] of platform.stacks) {
      const account = platform.environments.find((e) => e.name === key.split('/')[0])!.account;
      template(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowCloudWatchAlarmsToPublish',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${stack.region}:${account}:alarm:*` } },
        })]) },
      });
    }
  });

  test('region degraded: each services stack correlates its SLOs with the region\'s endpoint checks, and the regional composite over those parts pages once', () => {
    const regional = platform.stacks.get('prod/us-east-1')!;
    const api = platform.environments.find((e) => e.name === 'prod')!.services.find((s) => s.name === 'api')!;
    const shard = platform.serviceStacks.get(`prod/us-east-1/${api.shard}`)!;
    // GIVEN the shard's part: endpoint alarm of us-east-1 AND an SLO's quick page windows, info only
    template(shard).hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: `prod-us-east-1-region-degraded-services${api.shard}`,
      AlarmRule: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('ALARM\\("arn:aws:cloudwatch:us-east-1:333333333333:alarm:[^"]+-us-east-1-endpoint-unhealthy"\\)')])] },
      AlarmActions: [{ 'Fn::Join': ['', Match.arrayWith([':prod-us-east-1-info'])] }],
    });
    // AND the SLO page composite is suppressed by it (same stack, no cycle)
    template(shard).hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'prod-us-east-1-slo-api-requests-availability-page', ActionsSuppressor: Match.anyValue() });
    // THEN the regional composite keeps its name and names the parts by ARN, and pages critical
    template(regional).hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'prod-us-east-1-region-degraded',
      AlarmRule: `(ALARM("arn:aws:cloudwatch:us-east-1:333333333333:alarm:prod-us-east-1-region-degraded-services${api.shard}"))`,
      AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('CriticalTopic') })],
    });
    // AND the stacks are ordered so every alarm a composite names exists first: Global, then the shard, then the region
    expect(shard.dependencies).toContain(platform.globals.get('prod'));
    expect(regional.dependencies).toContain(shard);
    expect(shard.dependencies).not.toContain(regional);
    // AND regions without endpoint checks have no correlated composites
    template(platform.stacks.get('prod/us-west-2')!).resourcePropertiesCountIs('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'prod-us-west-2-region-degraded' }, 0);
  });

  test('every cluster traces each service at the sampling set on the service in stacks/environments.ts', () => {
    const expected = { 'main': 20, 'api': 30, 'background-jobs': 5, 'health-checks': 1, 'executions': 50 };
    for (const [key, k8s] of platform.monitoring.clusters) {
      const env = platform.environments.find((e) => e.name === key.split('/')[0])!;
      expect(Object.fromEntries(env.services.map((s) => [s.name, s.tracingSamplingPercent]))).toEqual(expected);
      expect(Object.fromEntries(k8s.objects.telemetries.map((t) => [t.metadata!.name!.replace(/-tracing$/, ''), t.spec!.tracing![0].randomSamplingPercentage]))).toEqual(expected);
    }
  });

  test('Alertmanager in prod clusters pages PagerDuty from a Kubernetes Secret; staging and dev route everything to Slack', () => {
    for (const [key, k8s] of platform.monitoring.clusters) {
      const receivers = k8s.objects.alertmanagerConfig.spec!.receivers!;
      const names = receivers.map((r) => r.name);
      expect([key, names]).toEqual([key, key.startsWith('prod/') ? ['pagerduty', 'slack-C0PRODALERTS'] : [key.startsWith('dev/') ? 'slack-C0DEVALERTS' : 'slack-C0STAGINGALERTS']]);
      const pd = receivers.find((r) => r.name === 'pagerduty');
      if (pd) expect(pd.pagerdutyConfigs![0].routingKey).toEqual({ name: 'alertmanager-pagerduty', key: 'routing-key' });
    }
  });

  test('writes the monitoring chart of every cluster', () => {
    const dir = (platform.clusters.get('prod/eu-west-1')!.outdir);
    platform.synthManifests();
    const docs = yaml.parseAllDocuments(fs.readFileSync(path.join(dir, 'monitoring.k8s.yaml'), 'utf8')).map((d) => d.toJSON());
    expect([...new Set(docs.map((d) => d.kind))].sort()).toEqual(['AlertmanagerConfig', 'ConfigMap', 'Deployment', 'NetworkPolicy', 'PodMonitor', 'PrometheusRule', 'ServiceAccount', 'ServiceMonitor', 'Telemetry']);
    for (const d of docs) expect(d.metadata.labels.release).toBe('kube-prometheus-stack');
  });
});

describe('DR signals reach the MonitoringStack through the drSignals hook', () => {
  test('a failover trigger of a region gets the critical action of that region\'s topic', () => {
    const app = platformApp();
    const dev = ENVIRONMENTS.filter((e) => e.name === 'dev');
    const platform = buildPlatform(dev, {
      app,
      drSignals: (environment, region) => {
        const stack = app.node.findChild('Dev').node.findChild('UsEast1') as Stack;
        const alarm = new cloudwatch.Alarm(stack, 'FailoverTrigger', {
          alarmName: `${environment.name}-${region}-failover`,
          metric: new cloudwatch.Metric({ namespace: 'Resilience/DR', metricName: 'ManualFailover' }),
          threshold: 1,
          evaluationPeriods: 1,
        });
        const lag = new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'ReplicationLatency', dimensionsMap: { SourceBucket: 'a', DestinationBucket: 'b', RuleId: 'r' }, statistic: 'Maximum' });
        return multiRegionDrSignals(
          { triggers: [{ region, zonesUnhealthy: alarm, latency: alarm, manual: alarm, manualMetric: alarm.metric, failover: alarm, alarms: [alarm] }], replicationSignals: [{ region, signals: [{ store: 's3', storeName: 'Orders_Bucket', destinationRegion: 'us-west-2', metric: lag, threshold: 900, unit: 'seconds' }] }] },
          region,
          'https://runbooks.example.com/resilience/dev/dr',
        );
      },
    });
    const stack = platform.stacks.get('dev/us-east-1')!;
    const t = template(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'dev-us-east-1-failover',
      AlarmActions: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:dev-us-east-1-${Severity.CRITICAL.name}`]] }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('s3-orders-bucket-us-west-2-lag'), Threshold: 900 });
  });

  test('drSignalsFrom reads one MultiRegionDr per environment, by name, and only its region\'s signals', () => {
    const metric = new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName: 'ReplicationLatency', dimensionsMap: { TableName: 't', ReceivingRegion: 'us-west-2' } });
    const source = drSignalsFrom(new Map([['prod', {
      triggers: [],
      replicationSignals: [
        { region: 'us-east-1', signals: [{ store: 'dynamodb' as const, storeName: 'orders', destinationRegion: 'us-west-2', metric, threshold: 1000, unit: 'milliseconds' as const }] },
        { region: 'us-west-2', signals: [] },
      ],
    }]]));
    const platform = buildPlatform(ENVIRONMENTS.filter((e) => e.name === 'dev'));
    const [dev] = platform.environments;
    expect(source(dev, 'us-east-1')).toBeUndefined();
    const prod = { ...dev, name: 'prod', monitoring: ENVIRONMENTS[2].monitoring };
    const signals = source(prod, 'us-east-1')!;
    expect(signals.replication!.map((r) => r.replicationMetrics.map((m) => [m.name, m.region, m.threshold, m.runbookUrl]))).toEqual([[['dynamodb-orders-us-west-2-lag', 'us-east-1', 1000, 'https://runbooks.example.com/resilience/prod/dr']]]);
  });
});

describe('DR signals by default', () => {
  test('each environment\'s MultiRegionDr feeds its MonitoringStack: replication-lag alarms named after the stores, never after a token', () => {
    // GIVEN this repository's staging (DR stores replicated us-east-1 -> us-west-2), no drSignals given
    const platform = buildPlatform(ENVIRONMENTS.filter((e) => e.name === 'staging'));
    // THEN us-east-1 watches the S3 and DynamoDB replication of its stores, by their physical names
    const t = template(platform.stacks.get('staging/us-east-1')!);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('s3-staging-objects-us-east-1-222222222222-us-west-2-lag'), Namespace: 'AWS/S3', MetricName: 'ReplicationLatency' });
    const names = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((r) => String((r as { Properties: { AlarmName?: unknown } }).Properties.AlarmName));
    expect(names.filter((n) => /token/i.test(n))).toEqual([]);
  });

  test('throws when a replication signal names its store with a token', () => {
    const lag = new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'ReplicationLatency', dimensionsMap: { SourceBucket: 'a', DestinationBucket: 'b', RuleId: 'r' } });
    const provider = { triggers: [], replicationSignals: [{ region: 'us-east-1', signals: [{ store: 's3' as const, storeName: Token.asString({ Ref: 'Bucket' }), destinationRegion: 'us-west-2', metric: lag, threshold: 900, unit: 'seconds' as const }] }] };
    expect(() => multiRegionDrSignals(provider, 'us-east-1', 'https://runbooks.example.com/dr')).toThrow(
      /^dr\.us-east-1: replicationSignals\[\]\.storeName = "\$\{Token\[[^\]]+\]\}": the store's deterministic physical name, not a token \(it names the replication-lag alarm\)$/,
    );
  });
});

describe('the monitoring composition rejects', () => {
  const monitored = (e: EnvironmentDescription, extra: Partial<EnvironmentMonitoringSettings> = {}): EnvironmentDescription => ({
    ...e,
    monitoring: { ...ENVIRONMENTS[0].monitoring!, ...extra },
  });
  const dev = ENVIRONMENTS[0];

  test('throws when a monitored environment with public services has no us-east-1 region', () => {
    const [testEnv] = otherTeamEnvironments();
    const sampled = { ...testEnv, serviceDefaults: { ...testEnv.serviceDefaults, tracingSamplingPercent: 10 } };
    expect(() => buildPlatform([monitored(sampled)])).toThrow(
      /^environments\.test: regions = \["eu-central-1","eu-west-2"\]: a list including us-east-1 for a monitored environment with public services: Route 53 health-check alarms live there/,
    );
  });

  test('throws when a service has no tracing sampling', () => {
    const services = dev.services.map((s) => (s.name === 'executions' ? { ...s, tracingSamplingPercent: undefined } : s));
    expect(() => buildPlatform([{ ...dev, services }])).toThrow(
      /^environments\.dev\.services\.executions: tracingSamplingPercent = undefined: a percentage \(0–100\) on the service or in serviceDefaults: the services model is the one place sampling is set$/,
    );
  });

  test('throws when a latency SLO has no threshold, and when an availability SLO has one (together)', () => {
    const services = dev.services.map((s) => (s.name === 'api'
      ? { ...s, slos: [{ name: 'a', indicator: 'availability' as const, objectivePercent: 99, latencyThreshold: ManifestDuration.millis(500) }, { name: 'l', indicator: 'latency' as const, objectivePercent: 95 }] }
      : s));
    let message = '';
    try {
      buildPlatform([{ ...dev, services }]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/environments\.dev\.services\.api: slos\[0\]\.latencyThreshold = "500 millis": unset for an availability SLO/);
    expect(message).toMatch(/environments\.dev\.services\.api: slos\[1\]\.latencyThreshold = undefined: a threshold for a latency SLO/);
  });

  test('throws when two environments of one account both carry budgets', () => {
    const staging = ENVIRONMENTS[1];
    const budgets = ENVIRONMENTS[2].monitoring!.budgets;
    expect(() => buildPlatform([monitored(dev, { budgets }), { ...monitored(staging, { budgets }), account: dev.account }])).toThrow(
      /^environments: monitoring\.budgets = \["dev","staging"\]: budgets in at most one environment per account \(account 111111111111\): they cover the whole account$/,
    );
  });

  test('throws when dnsAlarmActions are set beside monitored environments', () => {
    const action: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: 'arn:aws:sns:us-east-1:111111111111:mine' }) };
    expect(() => buildPlatform([dev], { dnsAlarmActions: [action] })).toThrow(
      /^platform: dnsAlarmActions = "actions": unset when environments carry "monitoring" \(dev\): their MonitoringStack gives the DNS alarms their actions$/,
    );
  });

  test('throws when the runbook base is not an https URL without a trailing slash', () => {
    expect(() => buildPlatform([monitored(dev, { runbookBaseUrl: 'http://runbooks.example.com/' })])).toThrow(
      /^environments\.dev: monitoring\.runbookBaseUrl = "http:\/\/runbooks\.example\.com\/": an https URL without a trailing slash$/,
    );
  });

  test('200 monitored services in one region: the regional stack stays well under budget, each services stack under budget too', () => {
    // GIVEN dev (one region) with 200 services, each with CloudWatch metrics (4 alarms each)
    const services = Array.from({ length: 200 }, (_, i) => imageService(`service-${String(i).padStart(3, '0')}`, { tracingSamplingPercent: 10, ...(i === 0 ? { publication: ServicePublication.public({ hostLabel: 'api' }) } : {}) }));
    const app = platformApp();
    const platform = buildPlatform([{ ...dev, services }], { app });
    // WHEN synthesized (the resource budget is checked at synth)
    app.synth();
    // THEN the regional stack holds no per-service alarm, and the shards hold 6 resources per service
    const regional = cfnResourcesOf(platform.stacks.get('dev/us-east-1')!).length;
    const shards = [...platform.serviceStacks.values()].map((s) => cfnResourcesOf(s).length);
    expect(regional).toBeLessThan(200);
    expect(shards).toHaveLength(4);
    for (const n of shards) expect(n).toBeLessThanOrEqual(400);
    expect(shards.reduce((a, b) => a + b, 0)).toBe(200 * (2 + 4));
    const alarms = Object.keys(template(platform.stacks.get('dev/us-east-1')!).findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.filter((id) => id.includes('Service'))).toEqual([]);
    // AND the global view lists every service alarm
    expect(platform.monitoring.regional.get('dev/us-east-1')!.summary.alarmNames.filter((n) => n.includes('-service-'))).toHaveLength(200 * 4);
  });

  test('throws at synth when one services stack would pass the resource budget, naming it', () => {
    const services = Array.from({ length: 90 }, (_, i) => imageService(`service-${String(i).padStart(3, '0')}`, { tracingSamplingPercent: 10, shard: 0, ...(i === 0 ? { publication: ServicePublication.public({ hostLabel: 'api' }) } : {}) }));
    const app = platformApp();
    buildPlatform([{ ...dev, services }], { app, limits: { resourcesPerStack: 500 } });
    expect(() => app.synth()).toThrow(/Dev\/UsEast1Services0: resources = 540: at most 500 resources per stack/);
  });

  test('an environment without monitoring keeps the routing\'s own topic (no MonitoringStack)', () => {
    const [testEnv] = otherTeamEnvironments([imageService('checkout', { publication: ServicePublication.public({ hostLabel: 'shop' }) })]);
    const platform = buildPlatform([testEnv]);
    expect(platform.monitoring.regional.size).toBe(0);
    template(platform.globals.get('test')!).resourceCountIs('AWS::SNS::Topic', 1);
  });
});
