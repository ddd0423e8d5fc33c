import { Duration, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { invalid, validateAll, ValidationScope } from '../core';
import {
  DnsZone,
  endpointRecordAnnotations,
  EndpointHealthCheck,
  FailbackMode,
  GeoArea,
  GeoDnsRouting,
  RegionalEndpoint,
  RoutingControlSource,
  RoutingPolicy,
} from '../geo-dns-routing';
import { pascalCase } from '../core/naming';
import { routingControlsFailback } from './dr-model';
import { Environment, failoverRegionOf } from './environment-model';
import { globalStackName } from './naming';
import { PublicServiceOptions } from './service-model';

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
   * The public service whose GeoDnsRouting holds the zone (creates it, or imports it), at the
   * construct id `Routing`; the other public services' routings reference that zone.
   * @default - the only public service; required with more than one
   */
  readonly zoneService?: string;
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
  /** @default - the environment's `dns` */
  readonly dns?: EnvironmentDnsSettings;
  /** Actions of the health-check and routing-switch alarms. @default - each routing's own encrypted SNS topic (`routing.alarmTopic`); subscribe to it */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
  /**
   * The environment's ARC routing control of each region (`dr.routingControls`): every routing's
   * failback becomes `FailbackMode.manual` on them, with the hold-down of `dns.failback`.
   * @default - none: `dns.failback` as given
   */
  readonly routingControls?: Readonly<Record<string, RoutingControlSource>>;
}

/** The region every global stack is deployed to: Route 53 health-check metrics exist only there. */
export const GLOBAL_STACK_REGION = 'us-east-1';

/** The routed hostname of a public service, `<hostLabel>.<zoneName>`. */
export function routedHostname(dns: EnvironmentDnsSettings, hostLabel: string): string {
  return `${hostLabel}.${dns.zoneName}`;
}

/** The hostname a region's cluster publishes for a public service's ingress, `<hostLabel>-<region>.<zoneName>`. */
export function regionalEndpointHostname(dns: EnvironmentDnsSettings, hostLabel: string, region: string): string {
  return `${hostLabel}-${region}.${dns.zoneName}`;
}

/** The DNS settings of one public service: the environment's, with the service's own overrides. */
export function serviceDnsSettings(dns: EnvironmentDnsSettings, options: PublicServiceOptions): EnvironmentDnsSettings {
  return {
    ...dns,
    routing: options.routing ?? dns.routing,
    weights: options.weights ?? dns.weights,
    geoOverrides: options.geoOverrides ?? dns.geoOverrides,
    healthCheckPath: options.healthCheckPath ?? dns.healthCheckPath,
  };
}

/** ExternalDNS annotations for the ingress Service of the cluster in `region`. */
export function clusterDnsAnnotations(environment: Environment, dns: EnvironmentDnsSettings, hostLabel: string, region: string): Record<string, string> {
  return endpointRecordAnnotations(`environments.${environment.name}.dns`, regionalEndpointHostname(dns, hostLabel, region), dns.ttl);
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
 * What must live in one place for an environment: the Route 53 routing of each public service
 * (records, health checks) and the health checks' alarms, in us-east-1 where Route 53 publishes
 * their metrics. Regional endpoints are the clusters' ingress hostnames (`<hostLabel>-<region>.<zone>`),
 * published by each cluster's ExternalDNS, so this stack takes no cross-region reference.
 *
 * One GeoDnsRouting per public service: the zone's own (`dns.zoneService`) at the id `Routing`,
 * which holds the zone, every other at `Routing<ServiceName>`, so adding a public service never
 * renames another's records.
 */
export class GlobalStack extends Stack {
  /** The routing of every public service, by service name. */
  public readonly routings: ReadonlyMap<string, GeoDnsRouting>;

  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id, {
      ...props,
      env: props.env ?? { account: props.environment.account, region: GLOBAL_STACK_REGION },
      stackName: props.stackName ?? globalStackName(props.environment.name),
    });
    const { environment } = props;
    const dns = props.dns ?? environment.dns;
    Tags.of(this).add('resilience:environment', environment.name);

    const publicServices = environment.services.filter((s) => s.publication.isPublic);
    const zoneService = dns.zoneService ?? publicServices[0]?.name;
    const failback = props.routingControls ? routingControlsFailback(this, dns.failback, props.routingControls) : dns.failback;
    // The zone's own routing first: the others reference the zone it holds.
    const ordered = [...publicServices].sort((a, b) => Number(b.name === zoneService) - Number(a.name === zoneService));
    const routings = new Map<string, GeoDnsRouting>();
    let zoneHolder: GeoDnsRouting | undefined;
    for (const service of ordered) {
      const options = service.publication.publicOptions!;
      const serviceDns = serviceDnsSettings(dns, options);
      const holdsZone = service.name === zoneService;
      const zone = holdsZone
        ? dns.hostedZoneId !== undefined
          ? DnsZone.fromAttributes({ hostedZoneId: dns.hostedZoneId, zoneName: dns.zoneName })
          : DnsZone.create({ zoneName: dns.zoneName, removalPolicy: environment.profile.statefulRemovalPolicy })
        : DnsZone.fromHostedZone(zoneHolder!.hostedZone);
      const routing = new GeoDnsRouting(this, holdsZone ? 'Routing' : `Routing${pascalCase(service.name)}`, {
        zone,
        hostname: routedHostname(dns, options.hostLabel),
        routing: environmentRouting(environment, serviceDns),
        endpoints: environment.regions.map((r) => ({
          region: r.region,
          endpoint: RegionalEndpoint.dnsName(regionalEndpointHostname(dns, options.hostLabel, r.region)),
          healthCheck: EndpointHealthCheck.https({ path: serviceDns.healthCheckPath }),
        })),
        ttl: dns.ttl,
        failback,
        alarmActions: props.alarmActions,
        // Alarm names are account-unique per region: each public service gets its own prefix.
        alarmNamePrefix: holdsZone ? globalStackName(environment.name) : `${globalStackName(environment.name)}-${service.name}`,
      });
      if (holdsZone) zoneHolder = routing;
      routings.set(service.name, routing);
    }
    this.routings = routings;
  }

  /** The routing of the zone's own service (`dns.zoneService`), or undefined without public services. */
  public get routing(): GeoDnsRouting {
    const first = [...this.routings.values()][0];
    if (!first) invalid(this, 'routing', undefined, 'an environment with at least one public service');
    return first;
  }
}
