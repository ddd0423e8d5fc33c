import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalid, isAwsRegion, requireIntegerInRange, requireUnique } from '../core';
import { EndpointHealthCheck, HEALTH_CHECKER_REGIONS, MIN_HEALTH_CHECKER_REGIONS } from './endpoint-health-check';
import { FailbackMode } from './failback-mode';
import { CONTINENT_CODES, COUNTRY_CODES, SUBDIVISION_CODES, US_TERRITORY_COUNTRY_CODES } from './geo-codes';
import { GeoArea } from './geo-area';
import { RegionalEndpointProps } from './regional-endpoint';
import { PlannedRecordSet, RoutingPlan } from './routing-plan';

/** Route 53 record TTL bounds, in seconds. */
export const TTL_MAX_SECONDS = 172800;
/** Records that may share a name and type (weighted, latency, geolocation, …), and for geoproximity. */
export const MAX_RECORDS_PER_NAME = 100;
export const MAX_GEOPROXIMITY_RECORDS_PER_NAME = 30;
/** Geoproximity bias bounds. */
export const BIAS_MIN = -99;
export const BIAS_MAX = 99;
/** Weight bounds. */
export const WEIGHT_MAX = 255;
/** Hold-down bounds: the hold-down alarm's single period, whole minutes up to one day. */
export const HOLD_DOWN_MAX_MINUTES = 1440;
/** Route 53 health-check metrics exist only here, so the alarms (and the construct) live here. */
export const HEALTH_CHECK_METRICS_REGION = 'us-east-1';

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ROUTING_CONTROL_ARN = /^arn:aws[a-z-]*:route53-recovery-control::\d{12}:controlpanel\/[a-z0-9]+\/routingcontrol\/[a-z0-9]+$/;

/** What validation needs to know besides the plan. */
export interface RoutingValidationInput {
  readonly hostname: string;
  readonly zoneName: string;
  readonly stackRegion: string;
  readonly ttl: Duration;
  readonly endpoints: readonly RegionalEndpointProps[];
  readonly failback: FailbackMode;
}

/**
 * Every rule of `GeoDnsRouting`, in one place. Runs in the constructor before any resource exists,
 * so a routing mistake fails `cdk synth` with one message rather than an outage.
 */
export function validateRouting(scope: IConstruct, input: RoutingValidationInput, plan: RoutingPlan): void {
  if (!Token.isUnresolved(input.stackRegion) && input.stackRegion !== HEALTH_CHECK_METRICS_REGION) {
    invalid(scope, 'stack.region', input.stackRegion, `"${HEALTH_CHECK_METRICS_REGION}": Route 53 publishes health-check metrics only there, so the health checks' alarms must live there`);
  }
  validateNames(scope, input);
  if (!input.ttl.isUnresolved()) {
    const seconds = input.ttl.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > TTL_MAX_SECONDS) {
      invalid(scope, 'ttl', input.ttl, `a whole number of seconds from 0 to ${TTL_MAX_SECONDS}`);
    }
  }

  // First: a clash leaves a subtree unvisited, which would otherwise surface as a misleading unused endpoint.
  for (const clash of plan.clashes) {
    const mixed = clash.existing.policy.kind !== clash.policy.kind;
    invalid(
      scope,
      `${clash.prop}.label`,
      clash.policy.label,
      mixed
        ? `a label of its own: "${clash.name}" is already a ${clash.existing.policy.kind} record set (${clash.existing.prop}); two routing policies cannot be mixed at one level of the tree`
        : `a label of its own: "${clash.name}" is already the record set of a different ${clash.policy.kind} policy (${clash.existing.prop})`,
    );
  }

  const endpoints = new Map(input.endpoints.map((e) => [e.region, e]));
  requireUnique(scope, 'endpoints[].region', input.endpoints.map((e) => e.region));
  input.endpoints.forEach((e, i) => validateEndpoint(scope, `endpoints[${i}]`, e));

  const used = new Set(plan.sets.flatMap((s) => s.records.map((r) => r.region)).filter((r): r is string => r !== undefined));
  for (const set of plan.sets) {
    for (const record of set.records) {
      if (record.region !== undefined && !endpoints.has(record.region)) {
        invalid(scope, `${record.prop || set.prop}.region`, record.region, `a region with an entry in endpoints (${[...endpoints.keys()].map((r) => `"${r}"`).join(', ') || 'none'})`);
      }
    }
  }
  input.endpoints.forEach((e, i) => {
    if (!used.has(e.region)) invalid(scope, `endpoints[${i}].region`, e.region, 'a region the routing description routes to; an endpoint nothing routes to would be silently unused');
  });

  validateRecordTypes(scope, input, plan, endpoints);
  for (const set of plan.sets) validateSet(scope, set, endpoints);
  validateFailback(scope, input.failback, used, endpoints);
}

function validateNames(scope: IConstruct, input: RoutingValidationInput): void {
  const { hostname, zoneName } = input;
  if (Token.isUnresolved(hostname) || Token.isUnresolved(zoneName)) return;
  const labels = hostname.split('.');
  if (hostname.length > 253 || labels.some((l) => !DNS_LABEL.test(l) && l !== '*')) {
    invalid(scope, 'hostname', hostname, 'a fully qualified lowercase DNS name without the trailing dot, labels of 1 to 63 letters, digits or hyphens, at most 253 characters');
  }
  if (hostname !== zoneName && !hostname.endsWith(`.${zoneName}`)) {
    invalid(scope, 'hostname', hostname, `a name in the zone "${zoneName}"`);
  }
}

function validateEndpoint(scope: IConstruct, prop: string, e: RegionalEndpointProps): void {
  if (!isAwsRegion(e.region)) invalid(scope, `${prop}.region`, e.region, 'an AWS region code such as "us-east-1"');
  const ep = e.endpoint;
  if (ep.kind === 'dns-name' && !Token.isUnresolved(ep.dnsName!) && !/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}$/.test(ep.dnsName!)) {
    invalid(scope, `${prop}.endpoint.dnsName`, ep.dnsName, 'a fully qualified lowercase DNS name without the trailing dot');
  }
  if (ep.kind === 'ip-addresses') {
    if (ep.ipAddresses!.length === 0) invalid(scope, `${prop}.endpoint.ipAddresses`, [], 'at least one IPv4 address');
    ep.ipAddresses!.forEach((ip, j) => {
      if (!Token.isUnresolved(ip) && !IPV4.test(ip)) invalid(scope, `${prop}.endpoint.ipAddresses[${j}]`, ip, 'an IPv4 address in dotted decimal notation');
    });
  }
  const check = e.healthCheck ?? EndpointHealthCheck.https();
  if (ep.kind === 'alias' && check.kind === 'https' && check.https?.fqdn === undefined) {
    invalid(scope, `${prop}.healthCheck.fqdn`, undefined, 'the host name to check for an alias-target endpoint, e.g. EndpointHealthCheck.https({ fqdn: "api.example.com" }) (an alias target has no DNS name of its own at synth)');
  }
  validateHealthCheck(scope, `${prop}.healthCheck`, check);
}

function validateHealthCheck(scope: IConstruct, prop: string, check: EndpointHealthCheck): void {
  switch (check.kind) {
    case 'https': {
      const s = check.httpsSettings();
      if (!Token.isUnresolved(s.path) && (!s.path.startsWith('/') || s.path.length > 255)) {
        invalid(scope, `${prop}.path`, s.path, 'a path starting with "/", at most 255 characters');
      }
      requireIntegerInRange(scope, `${prop}.port`, s.port, 1, 65535);
      requireIntegerInRange(scope, `${prop}.failureThreshold`, s.failureThreshold, 1, 10);
      if (s.searchString !== undefined && (s.searchString.length === 0 || s.searchString.length > 255)) {
        invalid(scope, `${prop}.searchString`, s.searchString, '1 to 255 characters');
      }
      const interval = s.requestInterval.toSeconds({ integral: false });
      if (interval !== 10 && interval !== 30) invalid(scope, `${prop}.requestInterval`, s.requestInterval, '10 or 30 seconds');
      if (s.regions.length < MIN_HEALTH_CHECKER_REGIONS) {
        invalid(scope, `${prop}.regions`, s.regions, `at least ${MIN_HEALTH_CHECKER_REGIONS} health-checker regions of ${HEALTH_CHECKER_REGIONS.join(', ')}`);
      }
      s.regions.forEach((r, i) => {
        if (!HEALTH_CHECKER_REGIONS.includes(r)) invalid(scope, `${prop}.regions[${i}]`, r, `a health-checker region: ${HEALTH_CHECKER_REGIONS.join(', ')}`);
      });
      requireUnique(scope, `${prop}.regions`, s.regions);
      return;
    }
    case 'calculated': {
      const children = Object.entries(check.calculated!.children);
      if (children.length === 0) invalid(scope, `${prop}.children`, {}, 'at least one child health check');
      const threshold = check.calculated!.healthThreshold ?? children.length;
      requireIntegerInRange(scope, `${prop}.healthThreshold`, threshold, 0, children.length);
      for (const [name, child] of children) {
        if (!DNS_LABEL.test(name)) invalid(scope, `${prop}.children`, name, 'child names of lowercase letters, digits and hyphens (construct ids derive from them)');
        if (child.kind === 'calculated' || child.kind === 'none') {
          invalid(scope, `${prop}.children.${name}`, child, 'an https, alarm or recoveryControl check: Route 53 does not nest calculated checks');
        }
        validateHealthCheck(scope, `${prop}.children.${name}`, child);
      }
      return;
    }
    case 'recovery-control':
      validateRoutingControlArn(scope, `${prop}.routingControlArn`, check.routingControlArn!);
      return;
    case 'alarm': {
      const region = check.alarmRegion();
      if (!Token.isUnresolved(region) && !isAwsRegion(region)) invalid(scope, `${prop}.alarmRegion`, region, 'an AWS region code such as "us-east-1"');
      return;
    }
    case 'none':
      return;
  }
}

function validateRoutingControlArn(scope: IConstruct, prop: string, arn: string): void {
  if (!Token.isUnresolved(arn) && !ROUTING_CONTROL_ARN.test(arn)) {
    invalid(scope, prop, arn, 'a routing control ARN, arn:aws:route53-recovery-control::<account>:controlpanel/<id>/routingcontrol/<id>');
  }
}

function validateRecordTypes(scope: IConstruct, input: RoutingValidationInput, plan: RoutingPlan, endpoints: Map<string, RegionalEndpointProps>): void {
  const types = new Map<string, string[]>();
  for (const e of input.endpoints) {
    const list = types.get(e.endpoint.recordType) ?? [];
    list.push(e.region);
    types.set(e.endpoint.recordType, list);
  }
  if (types.size > 1) {
    invalid(
      scope,
      'endpoints',
      [...types.entries()].map(([t, regions]) => `${t}: ${regions.join(', ')}`),
      'endpoints of one kind of record: all DNS names (CNAME records) or all load balancers, alias targets and IP addresses (A records); an alias record can only point to records of its own type',
    );
  }
  const cname = types.has('CNAME');
  if (cname && !Token.isUnresolved(input.hostname) && input.hostname === input.zoneName) {
    invalid(scope, 'hostname', input.hostname, `a name below the zone apex: DNS-name endpoints need CNAME records, which the apex "${input.zoneName}" cannot hold; use load balancers or alias targets there`);
  }
  for (const set of plan.sets) {
    if (set.policy.kind !== 'multivalue') continue;
    for (const record of set.records) {
      const ep = endpoints.get(record.region!);
      if (ep && ep.endpoint.kind !== 'ip-addresses') {
        invalid(scope, `${record.prop}`, ep.endpoint, 'an endpoint of IP addresses: Route 53 has no multivalue answer alias or CNAME records');
      }
    }
  }
}

function validateSet(scope: IConstruct, set: PlannedRecordSet, endpoints: Map<string, RegionalEndpointProps>): void {
  const policy = set.policy;
  if (policy.label !== undefined && !DNS_LABEL.test(policy.label)) {
    invalid(scope, `${set.prop}.label`, policy.label, 'a DNS label: 1 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen');
  }
  const limit = policy.kind === 'geoproximity' ? MAX_GEOPROXIMITY_RECORDS_PER_NAME : MAX_RECORDS_PER_NAME;
  if (set.records.length > limit) {
    invalid(scope, set.prop, `${set.records.length} records`, `at most ${limit} ${policy.kind} records sharing the name "${set.name}" and one type`);
  }
  if (policy.kind !== 'endpoint' && set.records.length === 0) {
    invalid(scope, set.prop, policy, 'a policy with at least one route');
  }
  const ids = set.records.map((r) => r.setIdentifier).filter((id): id is string => id !== undefined);
  requireUnique(scope, `${set.prop}[].setIdentifier`, ids);
  set.records.forEach((r) => {
    if (r.setIdentifier !== undefined && (r.setIdentifier.length < 1 || r.setIdentifier.length > 128)) {
      invalid(scope, `${r.prop}.setIdentifier`, r.setIdentifier, '1 to 128 characters');
    }
  });

  switch (policy.kind) {
    case 'geolocation': {
      const defaults = set.records.filter((r) => r.routing.kind === 'geolocation' && r.routing.area.isDefault);
      if (defaults.length !== 1) {
        invalid(scope, `${set.prop}.defaultTarget`, defaults.length === 0 ? undefined : `${defaults.length} defaults`, 'exactly one default (defaultTarget or a rule with GeoArea.default()): Route 53 answers nothing for locations no rule matches');
      }
      const keys = set.records.map((r) => (r.routing.kind === 'geolocation' ? r.routing.area.toHumanString() : ''));
      requireUnique(scope, `${set.prop}.rules[].area`, keys);
      set.records.forEach((r) => {
        if (r.routing.kind === 'geolocation') validateArea(scope, `${r.prop}.area`, r.routing.area);
      });
      break;
    }
    case 'weighted': {
      const weights = set.records.map((r) => (r.routing.kind === 'weighted' ? r.routing.weight : 0));
      set.records.forEach((r, i) => requireIntegerInRange(scope, `${r.prop}.weight`, weights[i], 0, WEIGHT_MAX));
      if (weights.every((w) => w === 0)) {
        invalid(scope, `${set.prop}.routes[].weight`, weights, 'at least one weight above 0 (all zero spreads traffic evenly, which hides a mistake)');
      }
      break;
    }
    case 'geoproximity':
    case 'latency':
      set.records.forEach((r) => {
        if (r.routing.kind !== 'latency' && r.routing.kind !== 'geoproximity') return;
        if (!isAwsRegion(r.routing.region)) invalid(scope, `${r.prop}.region`, r.routing.region, 'an AWS region code such as "us-east-1"');
        if (r.routing.kind === 'geoproximity') requireIntegerInRange(scope, `${r.prop}.bias`, r.routing.bias, BIAS_MIN, BIAS_MAX);
      });
      requireUnique(scope, `${set.prop}.routes[].region`, set.records.map((r) => (r.routing.kind === 'latency' || r.routing.kind === 'geoproximity' ? r.routing.region : '')));
      break;
    case 'failover': {
      const primary = set.records.find((r) => r.routing.kind === 'failover' && r.routing.role === 'PRIMARY')!;
      const regions = primary.region !== undefined ? [primary.region] : primary.edge.target.regions;
      const checked = regions.filter((region) => (endpoints.get(region)?.healthCheck ?? EndpointHealthCheck.https()).kind !== 'none');
      if (checked.length === 0) {
        invalid(scope, `${primary.prop}`, primary.edge.target, 'a primary with a health check: without one Route 53 never fails over (give the endpoint a healthCheck other than EndpointHealthCheck.none())');
      }
      break;
    }
    default:
      break;
  }
}

function validateArea(scope: IConstruct, prop: string, area: GeoArea): void {
  switch (area.kind) {
    case 'continent':
      if (!CONTINENT_CODES.includes(area.code)) invalid(scope, prop, area, `a continent code: ${CONTINENT_CODES.join(', ')}`);
      return;
    case 'country':
      if (!COUNTRY_CODES.includes(area.code)) invalid(scope, prop, area, 'an ISO 3166-1 alpha-2 country code in upper case, such as "DE"');
      return;
    case 'subdivision': {
      const known = SUBDIVISION_CODES[area.code];
      if (!known) invalid(scope, prop, area, `a subdivision of a country Route 53 subdivides: ${Object.keys(SUBDIVISION_CODES).join(', ')}`);
      if (!known.includes(area.subdivisionCode ?? '')) {
        const hint = area.code === 'US' && US_TERRITORY_COUNTRY_CODES.includes(area.subdivisionCode ?? '') ? `; route ${area.subdivisionCode} with GeoArea.country("${area.subdivisionCode}")` : '';
        invalid(scope, prop, area, `a subdivision code of ${area.code}: one of the 50 states or DC, such as "CA"${hint}`);
      }
      return;
    }
    case 'default':
      return;
  }
}

function validateFailback(scope: IConstruct, failback: FailbackMode, usedRegions: Set<string>, endpoints: Map<string, RegionalEndpointProps>): void {
  if (failback.mode === 'automatic') return;
  const holdDown = failback.holdDownPeriod!;
  if (!holdDown.isUnresolved()) {
    const minutes = holdDown.toMinutes({ integral: false });
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > HOLD_DOWN_MAX_MINUTES) {
      invalid(scope, 'failback.holdDown', holdDown, `a whole number of minutes from 1 to ${HOLD_DOWN_MAX_MINUTES} (24 hours)`);
    }
  }
  for (const region of usedRegions) {
    const check = endpoints.get(region)?.healthCheck ?? EndpointHealthCheck.https();
    if (check.kind === 'none') {
      invalid(scope, 'failback', failback, `FailbackMode.automatic() when the endpoint of ${region} has no health check: the hold-down watches the endpoint's health check`);
    }
    if (check.kind === 'calculated') {
      invalid(scope, 'failback', failback, `FailbackMode.automatic() when the endpoint of ${region} has a calculated health check: the failback gate is a calculated check over the endpoint's, and Route 53 does not nest calculated checks`);
    }
  }
  if (failback.mode === 'manual') {
    const arns = failback.routingControlArns!;
    for (const region of usedRegions) {
      if (arns[region] === undefined) invalid(scope, 'failback.routingControlArns', Object.keys(arns), `a routing control for every routed region, missing ${region}`);
    }
    for (const [region, arn] of Object.entries(arns)) {
      if (!usedRegions.has(region)) invalid(scope, `failback.routingControlArns.${region}`, arn, 'a routing control of a routed region only');
      validateRoutingControlArn(scope, `failback.routingControlArns.${region}`, arn);
    }
  }
}
