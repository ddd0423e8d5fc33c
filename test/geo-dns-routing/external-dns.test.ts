import { Aws, Duration } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { applyExternalDnsAnnotations, endpointRecordAnnotations, GeoArea, routedRecordAnnotations, RoutingPolicy } from '../../lib/geo-dns-routing';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { testChart, testStack } from '../support/app';
import { latencyFailover } from './fixtures';

const E = 'external-dns.alpha.kubernetes.io';
const endpoint = RoutingPolicy.endpoint;

describe('ExternalDNS annotations from the routing description', () => {
  test('weighted: set identifier, weight and the 60 s TTL', () => {
    const routing = RoutingPolicy.weighted([{ weight: 70, target: endpoint('us-east-1') }, { weight: 20, target: endpoint('us-west-2') }, { weight: 10, target: endpoint('eu-west-1') }]);
    expect(routedRecordAnnotations('cluster', { hostname: 'api.example.com', routing }, 'us-west-2')).toEqual({
      [`${E}/aws-weight`]: '20',
      [`${E}/hostname`]: 'api.example.com',
      [`${E}/set-identifier`]: 'us-west-2',
      [`${E}/ttl`]: '60',
    });
  });

  test('latency: aws-region', () => {
    const routing = RoutingPolicy.latency([{ region: 'us-east-1' }, { region: 'eu-west-1' }]);
    expect(routedRecordAnnotations('cluster', { hostname: 'api.example.com', routing, ttl: Duration.seconds(30) }, 'eu-west-1')).toMatchObject({ [`${E}/aws-region`]: 'eu-west-1', [`${E}/set-identifier`]: 'eu-west-1', [`${E}/ttl`]: '30' });
  });

  test('geolocation: country, subdivision and the * default', () => {
    const routing = RoutingPolicy.geolocation({ rules: [{ area: GeoArea.country('DE'), target: endpoint('eu-west-1') }, { area: GeoArea.usState('CA'), target: endpoint('us-west-2') }], defaultTarget: endpoint('us-east-1') });
    const d = { hostname: 'api.example.com', routing };
    expect(routedRecordAnnotations('c', d, 'eu-west-1')).toMatchObject({ [`${E}/aws-geolocation-country-code`]: 'DE', [`${E}/set-identifier`]: 'country-de' });
    expect(routedRecordAnnotations('c', d, 'us-west-2')).toMatchObject({ [`${E}/aws-geolocation-country-code`]: 'US', [`${E}/aws-geolocation-subdivision-code`]: 'CA' });
    expect(routedRecordAnnotations('c', d, 'us-east-1')).toMatchObject({ [`${E}/aws-geolocation-country-code`]: '*', [`${E}/set-identifier`]: 'default' });
  });

  test('failover: role and the primary\'s health check id', () => {
    const routing = RoutingPolicy.failover({ primary: endpoint('us-east-1'), secondary: endpoint('us-west-2') });
    const d = { hostname: 'api.example.com', routing };
    expect(routedRecordAnnotations('c', d, 'us-east-1', { healthCheckId: 'abcdef01-2345-6789-abcd-ef0123456789' })).toMatchObject({ [`${E}/aws-failover`]: 'PRIMARY', [`${E}/aws-health-check-id`]: 'abcdef01-2345-6789-abcd-ef0123456789', [`${E}/set-identifier`]: 'primary' });
    expect(routedRecordAnnotations('c', d, 'us-west-2')).toMatchObject({ [`${E}/aws-failover`]: 'SECONDARY' });
  });

  test('geoproximity and multivalue', () => {
    expect(routedRecordAnnotations('c', { hostname: 'api.example.com', routing: RoutingPolicy.geoproximity([{ region: 'us-east-1', bias: -20 }, { region: 'eu-west-1' }]) }, 'us-east-1')).toMatchObject({
      [`${E}/aws-geoproximity-region`]: 'us-east-1',
      [`${E}/aws-geoproximity-bias`]: '-20',
    });
    expect(routedRecordAnnotations('c', { hostname: 'api.example.com', routing: RoutingPolicy.multivalue(['us-east-1', 'eu-west-1']) }, 'eu-west-1')).toMatchObject({ [`${E}/aws-multi-value-answer`]: 'true' });
  });

  test('throws when a failover primary has no health check id', () => {
    const routing = RoutingPolicy.failover({ primary: endpoint('us-east-1'), secondary: endpoint('us-west-2') });
    expect(() => routedRecordAnnotations('clusters.prod-us-east-1', { hostname: 'api.example.com', routing }, 'us-east-1')).toThrow(/^clusters\.prod-us-east-1: healthCheckId = undefined: the id of the Route 53 health check of the failover primary$/);
  });

  test('throws when the region is a leaf of more than one record (a tree ExternalDNS cannot build)', () => {
    expect(() => routedRecordAnnotations('c', { hostname: 'api.example.com', routing: latencyFailover() }, 'us-east-1')).toThrow(
      /^c: region = "us-east-1": a region that is a leaf of exactly one record; us-east-1 is a leaf of 2 \(us-east-1-failover\.api\.example\.com\/primary, eu-west-1-failover\.api\.example\.com\/secondary\): publish this tree with GeoDnsRouting/,
    );
  });

  test('throws when the region is not routed to', () => {
    expect(() => routedRecordAnnotations('c', { hostname: 'api.example.com', routing: RoutingPolicy.latency([{ region: 'us-east-1' }]) }, 'eu-west-1')).toThrow(/^c: region = "eu-west-1": a region the routing description routes to \(us-east-1\)$/);
  });

  test('throws when the region\'s record is below an alias tree', () => {
    const routing = RoutingPolicy.geolocation({ rules: [{ area: GeoArea.continent('EU'), target: RoutingPolicy.latency([{ region: 'eu-west-1' }], { label: 'eu' }) }], defaultTarget: endpoint('us-east-1') });
    expect(() => routedRecordAnnotations('c', { hostname: 'api.example.com', routing }, 'eu-west-1')).toThrow(
      /^c: routing = geolocation\(.*\): a one-level policy: eu-west-1's record is "eu\.api\.example\.com", below an alias tree ExternalDNS cannot build$/,
    );
  });

  test('throws when the TTL is outside 0–172800 seconds', () => {
    expect(() => endpointRecordAnnotations('c', 'api-us-east-1.example.com', Duration.days(3))).toThrow(/^c: ttl = 3 days: a whole number of seconds from 0 to 172800$/);
  });

  test('throws when a value is a CloudFormation token, instead of leaking ${Token[...]} into the manifest', () => {
    // GIVEN a health check of a stack: its id is known only at deploy time
    const stack = testStack();
    const check = new route53.HealthCheck(stack, 'Check', { type: route53.HealthCheckType.HTTPS, fqdn: 'api-us-east-1.example.com' });
    const d = { hostname: 'api.example.com', routing: RoutingPolicy.failover({ primary: endpoint('us-east-1'), secondary: endpoint('us-west-2') }) };
    // WHEN / THEN
    expect(() => routedRecordAnnotations('cluster', d, 'us-east-1', { healthCheckId: check.healthCheckId })).toThrow(
      /^cluster: healthCheckId = "<unresolved token>": the health check id as text \(e\.g\. from a stack output after deploy\)/,
    );
    expect(() => endpointRecordAnnotations('cluster', `api-${Aws.REGION}.example.com`)).toThrow(/^cluster: hostname = "<unresolved token>": a hostname known at synth/);
  });

  test('throws when the hostname or the health check id is malformed', () => {
    expect(() => endpointRecordAnnotations('cluster', 'API.example.com')).toThrow(/^cluster: hostname = "API\.example\.com": a fully qualified lowercase DNS name without the trailing dot/);
    const d = { hostname: 'api.example.com', routing: RoutingPolicy.failover({ primary: endpoint('us-east-1'), secondary: endpoint('us-west-2') }) };
    expect(() => routedRecordAnnotations('cluster', d, 'us-east-1', { healthCheckId: 'abcd-1234' })).toThrow(/^cluster: healthCheckId = "abcd-1234": a Route 53 health check id, a lowercase UUID/);
  });

  test('an annotated Service is a valid Kubernetes object', () => {
    // GIVEN a cluster's ingress Service
    const chart = testChart();
    const service = new kplus.Service(chart, 'Ingress', { type: kplus.ServiceType.LOAD_BALANCER, ports: [{ port: 443, targetPort: 8443 }], selector: kplus.Pods.select(chart, 'Gateway', { labels: { app: 'gateway' } }) });
    // WHEN it is annotated for its regional endpoint name
    applyExternalDnsAnnotations(ApiObject.of(service), endpointRecordAnnotations('c', 'api-us-east-1.example.com'));
    // THEN the manifest carries the annotations and passes its schema
    const objects = chart.toJson();
    expect(objects[0].metadata.annotations).toEqual({ [`${E}/hostname`]: 'api-us-east-1.example.com', [`${E}/ttl`]: '60' });
    expect(kubernetesSchemaErrors(objects)).toEqual([]);
  });
});
