import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cdk8s from 'cdk8s';
import * as yaml from 'yaml';
import { LATENCY_BOUND_DIMENSION, MESH_CLOUDWATCH_DIMENSIONS } from '../../lib/monitoring-stack';
import { MeshMetricsCollector } from '../../lib/monitoring-stack/k8s';
import { meshMetricsLogGroupName, SERVICE_EMF_METRICS } from '../../lib/platform';
import { ENVIRONMENTS } from '../../stacks/environments';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { buildPlatform } from './support';

const dev = ENVIRONMENTS.find((e) => e.name === 'dev')!;

/** Every metric an alarm of the template reads in `namespace`: name and dimension names. */
function metricsAlarmsRead(t: Template, namespace: string): Set<string> {
  const read = new Set<string>();
  const visit = (m: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string }[] }) => {
    if (m.Namespace === namespace) read.add(`${m.MetricName}[${(m.Dimensions ?? []).map((d) => d.Name).sort().join(',')}]`);
  };
  for (const alarm of Object.values(t.findResources('AWS::CloudWatch::Alarm'))) {
    const p = alarm.Properties;
    if (p.MetricName) visit(p);
    for (const q of p.Metrics ?? []) if (q.MetricStat) visit(q.MetricStat.Metric);
  }
  return read;
}

/** What the collector's awsemf exporter declares: metric name and dimension names. */
function metricsPublished(collector: MeshMetricsCollector): Set<string> {
  const declarations = (collector.config.exporters.awsemf as { metric_declarations: { dimensions: string[][]; metric_name_selectors: string[] }[] }).metric_declarations;
  return new Set(declarations.flatMap((d) => d.metric_name_selectors.flatMap((s) => d.dimensions.map((dims) => `${s.replace(/^\^|\$$/g, '')}[${[...dims].sort().join(',')}]`))));
}

describe('mesh-metrics collector composition', () => {
  const platform = buildPlatform([dev]);
  const key = 'dev/us-east-1';
  const stack = platform.stacks.get(key)!;
  const t = Template.fromStack(stack);
  // Per-service alarms live in the region's services shard stacks (ServiceMonitoring), not in the regional stack.
  const alarmTemplates = [...platform.serviceStacks].filter(([k]) => k.startsWith(`${key}/`)).map(([, s]) => Template.fromStack(s));
  const chart = cdk8s.Chart.of(platform.monitoring.clusters.get(key)!);
  const collector = chart.node.findChild('MeshMetricsCollector') as MeshMetricsCollector;
  const logGroupName = meshMetricsLogGroupName('dev', 'us-east-1');

  test('GIVEN serviceMetricsNamespace THEN every metric the alarms read is one the collector publishes, with the same dimensions', () => {
    const read = new Set(alarmTemplates.flatMap((tt) => [...metricsAlarmsRead(tt, dev.monitoring!.serviceMetricsNamespace!)]));
    // The alarms read all four (the seeds have a latency SLO), so the check below is not vacuous.
    expect([...read].map((r) => r.split('[')[0]).sort()).toEqual(Object.values(SERVICE_EMF_METRICS).sort());
    const published = metricsPublished(collector);
    for (const metric of read) expect({ metric, published: published.has(metric) }).toEqual({ metric, published: true });
    expect(read).toContain(`${SERVICE_EMF_METRICS.withinLatencyBound}[${[...MESH_CLOUDWATCH_DIMENSIONS, LATENCY_BOUND_DIMENSION].sort().join(',')}]`);
  });

  test('the alarms read the statistics the collector makes true: Sum of counters, Average of the p95 gauge, no percentile', () => {
    const stats = new Set<string>();
    for (const alarm of alarmTemplates.flatMap((tt) => Object.values(tt.findResources('AWS::CloudWatch::Alarm')))) {
      for (const q of alarm.Properties.Metrics ?? []) if (q.MetricStat?.Metric.Namespace === 'Resilience/Mesh') stats.add(`${q.MetricStat.Metric.MetricName}:${q.MetricStat.Stat}`);
      if (alarm.Properties.Namespace === 'Resilience/Mesh') stats.add(`${alarm.Properties.MetricName}:${alarm.Properties.Statistic ?? alarm.Properties.ExtendedStatistic}`);
    }
    expect([...stats].sort()).toEqual([
      'Http5xxCount:Sum', 'RequestCount:Sum', 'RequestLatencyP95:Average', 'RequestsWithinLatencyBound:Sum',
    ]);
  });

  test('no dashboard asks a percentile of the p95 gauge (the global view graphs the services, with Average)', () => {
    for (const tt of [Template.fromStack(platform.globals.get('dev')!)]) {
      const body = JSON.stringify(tt.findResources('AWS::CloudWatch::Dashboard'));
      expect(body).toContain('RequestLatencyP95');
      expect(body).not.toMatch(/RequestLatencyP95[^\]]*\\"stat\\":\\"p\d+/);
    }
  });

  test('the latency SLI in CloudWatch is 1 - within / total over the 1000 ms bucket', () => {
    const withSli = alarmTemplates.filter((tt) => Object.values(tt.findResources('AWS::CloudWatch::Alarm')).some((a) => JSON.stringify(a).includes('1 - within / total')));
    expect(withSli.length).toBeGreaterThan(0);
    withSli[0].hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: '1 - within / total' }),
        Match.objectLike({ Id: 'within', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'RequestsWithinLatencyBound', Dimensions: Match.arrayWith([{ Name: LATENCY_BOUND_DIMENSION, Value: '1000' }]) }), Stat: 'Sum' }) }),
      ]),
    });
    expect(JSON.parse(JSON.stringify(collector.config.receivers)).prometheus.config.scrape_configs[0].params['match[]'][1]).toContain('le=~"1000"');
  });

  test('the log group is encrypted with its own CMK, whose policy admits CloudWatch Logs for this group only', () => {
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: logGroupName, RetentionInDays: 365, KmsKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'LogsEncryptsThisGroup',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Condition: {
            ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${dev.account}:log-group:${logGroupName}` },
            StringEquals: { 'aws:SourceAccount': dev.account },
          },
        })]),
      }),
    });
  });

  test('the collector\'s role writes EMF to that log group only, and is assumable by Pod Identity on this cluster only', () => {
    const groupArn = `arn:aws:logs:us-east-1:${dev.account}:log-group:${logGroupName}`;
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          Sid: 'WriteEmfEvents',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Resource: [groupArn, `${groupArn}:log-stream:mesh-metrics`],
        }],
      },
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('^Mesh-metrics collector'),
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': dev.account }, ArnEquals: { 'aws:SourceArn': `arn:aws:eks:us-east-1:${dev.account}:cluster/dev-us-east-1` } },
        })],
      },
    });
  });

  test('the Pod Identity association names the collector\'s ServiceAccount on the region\'s cluster', () => {
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'dev-us-east-1', Namespace: 'monitoring', ServiceAccount: collector.serviceAccountName, RoleArn: Match.anyValue() });
  });

  test('the collector\'s objects are in the cluster\'s monitoring chart and validate against their schemas', () => {
    const objects = chart.toJson().filter((o: { metadata: { name: string } }) => o.metadata.name === 'mesh-metrics-collector');
    expect(objects.map((o: { kind: string }) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'NetworkPolicy', 'PrometheusRule', 'ServiceAccount']);
    expect(kubernetesSchemaErrors(objects)).toEqual([]);
    const cm = objects.find((o: { kind: string }) => o.kind === 'ConfigMap');
    expect(yaml.parse(cm.data['collector.yaml']).exporters.awsemf.namespace).toBe('Resilience/Mesh');
  });

  test('GIVEN no serviceMetricsNamespace THEN no collector, log group or association', () => {
    const p = buildPlatform([{ ...dev, monitoring: { ...dev.monitoring!, serviceMetricsNamespace: undefined } }]);
    const tt = Template.fromStack(p.stacks.get(key)!);
    tt.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
    expect(Object.values(tt.findResources('AWS::Logs::LogGroup')).filter((g) => g.Properties.LogGroupName === logGroupName)).toHaveLength(0);
    expect(cdk8s.Chart.of(p.monitoring.clusters.get(key)!).node.tryFindChild('MeshMetricsCollector')).toBeUndefined();
  });

  test('throws when the environment\'s serviceMetricsNamespace is reserved by AWS', () => {
    expect(() => buildPlatform([{ ...dev, monitoring: { ...dev.monitoring!, serviceMetricsNamespace: 'AWS/Mesh' } }])).toThrow(/MeshMetricsCollector: cloudWatchNamespace = "AWS\/Mesh"/);
  });
});
