import { Match, Template } from 'aws-cdk-lib/assertions';
import { GeoArea } from '../../lib/geo-dns-routing';
import { EnvironmentDnsSettings, GlobalStack, clusterDnsAnnotations, failoverRegionOf } from '../../lib/platform';
import { unitTestApp } from '../support/app';
import { DNS_SETTINGS, environment, PROD_WEIGHTED } from './dns-settings';

function globalTemplate(name: string, dns: EnvironmentDnsSettings = DNS_SETTINGS[name]): { stack: GlobalStack; template: Template } {
  const stack = new GlobalStack(unitTestApp(), `${name}-global`, { environment: environment(name), dns });
  return { stack, template: Template.fromStack(stack) };
}

describe('GlobalStack per environment', () => {
  test('the stack is resilience-<env>-global in us-east-1', () => {
    const { stack } = globalTemplate('prod');
    expect(stack.stackName).toBe('resilience-prod-global');
    expect(stack.region).toBe('us-east-1');
    expect(stack.account).toBe('333333333333');
  });

  test('dev: one simple record to its only region, in a zone the stack creates', () => {
    const { template } = globalTemplate('dev');
    template.resourceCountIs('AWS::Route53::HostedZone', 1);
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    template.resourceCountIs('AWS::Route53::HealthCheck', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.dev.resilience.example.com.', Type: 'CNAME', ResourceRecords: ['api-us-east-1.dev.resilience.example.com'], TTL: '60' });
  });

  test('staging: latency over its two regions, each a failover pair to the other, operator switch and 4-hour hold-down (the prod runbook, rehearsed)', () => {
    const { template } = globalTemplate('staging');
    template.resourceCountIs('AWS::Route53::RecordSet', 2 + 4);
    // per region: endpoint, hold-down, switch, gate
    template.resourceCountIs('AWS::Route53::HealthCheck', 8);
    // per region: endpoint and gate status alarms, hold-down, switch
    template.resourceCountIs('AWS::CloudWatch::Alarm', 8);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'us-west-2-failover.api.staging.resilience.example.com.', Failover: 'SECONDARY', ResourceRecords: ['api-us-east-1.staging.resilience.example.com'] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'resilience-staging-global-us-west-2-hold-down', Period: 14400, EvaluationPeriods: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'resilience-staging-global-us-west-2-routing-switch', Dimensions: [{ Name: 'Hostname', Value: 'api.staging.resilience.example.com' }, { Name: 'Region', Value: 'us-west-2' }] });
  });

  test('prod: geolocation overrides → latency → failover over three regions, imported zone', () => {
    const { template } = globalTemplate('prod');
    template.resourceCountIs('AWS::Route53::HostedZone', 0);
    // 4 overrides + default, 3 latency, 3 failover pairs
    template.resourceCountIs('AWS::Route53::RecordSet', 5 + 3 + 6);
    template.resourceCountIs('AWS::Route53::HealthCheck', 12);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 12);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.resilience.example.com.',
      HostedZoneId: 'Z0123456789PRODZONE01',
      GeoLocation: { CountryCode: 'US', SubdivisionCode: 'WA' },
      AliasTarget: Match.objectLike({ DNSName: 'us-west-2-failover.api.resilience.example.com.', EvaluateTargetHealth: true }),
    });
    // eu-west-1 (warm standby) fails over to the primary; the primary to the hot standby
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'eu-west-1-failover.api.resilience.example.com.', Failover: 'SECONDARY', ResourceRecords: ['api-us-east-1.resilience.example.com'] });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'us-east-1-failover.api.resilience.example.com.', Failover: 'SECONDARY', ResourceRecords: ['api-us-west-2.resilience.example.com'] });
  });

  test('prod: manual failback without ARC, one operator switch per region behind a 4-hour hold-down', () => {
    const { stack, template } = globalTemplate('prod');
    expect(stack.routing.routingSwitchAlarms.map((s) => s.region)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `resilience-prod-global-${region}-routing-switch`, Namespace: 'Resilience/DNS', MetricName: 'RegionRoutingEnabled', TreatMissingData: 'ignore' });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `resilience-prod-global-${region}-hold-down`, Period: 14400 });
    }
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'CALCULATED', HealthThreshold: 3 }) });
    template.resourcePropertiesCountIs('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'RECOVERY_CONTROL' } }, 0);
  });

  test('prod\'s weighted option: 70/20/10', () => {
    const { template } = globalTemplate('prod', PROD_WEIGHTED);
    template.resourceCountIs('AWS::Route53::RecordSet', 3);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Weight: 70, SetIdentifier: 'us-east-1' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Weight: 20, SetIdentifier: 'us-west-2' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Weight: 10, SetIdentifier: 'eu-west-1' });
  });

  test.each(['dev', 'staging', 'prod'])('%s global stack snapshot', (name) => {
    expect(globalTemplate(name).template.toJSON()).toMatchSnapshot();
  });
});

describe('GlobalStack composition rules', () => {
  test('standbys: the primary fails over to its hot standby, standbys to the primary', () => {
    const prod = environment('prod');
    expect(['us-east-1', 'us-west-2', 'eu-west-1'].map((r) => failoverRegionOf(prod, r))).toEqual(['us-west-2', 'us-east-1', 'us-east-1']);
  });

  test('cluster annotations publish the regional endpoint name', () => {
    expect(clusterDnsAnnotations(environment('prod'), DNS_SETTINGS.prod, 'api', 'eu-west-1')).toEqual({
      'external-dns.alpha.kubernetes.io/hostname': 'api-eu-west-1.resilience.example.com',
      'external-dns.alpha.kubernetes.io/ttl': '60',
    });
  });

  test('throws when weighted routing lacks a region\'s weight', () => {
    expect(() => globalTemplate('prod', { ...PROD_WEIGHTED, weights: { 'us-east-1': 70, 'us-west-2': 30 } })).toThrow(/^environments\.prod\.dns: weights = \{"us-east-1":70,"us-west-2":30\}: a weight for every region, missing eu-west-1$/);
  });

  test('throws when a weight names a region outside the environment', () => {
    expect(() => globalTemplate('staging', { zoneName: 'staging.resilience.example.com', routing: 'weighted', weights: { 'us-east-1': 1, 'us-west-2': 1, 'eu-west-1': 1 } })).toThrow(/^environments\.staging\.dns: weights\.eu-west-1 = 1: weights of the environment's regions only: us-east-1, us-west-2$/);
  });

  test('throws when a geo override routes to a region outside the environment', () => {
    expect(() => globalTemplate('staging', { zoneName: 'staging.resilience.example.com', routing: 'geo-latency-failover', geoOverrides: [{ area: GeoArea.country('DE'), region: 'eu-west-1' }] })).toThrow(
      /^environments\.staging\.dns: geoOverrides\[0\]\.region = "eu-west-1": a region of the environment: us-east-1, us-west-2$/,
    );
  });

  test('throws when a one-region environment asks for more than a simple record', () => {
    expect(() => globalTemplate('dev', { zoneName: 'dev.resilience.example.com', routing: 'latency-failover' })).toThrow(/^environments\.dev\.dns: routing = "latency-failover": "simple" for an environment with one region \(us-east-1\)$/);
  });

  test('throws when geo overrides are given for a routing that does not use them', () => {
    expect(() => globalTemplate('staging', { zoneName: 'staging.resilience.example.com', routing: 'latency-failover', geoOverrides: [{ area: GeoArea.country('DE'), region: 'us-east-1' }] })).toThrow(
      /^environments\.staging\.dns: geoOverrides = \[.*\]: unset unless routing is "geo-latency-failover" \(routing is "latency-failover"\)$/,
    );
  });

  test('throws when weights are given for a routing that does not use them', () => {
    expect(() => globalTemplate('prod', { ...DNS_SETTINGS.prod, weights: { 'us-east-1': 1 } })).toThrow(/^environments\.prod\.dns: weights = \{"us-east-1":1\}: unset unless routing is "weighted"/);
  });
});
