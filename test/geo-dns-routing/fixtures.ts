import { Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { DnsZone, GeoDnsRouting, GeoDnsRoutingProps, RegionalEndpoint, RegionalEndpointProps, RoutingPolicy } from '../../lib/geo-dns-routing';
import { testStack } from '../support/app';

export const ZONE = DnsZone.fromAttributes({ hostedZoneId: 'Z0123456789TESTZONE01', zoneName: 'example.com' });
export const HOSTNAME = 'api.example.com';
export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** A DNS-name endpoint per region, `api-<region>.example.com`. */
export function dnsEndpoints(regions: readonly string[] = REGIONS, overrides: Partial<Record<string, Partial<RegionalEndpointProps>>> = {}): RegionalEndpointProps[] {
  return regions.map((region) => ({ region, endpoint: RegionalEndpoint.dnsName(`api-${region}.example.com`), ...overrides[region] }));
}

/** latency over the regions, each a failover pair to the next region. */
export function latencyFailover(regions: readonly string[] = REGIONS): RoutingPolicy {
  return RoutingPolicy.latency(
    regions.map((region, i) => ({
      region,
      target: RoutingPolicy.failover({ primary: RoutingPolicy.endpoint(region), secondary: RoutingPolicy.endpoint(regions[(i + 1) % regions.length]) }),
    })),
  );
}

/** A GeoDnsRouting in a fresh us-east-1 unit-test stack; props default to latency-failover over DNS names. */
export function routing(props: Partial<GeoDnsRoutingProps> = {}, stack: Stack = testStack()): { stack: Stack; routing: GeoDnsRouting } {
  const r = new GeoDnsRouting(stack, 'Routing', {
    zone: ZONE,
    hostname: HOSTNAME,
    routing: latencyFailover(),
    endpoints: dnsEndpoints(),
    ...props,
  });
  return { stack, routing: r };
}

/** An alias target that is not a record of the zone (e.g. a CloudFront distribution). */
export const CLOUDFRONT_TARGET: route53.IAliasRecordTarget = { bind: () => ({ dnsName: 'd111111abcdef8.cloudfront.net', hostedZoneId: 'Z2FDTNDATAQYW2' }) };
