import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AWS_REGIONS } from '../../lib/core';
import { DnsZone, EndpointHealthCheck, FailbackMode, GeoArea, GeoDnsRouting, RegionalEndpoint, RoutingPolicy } from '../../lib/geo-dns-routing';
import { testStack } from '../support/app';
import { CLOUDFRONT_TARGET, dnsEndpoints, latencyFailover, routing, ZONE } from './fixtures';

const endpoint = RoutingPolicy.endpoint;

describe('GeoDnsRouting validation', () => {
  test('throws when a geolocation policy has no default', () => {
    expect(() => routing({ routing: RoutingPolicy.geolocation({ rules: [{ area: GeoArea.country('DE'), target: endpoint('eu-west-1') }, { area: GeoArea.country('US'), target: endpoint('us-east-1') }, { area: GeoArea.country('CA'), target: endpoint('us-west-2') }] }) })).toThrow(
      /^TestStack\/Routing: routing\.defaultTarget = undefined: exactly one default \(defaultTarget or a rule with GeoArea\.default\(\)\): Route 53 answers nothing/,
    );
  });

  test('throws when a geolocation policy has two defaults', () => {
    expect(() =>
      routing({ routing: RoutingPolicy.geolocation({ rules: [{ area: GeoArea.default(), target: endpoint('us-west-2'), setIdentifier: 'star' }, { area: GeoArea.country('DE'), target: endpoint('eu-west-1') }], defaultTarget: endpoint('us-east-1') }) }),
    ).toThrow(/^TestStack\/Routing: routing\.defaultTarget = "2 defaults": exactly one default/);
  });

  test('throws when a weight is outside 0–255', () => {
    expect(() => routing({ routing: RoutingPolicy.weighted([{ weight: 256, target: endpoint('us-east-1') }, { weight: 1, target: endpoint('us-west-2') }, { weight: 1, target: endpoint('eu-west-1') }]) })).toThrow(
      /^TestStack\/Routing: routing\.routes\[0\]\.weight = 256: an integer from 0 to 255$/,
    );
  });

  test('throws when all weights are zero', () => {
    expect(() => routing({ routing: RoutingPolicy.weighted(['us-east-1', 'us-west-2', 'eu-west-1'].map((r) => ({ weight: 0, target: endpoint(r) }))) })).toThrow(
      /^TestStack\/Routing: routing\.routes\[\]\.weight = \[0,0,0\]: at least one weight above 0/,
    );
  });

  test('throws when a failover primary has no health check', () => {
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'us-west-2': { healthCheck: EndpointHealthCheck.none() } }) })).toThrow(
      /^ {2}- TestStack\/Routing: routing\.routes\[1\]\.target\.primary = endpoint\(us-west-2\): a primary with a health check/m,
    );
  });

  test('throws when two records of a set share a set identifier', () => {
    expect(() =>
      routing({ routing: RoutingPolicy.weighted([{ weight: 1, target: endpoint('us-east-1'), setIdentifier: 'blue' }, { weight: 1, target: endpoint('us-west-2'), setIdentifier: 'blue' }, { weight: 1, target: endpoint('eu-west-1') }]) }),
    ).toThrow(/^TestStack\/Routing: routing\[\]\.setIdentifier = "blue": each value at most once$/);
  });

  test('throws when more than 100 records share a name and type', () => {
    const routes = Array.from({ length: 101 }, (_, i) => ({ weight: 1, target: endpoint(['us-east-1', 'us-west-2', 'eu-west-1'][i % 3]), setIdentifier: `w${i}` }));
    expect(() => routing({ routing: RoutingPolicy.weighted(routes) })).toThrow(/^TestStack\/Routing: routing = "101 records": at most 100 weighted records sharing the name "api\.example\.com"/);
  });

  test('throws when more than 30 geoproximity records share a name', () => {
    const regions = AWS_REGIONS.filter((r) => !r.startsWith('cn-') && !r.startsWith('us-gov')).slice(0, 31);
    expect(() => routing({ routing: RoutingPolicy.geoproximity(regions.map((region) => ({ region }))), endpoints: dnsEndpoints(regions) })).toThrow(
      /^TestStack\/Routing: routing = "31 records": at most 30 geoproximity records/,
    );
  });

  test('throws when a continent code is unknown', () => {
    expect(() => routing({ routing: RoutingPolicy.geolocation({ rules: [{ area: GeoArea.continent('EUR'), target: latencyFailover() }], defaultTarget: endpoint('us-east-1') }) })).toThrow(
      /^TestStack\/Routing: routing\.rules\[0\]\.area = continent\(EUR\): a continent code: AF, AN, AS, EU, NA, OC, SA$/,
    );
  });

  test('throws when a country code is unknown', () => {
    expect(() => routing({ routing: RoutingPolicy.geolocation({ rules: [{ area: GeoArea.country('UK'), target: latencyFailover() }], defaultTarget: endpoint('us-east-1') }) })).toThrow(
      /^TestStack\/Routing: routing\.rules\[0\]\.area = country\(UK\): an ISO 3166-1 alpha-2 country code/,
    );
  });

  test('throws when a subdivision code is unknown, pointing territories to their country code', () => {
    const tree = (area: GeoArea): RoutingPolicy => RoutingPolicy.geolocation({ rules: [{ area, target: latencyFailover() }], defaultTarget: endpoint('us-east-1') });
    expect(() => routing({ routing: tree(GeoArea.usState('XX')) })).toThrow(/^TestStack\/Routing: routing\.rules\[0\]\.area = subdivision\(US-XX\): a subdivision code of US: one of the 50 states or DC/);
    expect(() => routing({ routing: tree(GeoArea.usState('PR')) })).toThrow(/subdivision\(US-PR\): .*route PR with GeoArea\.country\("PR"\)$/);
    expect(() => routing({ routing: tree(GeoArea.subdivision('DE', 'BY')) })).toThrow(/routing\.rules\[0\]\.area = subdivision\(DE-BY\): a subdivision of a country Route 53 subdivides: US$/);
  });

  test('throws when a geoproximity bias is outside -99..99', () => {
    expect(() => routing({ routing: RoutingPolicy.geoproximity([{ region: 'us-east-1', bias: 100 }, { region: 'us-west-2' }, { region: 'eu-west-1' }]) })).toThrow(
      /^TestStack\/Routing: routing\.routes\[0\]\.bias = 100: an integer from -99 to 99$/,
    );
  });

  test('throws when two policies are mixed at one level of the tree', () => {
    // GIVEN a weighted and a latency policy that would share the name "pool.api.example.com"
    const tree = RoutingPolicy.geolocation({
      rules: [{ area: GeoArea.continent('EU'), target: RoutingPolicy.weighted([{ weight: 1, target: endpoint('eu-west-1') }], { label: 'pool' }) }],
      defaultTarget: RoutingPolicy.latency([{ region: 'us-east-1' }, { region: 'us-west-2' }], { label: 'pool' }),
    });
    expect(() => routing({ routing: tree })).toThrow(
      /^TestStack\/Routing: routing\.defaultTarget\.target\.label = "pool": a label of its own: "pool\.api\.example\.com" is already a weighted record set \(routing\.rules\[0\]\.target\); two routing policies cannot be mixed at one level of the tree$/,
    );
  });

  test('throws when fewer than 3 health-checker regions are listed', () => {
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'eu-west-1': { healthCheck: EndpointHealthCheck.https({ regions: ['eu-west-1', 'us-east-1'] }) } }) })).toThrow(
      /^TestStack\/Routing: endpoints\[2\]\.healthCheck\.regions = \["eu-west-1","us-east-1"\]: at least 3 health-checker regions of ap-northeast-1, /,
    );
  });

  test('throws when a health-checker region is not one Route 53 checks from', () => {
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck: EndpointHealthCheck.https({ regions: ['us-east-1', 'us-west-2', 'eu-central-1'] }) } }) })).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.healthCheck\.regions\[2\] = "eu-central-1": a health-checker region: /,
    );
  });

  test('throws when the TTL is outside 0–172800 seconds', () => {
    expect(() => routing({ ttl: Duration.days(3) })).toThrow(/^TestStack\/Routing: ttl = 3 days: a whole number of seconds from 0 to 172800$/);
  });

  test('throws when the stack is not in us-east-1', () => {
    expect(() => routing({}, testStack('eu-west-1'))).toThrow(/^TestStack\/Routing: stack\.region = "eu-west-1": "us-east-1": Route 53 publishes health-check metrics only there/);
  });

  test('throws when the routing refers to a region without an endpoint', () => {
    expect(() => routing({ endpoints: dnsEndpoints(['us-east-1', 'us-west-2']) })).toThrow(/^ {2}- TestStack\/Routing: routing\.routes\[1\]\.target\.secondary\.region = "eu-west-1": a region with an entry in endpoints \("us-east-1", "us-west-2"\)$/m);
  });

  test('throws when an endpoint is not routed to', () => {
    expect(() => routing({ routing: latencyFailover(['us-east-1', 'us-west-2']) })).toThrow(/^TestStack\/Routing: endpoints\[2\]\.region = "eu-west-1": a region the routing description routes to/);
  });

  test('throws when DNS-name and alias endpoints are mixed', () => {
    expect(() =>
      routing({ routing: RoutingPolicy.latency([{ region: 'us-east-1' }, { region: 'us-west-2' }]), endpoints: [...dnsEndpoints(['us-east-1']), { region: 'us-west-2', endpoint: RegionalEndpoint.aliasTarget(CLOUDFRONT_TARGET), healthCheck: EndpointHealthCheck.https({ fqdn: 'o.example.com' }) }] }),
    ).toThrow(/^TestStack\/Routing: endpoints = \["CNAME: us-east-1","A: us-west-2"\]: endpoints of one kind of record/);
  });

  test('throws when DNS-name endpoints would need a CNAME at the zone apex', () => {
    expect(() => routing({ hostname: 'example.com' })).toThrow(/^TestStack\/Routing: hostname = "example\.com": a name below the zone apex/);
  });

  test('throws when the hostname is outside the zone', () => {
    expect(() => routing({ hostname: 'api.example.org' })).toThrow(/^TestStack\/Routing: hostname = "api\.example\.org": a name in the zone "example\.com"$/);
  });

  test('throws when multivalue answer points at DNS names', () => {
    expect(() => routing({ routing: RoutingPolicy.multivalue(['us-east-1', 'us-west-2', 'eu-west-1']) })).toThrow(/^TestStack\/Routing: routing\.regions\[0\] = dnsName\(api-us-east-1\.example\.com\): an endpoint of IP addresses/);
  });

  test('throws when an alias-target endpoint does not name the host to health-check', () => {
    expect(() => routing({ routing: RoutingPolicy.endpoint('us-east-1'), endpoints: [{ region: 'us-east-1', endpoint: RegionalEndpoint.aliasTarget(CLOUDFRONT_TARGET) }] })).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.healthCheck\.fqdn = undefined: the host name to check for an alias-target endpoint/,
    );
  });

  test('throws when a label is not a DNS label', () => {
    expect(() => routing({ routing: RoutingPolicy.geolocation({ rules: [], defaultTarget: RoutingPolicy.latency([{ region: 'us-east-1' }, { region: 'us-west-2' }, { region: 'eu-west-1' }], { label: 'Low_Latency' }) }) })).toThrow(
      /^TestStack\/Routing: routing\.defaultTarget\.target\.label = "Low_Latency": a DNS label/,
    );
  });

  test('throws when a hold-down is longer than 24 hours or not whole minutes', () => {
    expect(() => routing({ failback: FailbackMode.holdDown(Duration.hours(25)) })).toThrow(/^TestStack\/Routing: failback\.holdDown = 1 day 1 hour: a whole number of minutes from 1 to 1440 \(24 hours\)$/);
    expect(() => routing({ failback: FailbackMode.holdDown(Duration.seconds(90)) })).toThrow(/failback\.holdDown = 1 minute 30 seconds: a whole number of minutes/);
  });

  test('throws when an operator-switch hold-down is outside 1 minute to 24 hours', () => {
    expect(() => routing({ failback: FailbackMode.operatorSwitch({ holdDown: Duration.hours(25) }) })).toThrow(/^TestStack\/Routing: failback\.holdDown = 1 day 1 hour: a whole number of minutes from 1 to 1440 \(24 hours\)$/);
    expect(() => routing({ failback: FailbackMode.operatorSwitch({ holdDown: Duration.seconds(0) }) })).toThrow(/^TestStack\/Routing: failback\.holdDown = 0 seconds: a whole number of minutes from 1 to 1440/);
  });

  test('throws when failback gates a region whose endpoint check is calculated (Route 53 does not nest calculated checks)', () => {
    const calculated = EndpointHealthCheck.calculated({ children: { a: EndpointHealthCheck.https(), b: EndpointHealthCheck.https({ path: '/ready' }) } });
    expect(() => routing({ failback: FailbackMode.operatorSwitch(), endpoints: dnsEndpoints(undefined, { 'us-west-2': { healthCheck: calculated } }) })).toThrow(
      /^TestStack\/Routing: failback = FailbackMode\.operator-switch\(4 hours\): FailbackMode\.automatic\(\) when the endpoint of us-west-2 has a calculated health check: the failback gate is a calculated check over the endpoint's, and Route 53 does not nest calculated checks$/,
    );
    expect(() => routing({ failback: FailbackMode.automatic(), endpoints: dnsEndpoints(undefined, { 'us-west-2': { healthCheck: calculated } }) })).not.toThrow();
  });

  test('throws when manual failback lacks a routing control for a routed region', () => {
    const arn = 'arn:aws:route53-recovery-control::123456789012:controlpanel/abc/routingcontrol/def';
    expect(() => routing({ failback: FailbackMode.manual({ routingControlArns: { 'us-east-1': arn, 'us-west-2': arn } }) })).toThrow(
      /^TestStack\/Routing: failback\.routingControlArns = \["us-east-1","us-west-2"\]: a routing control for every routed region, missing eu-west-1$/,
    );
  });

  test('throws when a routing control ARN is malformed', () => {
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck: EndpointHealthCheck.recoveryControl('arn:aws:route53:::healthcheck/abc') } }) })).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.healthCheck\.routingControlArn = "arn:aws:route53:::healthcheck\/abc": a routing control ARN/,
    );
  });

  test('throws when failback holds down a region that has no health check', () => {
    expect(() => routing({ routing: RoutingPolicy.latency([{ region: 'us-east-1' }, { region: 'us-west-2' }, { region: 'eu-west-1' }]), failback: FailbackMode.holdDown(), endpoints: dnsEndpoints(undefined, { 'eu-west-1': { healthCheck: EndpointHealthCheck.none() } }) })).toThrow(
      /^TestStack\/Routing: failback = FailbackMode\.hold-down\(4 hours\): FailbackMode\.automatic\(\) when the endpoint of eu-west-1 has no health check/,
    );
  });

  test('throws when a calculated check has a threshold above its children', () => {
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck: EndpointHealthCheck.calculated({ children: { a: EndpointHealthCheck.https() }, healthThreshold: 2 }) } }) })).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.healthCheck\.healthThreshold = 2: an integer from 0 to 1$/,
    );
  });

  test('throws when two policies of one kind share a label', () => {
    const tree = RoutingPolicy.geolocation({
      rules: [{ area: GeoArea.continent('EU'), target: RoutingPolicy.latency([{ region: 'eu-west-1' }], { label: 'pool' }) }],
      defaultTarget: RoutingPolicy.latency([{ region: 'us-east-1' }, { region: 'us-west-2' }], { label: 'pool' }),
    });
    expect(() => routing({ routing: tree })).toThrow(
      /^TestStack\/Routing: routing\.defaultTarget\.target\.label = "pool": a label of its own: "pool\.api\.example\.com" is already the record set of a different latency policy \(routing\.rules\[0\]\.target\)$/,
    );
  });

  test('throws when two endpoints share a region', () => {
    expect(() => routing({ endpoints: [...dnsEndpoints(), ...dnsEndpoints(['us-east-1'])] })).toThrow(/^ {2}- TestStack\/Routing: endpoints\[\]\.region = "us-east-1": each value at most once$/m);
  });

  test('throws when the hostname is not a lowercase DNS name', () => {
    expect(() => routing({ hostname: 'API.example.com' })).toThrow(
      /^TestStack\/Routing: hostname = "API\.example\.com": a fully qualified lowercase DNS name without the trailing dot, labels of 1 to 63 letters, digits or hyphens \("\*" only as the leftmost label\), at most 253 characters$/,
    );
  });

  test('throws when an endpoint region is not an AWS region', () => {
    expect(() => routing({ endpoints: [...dnsEndpoints(), ...dnsEndpoints(['us-east-9'])] })).toThrow(/^ {2}- TestStack\/Routing: endpoints\[3\]\.region = "us-east-9": an AWS region code such as "us-east-1"$/m);
  });

  test('throws when an endpoint DNS name is not a lowercase DNS name', () => {
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'us-west-2': { endpoint: RegionalEndpoint.dnsName('API-us-west-2.example.com.') } }) })).toThrow(
      /^TestStack\/Routing: endpoints\[1\]\.endpoint\.dnsName = "API-us-west-2\.example\.com\.": a fully qualified lowercase DNS name without the trailing dot$/,
    );
  });

  test('throws when an IP-address endpoint has no address or a malformed one', () => {
    const ipEndpoints = (first: RegionalEndpoint) => dnsEndpoints(undefined, { 'us-east-1': { endpoint: first }, 'us-west-2': { endpoint: RegionalEndpoint.ipAddresses('192.0.2.2') }, 'eu-west-1': { endpoint: RegionalEndpoint.ipAddresses('192.0.2.3') } });
    expect(() => routing({ endpoints: ipEndpoints(RegionalEndpoint.ipAddresses()) })).toThrow(/^TestStack\/Routing: endpoints\[0\]\.endpoint\.ipAddresses = \[\]: at least one IPv4 address$/);
    expect(() => routing({ endpoints: ipEndpoints(RegionalEndpoint.ipAddresses('192.0.2.1', '192.0.2.256')) })).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.endpoint\.ipAddresses\[1\] = "192\.0\.2\.256": an IPv4 address in dotted decimal notation$/,
    );
  });

  test('throws when an HTTPS health check setting is out of range', () => {
    const withCheck = (healthCheck: EndpointHealthCheck) => () => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck } }) });
    expect(withCheck(EndpointHealthCheck.https({ path: 'healthz' }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.path = "healthz": a path starting with "\/", at most 255 printable ASCII characters without spaces or "#"/);
    expect(withCheck(EndpointHealthCheck.https({ port: 0 }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.port = 0: an integer from 1 to 65535$/);
    expect(withCheck(EndpointHealthCheck.https({ failureThreshold: 11 }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.failureThreshold = 11: an integer from 1 to 10$/);
    expect(withCheck(EndpointHealthCheck.https({ searchString: '' }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.searchString = "": 1 to 255 characters without control characters/);
    expect(withCheck(EndpointHealthCheck.https({ searchString: 'ok\n' }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.searchString = "ok\\n": 1 to 255 characters without control characters/);
    expect(withCheck(EndpointHealthCheck.https({ path: '/health check' }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.path = "\/health check": a path starting with "\/", at most 255 printable ASCII characters without spaces or "#"/);
    expect(withCheck(EndpointHealthCheck.https({ path: '/healthz#top' }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.path = "\/healthz#top": a path starting with "\/"/);
    expect(withCheck(EndpointHealthCheck.https({ fqdn: 'Health.example.com' }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.fqdn = "Health\.example\.com": a fully qualified lowercase DNS name without the trailing dot$/);
    expect(withCheck(EndpointHealthCheck.https({ requestInterval: Duration.seconds(20) }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.requestInterval = 20 seconds: 10 or 30 seconds$/);
  });

  test('throws when a health-checker region is listed twice', () => {
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck: EndpointHealthCheck.https({ regions: ['us-east-1', 'us-west-2', 'us-east-1'] }) } }) })).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.healthCheck\.regions = "us-east-1": each value at most once$/,
    );
  });

  test('throws when a calculated check has no children, a child name that is not a label, or a nested calculated check', () => {
    const withCheck = (healthCheck: EndpointHealthCheck) => () => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck } }) });
    expect(withCheck(EndpointHealthCheck.calculated({ children: {} }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.children = \{\}: at least one child health check$/);
    expect(withCheck(EndpointHealthCheck.calculated({ children: { Primary_Check: EndpointHealthCheck.https() } }))).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.healthCheck\.children = "Primary_Check": child names of lowercase letters, digits and hyphens \(construct ids derive from them\)$/,
    );
    expect(withCheck(EndpointHealthCheck.calculated({ children: { inner: EndpointHealthCheck.calculated({ children: { a: EndpointHealthCheck.https() } }) } }))).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.healthCheck\.children\.inner = EndpointHealthCheck\.calculated: an https, alarm or recoveryControl check: Route 53 does not nest calculated checks$/,
    );
  });

  test('throws when an alarm health check names a region that is not an AWS region', () => {
    const stack = testStack();
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'Alarm', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-errors');
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck: EndpointHealthCheck.alarm(alarm, { alarmRegion: 'us-east-9' }) } }) }, stack)).toThrow(
      /^TestStack\/Routing: endpoints\[0\]\.healthCheck\.alarmRegion = "us-east-9": an AWS region code such as "us-east-1"$/,
    );
  });

  test('throws when a policy has no route', () => {
    expect(() => routing({ routing: RoutingPolicy.weighted([]), endpoints: [] })).toThrow(/^TestStack\/Routing: routing = weighted\(.*\): a policy with at least one route$/);
  });

  test('throws when a set identifier is longer than 128 characters', () => {
    const id = 'x'.repeat(129);
    expect(() => routing({ routing: RoutingPolicy.weighted([{ weight: 1, target: endpoint('us-east-1'), setIdentifier: id }, { weight: 1, target: endpoint('us-west-2') }, { weight: 1, target: endpoint('eu-west-1') }]) })).toThrow(
      new RegExp(`^TestStack/Routing: routing\\.routes\\[0\\]\\.setIdentifier = "${id}": 1 to 128 characters$`),
    );
  });

  test('throws when two geolocation rules name the same area', () => {
    const rules = [{ area: GeoArea.country('DE'), target: endpoint('eu-west-1'), setIdentifier: 'de-eu' }, { area: GeoArea.country('DE'), target: endpoint('us-west-2'), setIdentifier: 'de-us' }];
    expect(() => routing({ routing: RoutingPolicy.geolocation({ rules, defaultTarget: endpoint('us-east-1') }) })).toThrow(/^TestStack\/Routing: routing\.rules\[\]\.area = "country\(DE\)": each value at most once$/);
  });

  test('throws when a latency route to a policy names a region that is not an AWS region', () => {
    const pair = (primary: string, secondary: string) => RoutingPolicy.failover({ primary: endpoint(primary), secondary: endpoint(secondary) });
    expect(() => routing({ routing: RoutingPolicy.latency([{ region: 'us-east-9', target: pair('us-east-1', 'us-west-2') }, { region: 'eu-west-1', target: pair('eu-west-1', 'us-east-1') }]) })).toThrow(
      /^TestStack\/Routing: routing\.routes\[0\]\.region = "us-east-9": an AWS region code such as "us-east-1"$/,
    );
  });

  test('throws when two latency routes name the same region', () => {
    const pair = (primary: string, secondary: string) => RoutingPolicy.failover({ primary: endpoint(primary), secondary: endpoint(secondary) });
    expect(() => routing({ routing: RoutingPolicy.latency([{ region: 'us-east-1', target: pair('us-east-1', 'us-west-2') }, { region: 'us-east-1', setIdentifier: 'east-again', target: pair('eu-west-1', 'us-east-1') }]) })).toThrow(
      /^TestStack\/Routing: routing\.routes\[\]\.region = "us-east-1": each value at most once$/,
    );
  });

  test('throws when manual failback names a routing control for a region nothing routes to, or a malformed one', () => {
    const arn = 'arn:aws:route53-recovery-control::123456789012:controlpanel/abc/routingcontrol/def';
    const arns = { 'us-east-1': arn, 'us-west-2': arn, 'eu-west-1': arn };
    expect(() => routing({ failback: FailbackMode.manual({ routingControlArns: { ...arns, 'ap-south-1': arn } }) })).toThrow(
      /^TestStack\/Routing: failback\.routingControlArns\.ap-south-1 = "arn:aws:route53-recovery-control::123456789012:controlpanel\/abc\/routingcontrol\/def": a routing control of a routed region only$/,
    );
    expect(() => routing({ failback: FailbackMode.manual({ routingControlArns: { ...arns, 'eu-west-1': 'not-an-arn' } }) })).toThrow(
      /^TestStack\/Routing: failback\.routingControlArns\.eu-west-1 = "not-an-arn": a routing control ARN in the aws partition \(Route 53 ARC exists only there\), arn:aws:route53-recovery-control::<12-digit account>:controlpanel\/<id>\/routingcontrol\/<id>$/,
    );
  });

  test('throws when a failover pair fails over to its own region (primary == secondary, or a nested pair back into it)', () => {
    // GIVEN endpoints in two regions
    const endpoints = dnsEndpoints(['us-east-1', 'us-west-2']);
    // WHEN primary and secondary are the same region THEN
    expect(() => routing({ endpoints, routing: RoutingPolicy.failover({ primary: endpoint('us-east-1'), secondary: endpoint('us-east-1') }) })).toThrow(
      /^ {2}- TestStack\/Routing: routing\.secondary = endpoint\(us-east-1\): a secondary in other regions than the primary \(us-east-1\): us-east-1 would be failed over to when it has just failed$/m,
    );
    // WHEN the secondary is a pair that falls back into the primary's region THEN
    const nested = RoutingPolicy.failover({ primary: endpoint('us-east-1'), secondary: RoutingPolicy.failover({ primary: endpoint('us-west-2'), secondary: endpoint('us-east-1') }) });
    expect(() => routing({ endpoints, routing: nested })).toThrow(/TestStack\/Routing: routing\.secondary = failover\(us-west-2-failover\): a secondary in other regions than the primary \(us-east-1\): us-east-1 would be failed over to/);
  });

  test('throws when a failover secondary has no health check', () => {
    const endpoints = dnsEndpoints(['us-east-1', 'us-west-2'], { 'us-west-2': { healthCheck: EndpointHealthCheck.none() } });
    expect(() => routing({ endpoints, routing: RoutingPolicy.failover({ primary: endpoint('us-east-1'), secondary: endpoint('us-west-2') }) })).toThrow(
      /^TestStack\/Routing: routing\.secondary = endpoint\(us-west-2\): a secondary with a health check: without one Route 53 treats it as always healthy/,
    );
  });

  test('throws when an endpoint points at a record name of the routing (a CNAME loop)', () => {
    const endpoints = dnsEndpoints(undefined, { 'us-west-2': { endpoint: RegionalEndpoint.dnsName('api.example.com') } });
    expect(() => routing({ endpoints })).toThrow(/^TestStack\/Routing: endpoints\[1\]\.endpoint\.dnsName = "api\.example\.com": the regional endpoint's own name, not a record name of this routing/);
  });

  test('throws when two regions share one endpoint', () => {
    const endpoints = dnsEndpoints(undefined, { 'us-west-2': { endpoint: RegionalEndpoint.dnsName('api-us-east-1.example.com') } });
    expect(() => routing({ endpoints })).toThrow(
      /^TestStack\/Routing: endpoints\[1\]\.endpoint = "api-us-east-1\.example\.com": an endpoint of its own: endpoints\[0\] \(us-east-1\) already points at it/,
    );
    const ips = (a: string, b: string) => dnsEndpoints(undefined, { 'us-east-1': { endpoint: RegionalEndpoint.ipAddresses(a) }, 'us-west-2': { endpoint: RegionalEndpoint.ipAddresses(b) }, 'eu-west-1': { endpoint: RegionalEndpoint.ipAddresses('192.0.2.3') } });
    expect(() => routing({ endpoints: ips('192.0.2.1', '192.0.2.1') })).toThrow(/^TestStack\/Routing: endpoints\[1\]\.endpoint = "192\.0\.2\.1": an endpoint of its own/);
    expect(() => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { endpoint: RegionalEndpoint.ipAddresses('192.0.2.1', '192.0.2.1') } }) })).toThrow(
      /^ {2}- TestStack\/Routing: endpoints\[0\]\.endpoint\.ipAddresses = "192\.0\.2\.1": each value at most once$/m,
    );
  });

  test('throws when the zone name or the imported zone id is malformed', () => {
    expect(() => routing({ zone: DnsZone.fromAttributes({ hostedZoneId: 'Z0123456789TESTZONE01', zoneName: 'Example.com' }) })).toThrow(
      /^ {2}- TestStack\/Routing: zone\.zoneName = "Example\.com": a fully qualified lowercase DNS name without the trailing dot/m,
    );
    expect(() => routing({ zone: DnsZone.fromAttributes({ hostedZoneId: '/hostedzone/Z0123456789TESTZONE01', zoneName: 'example.com' }) })).toThrow(
      /^TestStack\/Routing: zone\.hostedZoneId = "\/hostedzone\/Z0123456789TESTZONE01": a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ"/,
    );
  });

  test('throws when a wildcard is not the leftmost label', () => {
    expect(() => routing({ hostname: 'api.*.example.com' })).toThrow(/^ {2}- TestStack\/Routing: hostname = "api\.\*\.example\.com": a fully qualified lowercase DNS name without the trailing dot, labels of 1 to 63 letters, digits or hyphens \("\*" only as the leftmost label\)/m);
  });

  test('throws when a routing control ARN is of another partition', () => {
    const arn = (p: string) => `arn:${p}:route53-recovery-control::123456789012:controlpanel/abc/routingcontrol/def`;
    const arns = { 'us-east-1': arn('aws'), 'us-west-2': arn('aws'), 'eu-west-1': arn('aws-us-gov') };
    expect(() => routing({ failback: FailbackMode.manual({ routingControlArns: arns }) })).toThrow(
      /^TestStack\/Routing: failback\.routingControlArns\.eu-west-1 = "arn:aws-us-gov:route53-recovery-control::123456789012:controlpanel\/abc\/routingcontrol\/def": a routing control ARN in the aws partition/,
    );
  });

  test('throws when the alarm name prefix is a pattern, empty, or too long for CloudWatch', () => {
    expect(() => routing({ alarmNamePrefix: 'api-*' })).toThrow(/^TestStack\/Routing: alarmNamePrefix = "api-\*": a non-empty name without "\*", "\?", whitespace or control characters/);
    expect(() => routing({ alarmNamePrefix: '' })).toThrow(/^TestStack\/Routing: alarmNamePrefix = "": a non-empty name/);
    expect(() => routing({ alarmNamePrefix: 'a'.repeat(250) })).toThrow(/^TestStack\/Routing: alarmNamePrefix = "a+": at most 219 characters: the alarm "a+-us-east-1-routing-control-unhealthy" would exceed CloudWatch's 255$/);
  });

  test('throws when alarmActions is given empty', () => {
    expect(() => routing({ alarmActions: [] })).toThrow(/^TestStack\/Routing: alarmActions = \[\]: at least one action, or unset for the routing's own encrypted SNS topic/);
  });

  test('throws when the stack is env-agnostic (its region is a token), without leaking the token', () => {
    // GIVEN the stack `cdk init` gives: no env
    const stack = new Stack(testStack().node.root, 'Agnostic');
    // WHEN / THEN
    expect(() => routing({}, stack)).toThrow(/^Agnostic\/Routing: stack\.region = "<unresolved token>": "us-east-1" given explicitly \(new Stack\(app, id, \{ env: \{ account, region: 'us-east-1' \} \}\)\)/);
    expect(() => routing({}, new Stack(testStack().node.root, 'Agnostic2'))).not.toThrow(/\$\{Token/);
  });

  test('throws when an alarm-driven check is told a region other than its alarm\'s, or its alarm is in another env-agnostic stack', () => {
    const stack = testStack();
    const alarmIn = (s: Stack, id: string) => new cloudwatch.Alarm(s, id, { metric: new cloudwatch.Metric({ namespace: 'App', metricName: 'Errors' }), threshold: 1, evaluationPeriods: 1 });
    const own = alarmIn(stack, 'Own');
    const withAlarm = (healthCheck: EndpointHealthCheck, s: Stack = stack) => () => routing({ endpoints: dnsEndpoints(undefined, { 'us-east-1': { healthCheck } }) }, s);
    expect(withAlarm(EndpointHealthCheck.alarm(own, { alarmRegion: 'us-west-2' }))).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.alarmRegion = "us-west-2": the alarm's own region "us-east-1" \(TestStack\/Own\)/);
    const other = new Stack(stack.node.root, 'Elsewhere');
    const stack2 = testStack();
    const foreign = alarmIn(new Stack(stack2.node.root, 'Agnostic'), 'Foreign');
    expect(other).toBeDefined();
    expect(withAlarm(EndpointHealthCheck.alarm(foreign), stack2)).toThrow(/^TestStack\/Routing: endpoints\[0\]\.healthCheck\.alarmRegion = "<unresolved token>": the region of alarm Agnostic\/Foreign: it is in the env-agnostic stack Agnostic/);
  });

  test('reports every error of a routing together, each with the construct path', () => {
    expect(() => routing({ hostname: 'API.example.com', ttl: Duration.days(3), alarmNamePrefix: '' })).toThrow(
      /^3 validation errors:\n {2}- TestStack\/Routing: hostname = "API\.example\.com"[^\n]*\n {2}- TestStack\/Routing: ttl = 3 days[^\n]*\n {2}- TestStack\/Routing: alarmNamePrefix = ""/,
    );
  });

  test('throws when two routings of one stack write the same record name of a zone', () => {
    // GIVEN a routing of api.example.com
    const stack = testStack();
    routing({}, stack);
    // WHEN a second routing in the stack writes the same name THEN
    expect(() => new GeoDnsRouting(stack, 'Again', { zone: ZONE, hostname: 'api.example.com', routing: latencyFailover(), endpoints: dnsEndpoints(), alarmNamePrefix: 'again' })).toThrow(
      /^ {2}- TestStack\/Again: hostname = "api\.example\.com": a record name no other routing of the stack uses: TestStack\/Routing already writes CNAME records "api\.example\.com" in zone "example\.com"$/m,
    );
    // AND another hostname in the same zone is fine
    expect(() => new GeoDnsRouting(stack, 'Other', { zone: ZONE, hostname: 'www.example.com', routing: latencyFailover(), endpoints: dnsEndpoints(['us-east-1', 'us-west-2', 'eu-west-1']).map((e) => ({ ...e, endpoint: RegionalEndpoint.dnsName(`www-${e.region}.example.com`) })) })).not.toThrow();
  });

  test('an error aws-cdk-lib throws while building carries the construct path', () => {
    const failing: route53.IAliasRecordTarget = { bind: () => { throw new Error('target not ready'); } };
    const endpoints = dnsEndpoints(undefined, Object.fromEntries(['us-east-1', 'us-west-2', 'eu-west-1'].map((r) => [r, { endpoint: RegionalEndpoint.aliasTarget(failing), healthCheck: EndpointHealthCheck.https({ fqdn: `api-${r}.example.com` }) }])));
    expect(() => routing({ endpoints })).toThrow(/^TestStack\/Routing: target not ready$/);
  });

  test('accepts an imported zone given as an interface', () => {
    const stack: Stack = testStack();
    const zone = route53.PublicHostedZone.fromPublicHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789TESTZONE01', zoneName: 'example.com' });
    expect(() => routing({ zone: DnsZone.fromHostedZone(zone) }, stack)).not.toThrow();
  });
});
