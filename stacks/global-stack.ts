import { Duration, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { invalid, validateAll, ValidationScope } from '../lib/core';
import {
  DnsZone,
  endpointRecordAnnotations,
  EndpointHealthCheck,
  FailbackMode,
  GeoArea,
  GeoDnsRouting,
  RegionalEndpoint,
  RoutingPolicy,
} from '../lib/geo-dns-routing';
import { Environment, failoverRegionOf } from './environment-model';

/** The routing shapes an environment can ask for. */
export type DnsRoutingShape = 'simple' | 'latency-failover' | 'geo-latency-failover' | 'weighted';

/** A geolocation override: users in `area` go to `region` (through its failover pair). */
export interface DnsGeoOverride {
  readonly area: GeoArea;
  readonly region: string;
}

/** DNS settings of one environment (the `dns` field of its description). */
export interface EnvironmentDnsSettings {
  /** Public hosted zone name, e.g. `prod.resilience.example.com`. */
  readonly zoneName: string;
  /**
   * Id of the existing zone to import (no lookup at synth).
   * @default - the global stack creates the zone; delegate it from the parent zone once
   */
  readonly hostedZoneId?: string;
  /**
   * First label of the routed hostname `<hostLabel>.<zoneName>`; each cluster publishes its
   * endpoint as `<hostLabel>-<region>.<zoneName>` (ExternalDNS, see `clusterDnsAnnotations`).
   * @default 'api'
   */
  readonly hostLabel?: string;
  /**
   * - `simple`: one record to the primary region;
   * - `latency-failover`: latency over the regions, each a failover pair to its standby;
   * - `geo-latency-failover`: geolocation overrides at the top, the default going to latency-failover;
   * - `weighted`: weighted over the regions by `weights`.
   */
  readonly routing: DnsRoutingShape;
  /** Weight by region, for `weighted` (the seeds: 70/20/10). @default - none */
  readonly weights?: Readonly<Record<string, number>>;
  /** Country/state/continent overrides, for `geo-latency-failover`. @default - none */
  readonly geoOverrides?: readonly DnsGeoOverride[];
  /** @default FailbackMode.automatic() */
  readonly failback?: FailbackMode;
  /** Health-check path of every regional endpoint. @default '/healthz' */
  readonly healthCheckPath?: string;
  /** TTL of non-alias records. @default Duration.seconds(60) */
  readonly ttl?: Duration;
}

export interface GlobalStackProps extends StackProps {
  readonly environment: Environment;
  readonly dns: EnvironmentDnsSettings;
  /** Actions of the health-check and routing-switch alarms. @default - the routing's own encrypted SNS topic (`routing.alarmTopic`); subscribe to it */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
}

/** The region every global stack is deployed to: Route 53 health-check metrics exist only there. */
export const GLOBAL_STACK_REGION = 'us-east-1';

/** `resilience-<environment>-global`. */
export function globalStackName(environment: string): string {
  return `resilience-${environment}-global`;
}

/** The routed hostname of an environment, `<hostLabel>.<zoneName>`. */
export function routedHostname(dns: EnvironmentDnsSettings): string {
  return `${dns.hostLabel ?? 'api'}.${dns.zoneName}`;
}

/** The hostname a region's cluster publishes for its ingress, `<hostLabel>-<region>.<zoneName>`. */
export function regionalEndpointHostname(dns: EnvironmentDnsSettings, region: string): string {
  return `${dns.hostLabel ?? 'api'}-${region}.${dns.zoneName}`;
}

/** ExternalDNS annotations for the ingress Service of the cluster in `region`. */
export function clusterDnsAnnotations(environment: Environment, dns: EnvironmentDnsSettings, region: string): Record<string, string> {
  return endpointRecordAnnotations(`environments.${environment.name}.dns`, regionalEndpointHostname(dns, region), dns.ttl);
}

/** The routing tree of an environment's DNS settings. */
export function environmentRouting(environment: Environment, dns: EnvironmentDnsSettings): RoutingPolicy {
  const path: ValidationScope = `environments.${environment.name}.dns`;
  const regions = environment.regions.map((r) => r.region);
  // Every rule of the settings, reported together; GeoDnsRouting checks what it receives (names, TTL, weights, paths).
  validateAll(path, [
    () => {
      if (dns.routing !== 'weighted' && dns.weights !== undefined) invalid(path, 'weights', dns.weights, `unset unless routing is "weighted" (routing is "${dns.routing}")`);
    },
    () => {
      if (dns.routing !== 'geo-latency-failover' && dns.geoOverrides !== undefined) invalid(path, 'geoOverrides', dns.geoOverrides, `unset unless routing is "geo-latency-failover" (routing is "${dns.routing}")`);
    },
    () => {
      if (dns.routing !== 'simple' && regions.length < 2) invalid(path, 'routing', dns.routing, `"simple" for an environment with one region (${regions.join(', ')})`);
    },
    () => requireHostLabel(path, dns, regions),
    ...(dns.geoOverrides ?? []).map((o, i) => () => {
      if (!regions.includes(o.region)) invalid(path, `geoOverrides[${i}].region`, o.region, `a region of the environment: ${regions.join(', ')}`);
    }),
    ...Object.keys(dns.weights ?? {}).map((region) => () => {
      if (!regions.includes(region)) invalid(path, `weights.${region}`, dns.weights![region], `weights of the environment's regions only: ${regions.join(', ')}`);
    }),
    ...(dns.routing === 'weighted' ? regions : []).map((region) => () => {
      if (dns.weights?.[region] === undefined) invalid(path, 'weights', dns.weights ?? {}, `a weight for every region, missing ${region}`);
    }),
  ]);

  const failoverPairs = new Map<string, RoutingPolicy>();
  const failoverOf = (region: string): RoutingPolicy => {
    let pair = failoverPairs.get(region);
    if (!pair) {
      pair = RoutingPolicy.failover({ primary: RoutingPolicy.endpoint(region), secondary: RoutingPolicy.endpoint(failoverRegionOf(environment, region)!) });
      failoverPairs.set(region, pair);
    }
    return pair;
  };
  const latencyFailover = (): RoutingPolicy => RoutingPolicy.latency(regions.map((region) => ({ region, target: failoverOf(region) })));

  switch (dns.routing) {
    case 'simple':
      return RoutingPolicy.endpoint(environment.primary.region);
    case 'latency-failover':
      return latencyFailover();
    case 'geo-latency-failover':
      return RoutingPolicy.geolocation({
        rules: (dns.geoOverrides ?? []).map((o) => ({ area: o.area, target: failoverOf(o.region) })),
        defaultTarget: latencyFailover(),
      });
    case 'weighted': {
      const weights = dns.weights ?? {};
      return RoutingPolicy.weighted(regions.map((region) => ({ weight: weights[region], target: RoutingPolicy.endpoint(region) })));
    }
  }
}

/**
 * The host label is the first label of the routed name and, as `<hostLabel>-<region>`, of every
 * regional endpoint name: both must be DNS labels (at most 63 characters).
 */
function requireHostLabel(path: ValidationScope, dns: EnvironmentDnsSettings, regions: readonly string[]): void {
  const label = dns.hostLabel ?? 'api';
  const longest = regions.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label) || `${label}-${longest}`.length > 63) {
    invalid(path, 'hostLabel', label, `a DNS label of lowercase letters, digits and hyphens, not starting or ending with a hyphen, at most ${62 - longest.length} characters (the endpoint label "<hostLabel>-${longest}" is at most 63)`);
  }
}

/**
 * What must live in one place for an environment: its Route 53 routing (records, health checks)
 * and the health checks' alarms, in us-east-1 where Route 53 publishes their metrics. Regional
 * endpoints are the clusters' ingress hostnames (`<hostLabel>-<region>.<zone>`), published by each
 * cluster's ExternalDNS, so this stack takes no cross-region reference.
 */
export class GlobalStack extends Stack {
  public readonly routing: GeoDnsRouting;

  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id, {
      ...props,
      env: props.env ?? { account: props.environment.account, region: GLOBAL_STACK_REGION },
      stackName: props.stackName ?? globalStackName(props.environment.name),
    });
    const { environment, dns } = props;
    Tags.of(this).add('resilience:environment', environment.name);

    this.routing = new GeoDnsRouting(this, 'Routing', {
      zone: dns.hostedZoneId !== undefined ? DnsZone.fromAttributes({ hostedZoneId: dns.hostedZoneId, zoneName: dns.zoneName }) : DnsZone.create({ zoneName: dns.zoneName }),
      hostname: routedHostname(dns),
      routing: environmentRouting(environment, dns),
      endpoints: environment.regions.map((r) => ({
        region: r.region,
        endpoint: RegionalEndpoint.dnsName(regionalEndpointHostname(dns, r.region)),
        healthCheck: EndpointHealthCheck.https({ path: dns.healthCheckPath }),
      })),
      ttl: dns.ttl,
      failback: dns.failback,
      alarmActions: props.alarmActions,
      alarmNamePrefix: globalStackName(environment.name),
    });
  }
}
