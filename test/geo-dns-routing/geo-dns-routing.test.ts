import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { DnsZone, EndpointHealthCheck, FailbackMode, GeoArea, RegionalEndpoint, RoutingPolicy } from '../../lib/geo-dns-routing';
import { testStack } from '../support/app';
import { CLOUDFRONT_TARGET, dnsEndpoints, latencyFailover, routing } from './fixtures';

const RC_ARN = (region: string): string => `arn:aws:route53-recovery-control::123456789012:controlpanel/abc123/routingcontrol/${region.replace(/-/g, '')}`;

describe('GeoDnsRouting records', () => {
  test('latency → failover: alias latency records evaluate target health and carry no TTL', () => {
    // GIVEN latency over three regions, each a failover pair
    const { stack } = routing();
    // THEN each latency record aliases its region's failover set
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'CNAME',
      Region: 'us-east-1',
      SetIdentifier: 'us-east-1',
      HostedZoneId: 'Z0123456789TESTZONE01',
      AliasTarget: { DNSName: 'us-east-1-failover.api.example.com.', HostedZoneId: 'Z0123456789TESTZONE01', EvaluateTargetHealth: true },
      TTL: Match.absent(),
    });
    template.resourceCountIs('AWS::Route53::RecordSet', 3 + 6);
  });

  test('a level is created after the records it aliases (Route 53 rejects an alias to a missing record)', () => {
    const { stack } = routing();
    const template = Template.fromStack(stack);
    const latency = template.findResources('AWS::Route53::RecordSet', { Properties: { Region: 'us-east-1' } });
    const [resource] = Object.values(latency);
    expect(resource.DependsOn).toEqual([
      expect.stringMatching(/^RoutingRecorduseast1failoverprimary/),
      expect.stringMatching(/^RoutingRecorduseast1failoversecondary/),
    ]);
    const leaves = template.findResources('AWS::Route53::RecordSet', { Properties: { Failover: 'PRIMARY' } });
    for (const leaf of Object.values(leaves)) expect(leaf.DependsOn).toBeUndefined();
  });

  test('failover: the primary is health-checked and every non-alias record has TTL 60', () => {
    const { stack } = routing();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'us-east-1-failover.api.example.com.',
      Failover: 'PRIMARY',
      SetIdentifier: 'primary',
      ResourceRecords: ['api-us-east-1.example.com'],
      TTL: '60',
      HealthCheckId: { Ref: Match.stringLikeRegexp('^RoutingHealthCheckuseast1endpoint') },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'us-east-1-failover.api.example.com.',
      Failover: 'SECONDARY',
      ResourceRecords: ['api-us-west-2.example.com'],
      HealthCheckId: { Ref: Match.stringLikeRegexp('^RoutingHealthCheckuswest2endpoint') },
    });
    const records = Object.values(template.findResources('AWS::Route53::RecordSet'));
    for (const r of records) {
      expect(r.Properties.AliasTarget !== undefined || r.Properties.TTL === '60').toBe(true);
    }
  });

  test('an explicit TTL is applied to every non-alias record', () => {
    const { stack } = routing({ ttl: Duration.seconds(30) });
    const records = Object.values(Template.fromStack(stack).findResources('AWS::Route53::RecordSet')).filter((r) => r.Properties.AliasTarget === undefined);
    expect(records.map((r) => r.Properties.TTL)).toEqual(Array(6).fill('30'));
  });

  test('geolocation: country and state rules at the top, a * default to latency, shared failover pairs emitted once', () => {
    // GIVEN the seeds' prod shape
    const pairs = new Map(['us-east-1', 'us-west-2', 'eu-west-1'].map((r, i, all) => [r, RoutingPolicy.failover({ primary: RoutingPolicy.endpoint(r), secondary: RoutingPolicy.endpoint(all[i === 0 ? 1 : 0]) })]));
    const tree = RoutingPolicy.geolocation({
      rules: [
        { area: GeoArea.country('DE'), target: pairs.get('eu-west-1')! },
        { area: GeoArea.usState('CA'), target: pairs.get('us-west-2')! },
        { area: GeoArea.continent('SA'), target: pairs.get('us-east-1')! },
      ],
      defaultTarget: RoutingPolicy.latency([...pairs].map(([region, target]) => ({ region, target }))),
    });
    const { stack } = routing({ routing: tree });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', GeoLocation: { CountryCode: 'DE' }, SetIdentifier: 'country-de', AliasTarget: Match.objectLike({ DNSName: 'eu-west-1-failover.api.example.com.' }) });
    template.hasResourceProperties('AWS::Route53::RecordSet', { GeoLocation: { CountryCode: 'US', SubdivisionCode: 'CA' }, SetIdentifier: 'us-ca' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { GeoLocation: { ContinentCode: 'SA' } });
    template.hasResourceProperties('AWS::Route53::RecordSet', { GeoLocation: { CountryCode: '*' }, SetIdentifier: 'default', AliasTarget: Match.objectLike({ DNSName: 'latency.api.example.com.', EvaluateTargetHealth: true }) });
    // 4 geo + 3 latency + 3 pairs × 2
    template.resourceCountIs('AWS::Route53::RecordSet', 13);
  });

  test('geoproximity: AWSRegion and bias through a property override', () => {
    const { stack } = routing({
      routing: RoutingPolicy.geoproximity([{ region: 'us-east-1', bias: 25 }, { region: 'us-west-2', bias: -10 }, { region: 'eu-west-1' }]),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', { GeoProximityLocation: { AWSRegion: 'us-east-1', Bias: 25 }, SetIdentifier: 'us-east-1', TTL: '60' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { GeoProximityLocation: { AWSRegion: 'eu-west-1', Bias: 0 } });
  });

  test('weighted 70/20/10 to health-checked endpoints', () => {
    const { stack } = routing({
      routing: RoutingPolicy.weighted([
        { weight: 70, target: RoutingPolicy.endpoint('us-east-1') },
        { weight: 20, target: RoutingPolicy.endpoint('us-west-2') },
        { weight: 10, target: RoutingPolicy.endpoint('eu-west-1') },
      ]),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Weight: 70, SetIdentifier: 'us-east-1', HealthCheckId: Match.anyValue() });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Weight: 10, SetIdentifier: 'eu-west-1' });
    template.resourceCountIs('AWS::Route53::RecordSet', 3);
  });

  test('multivalue answer over IP endpoints: A records, one health check per region by IP', () => {
    const { stack } = routing({
      routing: RoutingPolicy.multivalue(['us-east-1', 'us-west-2']),
      endpoints: [
        { region: 'us-east-1', endpoint: RegionalEndpoint.ipAddresses('192.0.2.10', '192.0.2.11') },
        { region: 'us-west-2', endpoint: RegionalEndpoint.ipAddresses('198.51.100.10') },
      ],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Type: 'A', MultiValueAnswer: true, ResourceRecords: ['192.0.2.10', '192.0.2.11'], TTL: '60', SetIdentifier: 'us-east-1' });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ IPAddress: '198.51.100.10', FullyQualifiedDomainName: 'api.example.com' }) });
  });

  test('a single region: one simple record, no set identifier', () => {
    const { stack } = routing({ routing: RoutingPolicy.endpoint('us-east-1'), endpoints: dnsEndpoints(['us-east-1']) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', ResourceRecords: ['api-us-east-1.example.com'], SetIdentifier: Match.absent(), TTL: '60' });
  });

  test('load balancers (ILoadBalancerV2) and alias targets become alias A records', () => {
    // GIVEN an imported NLB in one region and a CloudFront-style alias target in another
    const stack = testStack();
    const nlb = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'Nlb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/api/0123456789abcdef',
      loadBalancerDnsName: 'api-0123456789abcdef.elb.us-east-1.amazonaws.com',
      loadBalancerCanonicalHostedZoneId: 'Z26RNL4JYFTOTI',
    });
    routing(
      {
        routing: RoutingPolicy.latency([{ region: 'us-east-1' }, { region: 'us-west-2' }]),
        endpoints: [
          { region: 'us-east-1', endpoint: RegionalEndpoint.loadBalancer(nlb) },
          { region: 'us-west-2', endpoint: RegionalEndpoint.aliasTarget(CLOUDFRONT_TARGET), healthCheck: EndpointHealthCheck.https({ fqdn: 'origin.example.com' }) },
        ],
      },
      stack,
    );
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Type: 'A',
      Region: 'us-east-1',
      AliasTarget: { DNSName: 'dualstack.api-0123456789abcdef.elb.us-east-1.amazonaws.com', HostedZoneId: 'Z26RNL4JYFTOTI', EvaluateTargetHealth: true },
      TTL: Match.absent(),
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Region: 'us-west-2', AliasTarget: { DNSName: 'd111111abcdef8.cloudfront.net', HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: true } });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ FullyQualifiedDomainName: 'api-0123456789abcdef.elb.us-east-1.amazonaws.com' }) });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ FullyQualifiedDomainName: 'origin.example.com' }) });
  });
});

describe('GeoDnsRouting hosted zone', () => {
  test('an imported zone creates no zone resource', () => {
    const { stack } = routing();
    Template.fromStack(stack).resourceCountIs('AWS::Route53::HostedZone', 0);
  });

  test('a created zone is a public zone the records go to', () => {
    const { stack } = routing({ zone: DnsZone.create({ zoneName: 'example.com' }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53::HostedZone', 1);
    template.hasResourceProperties('AWS::Route53::HostedZone', { Name: 'example.com.', VPCs: Match.absent() });
    template.hasResourceProperties('AWS::Route53::RecordSet', { HostedZoneId: { Ref: Match.stringLikeRegexp('^RoutingZone') } });
    // A re-created zone gets new name servers and breaks its delegation: kept by default.
    template.hasResource('AWS::Route53::HostedZone', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('a created zone can be destroyed with the stack when asked explicitly', () => {
    const { stack } = routing({ zone: DnsZone.create({ zoneName: 'example.com', removalPolicy: RemovalPolicy.DESTROY }) });
    Template.fromStack(stack).hasResource('AWS::Route53::HostedZone', { DeletionPolicy: 'Delete' });
  });
});

describe('GeoDnsRouting health checks', () => {
  test('default: HTTPS on /healthz, every 10 s, 3 failures, all 8 checker regions, latency measured, SNI', () => {
    const { stack } = routing();
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'api-eu-west-1.example.com',
        ResourcePath: '/healthz',
        Port: 443,
        RequestInterval: 10,
        FailureThreshold: 3,
        MeasureLatency: true,
        EnableSNI: true,
        Inverted: false,
        Regions: ['ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2', 'eu-west-1', 'sa-east-1', 'us-east-1', 'us-west-1', 'us-west-2'],
      },
    });
  });

  test('a search string turns the check into HTTPS_STR_MATCH', () => {
    const { stack } = routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck: EndpointHealthCheck.https({ searchString: 'ok', path: '/ready', regions: ['us-east-1', 'us-west-2', 'eu-west-1'] }) } }) });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'HTTPS_STR_MATCH', SearchString: 'ok', ResourcePath: '/ready', Regions: ['us-east-1', 'us-west-2', 'eu-west-1'] }),
    });
  });

  test('alarm-driven, calculated and recovery-control checks', () => {
    const stack = testStack();
    const appAlarm = cloudwatch.Alarm.fromAlarmArn(stack, 'AppAlarm', 'arn:aws:cloudwatch:us-west-2:123456789012:alarm:api-5xx');
    routing(
      {
        endpoints: dnsEndpoints(undefined, {
          'us-east-1': { healthCheck: EndpointHealthCheck.alarm(appAlarm, { insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.UNHEALTHY }) },
          'us-west-2': { healthCheck: EndpointHealthCheck.calculated({ children: { https: EndpointHealthCheck.https(), dr: EndpointHealthCheck.recoveryControl(RC_ARN('us-west-2')) } }) },
          'eu-west-1': { healthCheck: EndpointHealthCheck.recoveryControl(RC_ARN('eu-west-1')) },
        }),
      },
      stack,
    );
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: 'api-5xx', Region: 'us-west-2' }, InsufficientDataHealthStatus: 'Unhealthy' }) });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'CALCULATED', HealthThreshold: 2, ChildHealthChecks: [{ Ref: Match.stringLikeRegexp('^RoutingHealthCheckuswest2endpointhttps') }, { Ref: Match.stringLikeRegexp('^RoutingHealthCheckuswest2endpointdr') }] }) });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'RECOVERY_CONTROL', RoutingControlArn: RC_ARN('eu-west-1') }) });
    // 1 alarm-driven + 3 of the calculated tree + 1 recovery control
    template.resourceCountIs('AWS::Route53::HealthCheck', 5);
  });

  test('one alarm per health check in us-east-1, exposed through IGeoDnsRouting', () => {
    const { stack, routing: r } = routing();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53::HealthCheck', 3);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Route53',
      MetricName: 'HealthCheckStatus',
      Statistic: 'Minimum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      AlarmName: 'api.example.com-us-east-1-endpoint-unhealthy',
      Dimensions: [{ Name: 'HealthCheckId', Value: { Ref: Match.stringLikeRegexp('^RoutingHealthCheckuseast1endpoint') } }],
    });
    expect(r.healthCheckAlarms.map((a) => `${a.region}/${a.purpose}`)).toEqual(['us-east-1/endpoint', 'us-west-2/endpoint', 'eu-west-1/endpoint']);
  });

  test('alarm actions go on every alarm, for ALARM and OK', () => {
    const stack = testStack();
    const action: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: 'arn:aws:sns:us-east-1:123456789012:pager' }) };
    routing({ alarmActions: [action] }, stack);
    Template.fromStack(stack).allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:pager'],
      OKActions: ['arn:aws:sns:us-east-1:123456789012:pager'],
    });
  });
});

describe('GeoDnsRouting alarm notifications', () => {
  test('without alarmActions, every alarm notifies the routing\'s own KMS-encrypted topic on ALARM and OK', () => {
    // GIVEN no alarmActions, hold-down failback (alarm-driven checks too)
    const { stack, routing: r } = routing({ failback: FailbackMode.holdDown() });
    const template = Template.fromStack(stack);
    // THEN one topic, encrypted with its own rotating key, SSL enforced
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RoutingAlarmTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(r.alarmTopic).toBeDefined();
    // AND every alarm has it as ALARM and OK action
    const topicRef = { Ref: Match.stringLikeRegexp('^RoutingAlarmTopic[0-9A-F]{8}$') };
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topicRef], OKActions: [topicRef], ActionsEnabled: true });
  });

  test('only CloudWatch alarms of this account and region named <prefix>-* may publish and use the key (confused deputy)', () => {
    const { stack } = routing({ alarmNamePrefix: 'payments-dns' });
    const template = Template.fromStack(stack);
    const source = {
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:payments-dns-*' },
    };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Sid: 'CloudWatchAlarmsPublish', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: source }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'CloudWatchAlarmsEncryptNotifications', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: source }),
          // Control Tower CT.KMS.PR.3
          Match.objectLike({ Effect: 'Deny', Action: 'kms:CreateGrant', Principal: { AWS: '*' }, Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } } }),
        ]),
      },
    });
  });

  test('with alarmActions, no topic is created and the acknowledgement that monitoring subscribes is gone', () => {
    const stack = testStack();
    const action: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: 'arn:aws:sns:us-east-1:123456789012:pager' }) };
    const { routing: r } = routing({ alarmActions: [action] }, stack);
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 0);
    expect(r.alarmTopic).toBeUndefined();
    expect(JSON.stringify(r.node.metadata)).not.toMatch(/monitoring construct/);
  });

  test('a routing without health checks has no alarms and no topic', () => {
    const { stack, routing: r } = routing({ routing: RoutingPolicy.endpoint('us-east-1'), endpoints: dnsEndpoints(['us-east-1'], { 'us-east-1': { healthCheck: EndpointHealthCheck.none() } }) });
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 0);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(r.alarmTopic).toBeUndefined();
  });

  test('the alarm-driven health checks of the failback gate name their alarms\' region, derived from the stack', () => {
    const { stack } = routing({ failback: FailbackMode.operatorSwitch() });
    const template = Template.fromStack(stack);
    for (const id of ['holddown', 'routingswitch']) {
      template.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: Match.objectLike({ Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: { Ref: Match.stringLikeRegexp(`^RoutingAlarmuswest2${id}`) }, Region: stack.region } }),
      });
    }
  });
});

describe('GeoDnsRouting failback', () => {
  test('automatic: records carry the endpoint check itself', () => {
    const { routing: r } = routing();
    expect([...r.routingHealthChecks.keys()]).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    expect(r.healthCheckAlarms.every((a) => a.purpose === 'endpoint')).toBe(true);
  });

  test('hold-down: a region is back only after 4 h without a failed minute', () => {
    const { stack } = routing({ failback: FailbackMode.holdDown() });
    const template = Template.fromStack(stack);
    // One 4-hour period, Minimum: no "M out of N" alarm, which Route 53 does not support behind a health check
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'api.example.com-us-east-1-hold-down',
      Period: 14400,
      EvaluationPeriods: 1,
      DatapointsToAlarm: Match.absent(),
      Statistic: 'Minimum',
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: { Ref: Match.stringLikeRegexp('^RoutingAlarmuseast1holddown') }, Region: 'us-east-1' } }) });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'CALCULATED', HealthThreshold: 2 }) });
    // THEN the failover primary carries the gated (calculated) check
    template.hasResourceProperties('AWS::Route53::RecordSet', { Failover: 'PRIMARY', Name: 'us-east-1-failover.api.example.com.', HealthCheckId: { Ref: Match.stringLikeRegexp('^RoutingHealthCheckuseast1routing') } });
    template.resourceCountIs('AWS::Route53::HealthCheck', 9);
  });

  test('manual: the gate also needs the region\'s ARC routing control ON', () => {
    const arns = Object.fromEntries(['us-east-1', 'us-west-2', 'eu-west-1'].map((r) => [r, RC_ARN(r)]));
    const { stack, routing: r } = routing({ failback: FailbackMode.manual({ routingControlArns: arns, holdDown: Duration.hours(6) }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'RECOVERY_CONTROL', RoutingControlArn: RC_ARN('us-west-2') }) });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'CALCULATED', HealthThreshold: 3, ChildHealthChecks: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^RoutingHealthCheckuswest2routingcontrol') }]) }) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'api.example.com-eu-west-1-hold-down', Period: 21600, EvaluationPeriods: 1 });
    expect(r.healthCheckAlarms.filter((a) => a.region === 'us-east-1').map((a) => a.purpose)).toEqual(['endpoint', 'hold-down', 'routing-control', 'routing']);
    expect(r.routingSwitchAlarms).toEqual([]);
  });

  test('only operatorSwitch creates switches', () => {
    for (const failback of [undefined, FailbackMode.holdDown()]) {
      const { stack, routing: r } = routing({ failback });
      expect(r.routingSwitchAlarms).toEqual([]);
      Template.fromStack(stack).resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { Namespace: 'Resilience/DNS' }, 0);
    }
  });
});

describe('GeoDnsRouting operator-switch failback', () => {
  test('each region\'s switch: an alarm in ALARM when the operator-published metric is 0, latching between publications', () => {
    // GIVEN operator-switch failback with the default 4-hour hold-down
    const { stack } = routing({ failback: FailbackMode.operatorSwitch() });
    // THEN every region has a switch alarm on Resilience/DNS RegionRoutingEnabled { Hostname, Region }
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'api.example.com-us-west-2-routing-switch',
      Namespace: 'Resilience/DNS',
      MetricName: 'RegionRoutingEnabled',
      Dimensions: [
        { Name: 'Hostname', Value: 'api.example.com' },
        { Name: 'Region', Value: 'us-west-2' },
      ],
      Statistic: 'Minimum',
      Period: 60,
      EvaluationPeriods: 1,
      DatapointsToAlarm: Match.absent(),
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'ignore',
    });
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { Namespace: 'Resilience/DNS' }, 3);
  });

  test('the switch drives a CLOUDWATCH_METRIC health check that keeps its last known status (a never-published switch is ON)', () => {
    const { stack } = routing({ failback: FailbackMode.operatorSwitch() });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'CLOUDWATCH_METRIC',
        AlarmIdentifier: { Name: { Ref: Match.stringLikeRegexp('^RoutingAlarmuseast1routingswitch') }, Region: 'us-east-1' },
        InsufficientDataHealthStatus: 'LastKnownStatus',
      },
    });
  });

  test('the gate: endpoint healthy AND hold-down OK AND switch ON, on the records of the region', () => {
    const { stack } = routing({ failback: FailbackMode.operatorSwitch({ holdDown: Duration.hours(6) }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'CALCULATED',
        HealthThreshold: 3,
        ChildHealthChecks: [
          { Ref: Match.stringLikeRegexp('^RoutingHealthCheckuswest2endpoint') },
          { Ref: Match.stringLikeRegexp('^RoutingHealthCheckuswest2holddown') },
          { Ref: Match.stringLikeRegexp('^RoutingHealthCheckuswest2routingswitch') },
        ],
        Inverted: false,
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'api.example.com-us-west-2-hold-down', Period: 21600, EvaluationPeriods: 1 });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Failover: 'PRIMARY', Name: 'us-west-2-failover.api.example.com.', HealthCheckId: { Ref: Match.stringLikeRegexp('^RoutingHealthCheckuswest2routing[0-9A-F]{8}$') } });
    // 3 regions × (endpoint, hold-down, switch, gate); no ARC resource
    template.resourceCountIs('AWS::Route53::HealthCheck', 12);
    template.resourcePropertiesCountIs('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'RECOVERY_CONTROL' } }, 0);
  });

  test('the switches are exposed through IGeoDnsRouting, named <prefix>-<region>-routing-switch', () => {
    const { stack, routing: r } = routing({ failback: FailbackMode.operatorSwitch(), alarmNamePrefix: 'resilience-prod-global' });
    const names = r.routingSwitchAlarms.map((s) => stack.resolve(s.alarm.alarmName));
    expect(r.routingSwitchAlarms.map((s) => s.region)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    expect(names).toEqual([{ Ref: expect.stringMatching(/^RoutingAlarmuseast1routingswitch/) }, { Ref: expect.stringMatching(/^RoutingAlarmuswest2routingswitch/) }, { Ref: expect.stringMatching(/^RoutingAlarmeuwest1routingswitch/) }]);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'resilience-prod-global-eu-west-1-routing-switch' });
    expect(r.routingSwitchAlarms[0].metric.toMetricConfig().metricStat).toMatchObject({ namespace: 'Resilience/DNS', metricName: 'RegionRoutingEnabled', dimensions: [{ name: 'Hostname', value: 'api.example.com' }, { name: 'Region', value: 'us-east-1' }] });
    expect(r.healthCheckAlarms.filter((a) => a.region === 'us-east-1').map((a) => a.purpose)).toEqual(['endpoint', 'hold-down', 'routing-switch', 'routing']);
  });

  test('alarm actions go on the switch alarms, for ALARM (pinned out) and OK (switched back on)', () => {
    const action: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: 'arn:aws:sns:us-east-1:123456789012:pager' }) };
    const { stack } = routing({ failback: FailbackMode.operatorSwitch(), alarmActions: [action] });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Resilience/DNS',
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:pager'],
      OKActions: ['arn:aws:sns:us-east-1:123456789012:pager'],
    });
  });
});

describe('GeoDnsRouting logical ids', () => {
  test('records and health checks are named after set keys, set identifiers and regions (pinned)', () => {
    // Renaming any of these replaces a live record or health check: change them only on purpose.
    const { stack } = routing({ routing: latencyFailover(['us-east-1', 'us-west-2']), endpoints: dnsEndpoints(['us-east-1', 'us-west-2']) });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::Route53::RecordSet')).sort()).toEqual([
      'RoutingRecordrootuseast16BBB5B1C',
      'RoutingRecordrootuswest25AC9DA4D',
      'RoutingRecorduseast1failoverprimary2DEF2BDE',
      'RoutingRecorduseast1failoversecondary7DC1B0A3',
      'RoutingRecorduswest2failoverprimary292E5EFC',
      'RoutingRecorduswest2failoversecondaryCE1CADEB',
    ]);
    expect(Object.keys(template.findResources('AWS::Route53::HealthCheck')).sort()).toEqual(['RoutingHealthCheckuseast1endpoint37086EE4', 'RoutingHealthCheckuswest2endpoint8DAEC825']);
  });

  test('operator-switch failback adds its alarms and health checks without renaming the others (pinned)', () => {
    const { stack } = routing({ routing: latencyFailover(['us-east-1', 'us-west-2']), endpoints: dnsEndpoints(['us-east-1', 'us-west-2']), failback: FailbackMode.operatorSwitch() });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::Route53::HealthCheck')).sort()).toEqual([
      'RoutingHealthCheckuseast1endpoint37086EE4',
      'RoutingHealthCheckuseast1holddown3FC418A7',
      'RoutingHealthCheckuseast1routing785B0567',
      'RoutingHealthCheckuseast1routingswitch2CA877DC',
      'RoutingHealthCheckuswest2endpoint8DAEC825',
      'RoutingHealthCheckuswest2holddown8045FC6B',
      'RoutingHealthCheckuswest2routingDBFF7981',
      'RoutingHealthCheckuswest2routingswitch72CE03D0',
    ]);
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'Resilience/DNS' } })).sort()).toEqual(['RoutingAlarmuseast1routingswitch3AA71811', 'RoutingAlarmuswest2routingswitchA865CDA9']);
  });

  test('adding a region does not rename the records of the others', () => {
    const two = Template.fromStack(routing({ routing: latencyFailover(['us-east-1', 'us-west-2']), endpoints: dnsEndpoints(['us-east-1', 'us-west-2']) }).stack);
    const three = Template.fromStack(routing({ routing: latencyFailover(['eu-west-1', 'us-east-1', 'us-west-2']), endpoints: dnsEndpoints(['eu-west-1', 'us-east-1', 'us-west-2']) }).stack);
    const ids = (t: Template): string[] => Object.keys(t.findResources('AWS::Route53::RecordSet'));
    expect(ids(three)).toEqual(expect.arrayContaining(ids(two).filter((id) => !id.includes('failoversecondary'))));
  });
});
