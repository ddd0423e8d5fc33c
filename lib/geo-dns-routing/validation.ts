import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { invalid, isAwsRegion, requireIntegerInRange, requireUnique, ValidationCollector } from '../core';
import { DnsZone } from './dns-zone';
import { EndpointHealthCheck, HEALTH_CHECKER_REGIONS, MIN_HEALTH_CHECKER_REGIONS, ROUTING_CONTROL_CONFIG_REGION, RoutingControlSource } from './endpoint-health-check';
import { FailbackMode } from './failback-mode';
import { CONTINENT_CODES, COUNTRY_CODES, SUBDIVISION_CODES, US_TERRITORY_COUNTRY_CODES } from './geo-codes';
import { GeoArea } from './geo-area';
import { RegionalEndpointProps } from './regional-endpoint';
import { PlannedRecord, PlannedRecordSet, RoutingPlan } from './routing-plan';

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
const ROUTING_CONTROL_ARN = /^arn:aws:route53-recovery-control::\d{12}:controlpanel\/[a-z0-9]+\/routingcontrol\/[a-z0-9]+$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const HEALTH_CHECK_PATH = /^\/[\x21-\x22\x24-\x7e]*$/;
/** CloudWatch alarm names: 1 to 255 characters. */
export const ALARM_NAME_MAX_LENGTH = 255;

/** What validation needs to know besides the plan. */
export interface RoutingValidationInput {
  readonly hostname: string;
  readonly zone: DnsZone;
  readonly stackRegion: string;
  readonly ttl: Duration;
  readonly endpoints: readonly RegionalEndpointProps[];
  readonly failback: FailbackMode;
  /** With every default applied. */
  readonly alarmNamePrefix: string;
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
}

/**
 * Every rule of `GeoDnsRouting`, in one place. Runs in the constructor before any resource exists;
 * every rule is checked and all errors are reported together, so a user fixes all mistakes in one run.
 */
export function validateRouting(scope: IConstruct, input: RoutingValidationInput, plan: RoutingPlan): void {
  const c = new ValidationCollector(scope);
  c.check(() => validateStackRegion(scope, input.stackRegion));
  validateNames(c, scope, input, plan);
  c.check(() => {
    if (input.ttl.isUnresolved()) invalid(scope, 'ttl', UNRESOLVED, 'a Duration known at synth: the TTL is written into every record and checked against 0 to 172800 seconds');
    const seconds = input.ttl.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > TTL_MAX_SECONDS) {
      invalid(scope, 'ttl', input.ttl, `a whole number of seconds from 0 to ${TTL_MAX_SECONDS}`);
    }
  });

  for (const clash of plan.clashes) {
    const mixed = clash.existing.policy.kind !== clash.policy.kind;
    c.check(() =>
      invalid(
        scope,
        `${clash.prop}.label`,
        clash.policy.label,
        mixed
          ? `a label of its own: "${clash.name}" is already a ${clash.existing.policy.kind} record set (${clash.existing.prop}); two routing policies cannot be mixed at one level of the tree`
          : `a label of its own: "${clash.name}" is already the record set of a different ${clash.policy.kind} policy (${clash.existing.prop})`,
      ),
    );
  }

  const endpoints = new Map(input.endpoints.map((e) => [e.region, e]));
  c.check(() => requireUnique(scope, 'endpoints[].region', input.endpoints.map((e) => e.region)));
  input.endpoints.forEach((e, i) => validateEndpoint(c, scope, `endpoints[${i}]`, e, Stack.of(scope)));
  validateEndpointCollisions(c, scope, input, plan);

  const used = new Set(plan.sets.flatMap((s) => s.records.map((r) => r.region)).filter((r): r is string => r !== undefined));
  for (const set of plan.sets) {
    for (const record of set.records) {
      if (record.region !== undefined && !endpoints.has(record.region)) {
        c.check(() => invalid(scope, `${record.prop || set.prop}.region`, record.region, `a region with an entry in endpoints (${[...endpoints.keys()].map((r) => `"${r}"`).join(', ') || 'none'})`));
      }
    }
  }
  // A label clash leaves a subtree unplanned: its endpoints would show up here as unused, which is
  // misleading; the clash itself is reported above.
  if (plan.clashes.length === 0) {
    input.endpoints.forEach((e, i) => {
      if (!used.has(e.region)) c.check(() => invalid(scope, `endpoints[${i}].region`, e.region, 'a region the routing description routes to; an endpoint nothing routes to would be silently unused'));
    });
  }

  c.check(() => validateRecordTypes(scope, input, plan, endpoints));
  for (const set of plan.sets) validateSet(c, scope, set, endpoints);
  c.check(() => validateFailback(scope, input.failback, used, endpoints));
  validateAlarms(c, scope, input);
  validateRecordNamesFree(c, scope, input, plan);
  c.throwIfAny();
  claimRecordNames(scope, input, plan);
}

/** Record names (per zone) already used by a routing of a stack: name → type and construct path. */
const CLAIMED_NAMES = new WeakMap<IConstruct, Map<string, { type: string; path: string }>>();

function recordType(input: RoutingValidationInput): string | undefined {
  return input.endpoints[0]?.endpoint.recordType;
}

/**
 * Two routings of one stack writing the same name of one zone would overwrite each other's records
 * (same type), or fail to deploy (a CNAME cannot share its name with any other record).
 */
function validateRecordNamesFree(c: ValidationCollector, scope: IConstruct, input: RoutingValidationInput, plan: RoutingPlan): void {
  const claimed = CLAIMED_NAMES.get(Stack.of(scope));
  const type = recordType(input);
  if (!claimed || type === undefined) return;
  for (const set of plan.sets) {
    const other = claimed.get(`${input.zone.zoneName}|${set.name}`);
    if (other && (other.type === type || other.type === 'CNAME' || type === 'CNAME')) {
      c.check(() => invalid(scope, set.name === input.hostname ? 'hostname' : `${set.prop}.label`, set.name, `a record name no other routing of the stack uses: ${other.path} already writes ${other.type} records "${set.name}" in zone "${input.zone.zoneName}"`));
    }
  }
}

function claimRecordNames(scope: IConstruct, input: RoutingValidationInput, plan: RoutingPlan): void {
  const type = recordType(input);
  if (type === undefined) return;
  const claimed = CLAIMED_NAMES.get(Stack.of(scope)) ?? new Map<string, { type: string; path: string }>();
  CLAIMED_NAMES.set(Stack.of(scope), claimed);
  for (const set of plan.sets) claimed.set(`${input.zone.zoneName}|${set.name}`, { type, path: scope.node.path });
}

/** Shown instead of `${Token[...]}` for a value known only at deploy time. */
const UNRESOLVED = '<unresolved token>';

function validateStackRegion(scope: IConstruct, region: string): void {
  // An env-agnostic stack could deploy anywhere, and its alarms would then watch metrics that do not
  // exist: require the region at synth rather than skip the rule.
  if (Token.isUnresolved(region)) {
    invalid(scope, 'stack.region', UNRESOLVED, `"${HEALTH_CHECK_METRICS_REGION}" given explicitly (new Stack(app, id, { env: { account, region: '${HEALTH_CHECK_METRICS_REGION}' } })): Route 53 publishes health-check metrics only there, so the health checks' alarms must live there, and an env-agnostic stack could be deployed to any region`);
  }
  if (region !== HEALTH_CHECK_METRICS_REGION) {
    invalid(scope, 'stack.region', region, `"${HEALTH_CHECK_METRICS_REGION}": Route 53 publishes health-check metrics only there, so the health checks' alarms must live there`);
  }
}

/** A fully qualified lowercase DNS name without the trailing dot; `*` only as the leftmost label. */
export function isDnsName(name: string, allowWildcard: boolean): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((l, i) => DNS_LABEL.test(l) || (allowWildcard && i === 0 && l === '*'));
}

function validateNames(c: ValidationCollector, scope: IConstruct, input: RoutingValidationInput, plan: RoutingPlan): void {
  const { hostname } = input;
  const zoneName = input.zone.zoneName;
  c.check(() => {
    if (Token.isUnresolved(zoneName)) invalid(scope, 'zone.zoneName', UNRESOLVED, 'a zone name known at synth: the hostname and every record name are checked against it');
    if (!isDnsName(zoneName, false)) invalid(scope, 'zone.zoneName', zoneName, 'a fully qualified lowercase DNS name without the trailing dot, at least two labels of 1 to 63 letters, digits or hyphens');
  });
  c.check(() => {
    const id = input.zone._importedZoneId;
    if (id !== undefined && !Token.isUnresolved(id) && !HOSTED_ZONE_ID.test(id)) {
      invalid(scope, 'zone.hostedZoneId', id, 'a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ" (without the "/hostedzone/" prefix)');
    }
  });
  c.check(() => {
    if (Token.isUnresolved(hostname)) invalid(scope, 'hostname', UNRESOLVED, 'a hostname known at synth: record names, labels and alarm names derive from it');
    if (!isDnsName(hostname, true)) {
      invalid(scope, 'hostname', hostname, 'a fully qualified lowercase DNS name without the trailing dot, labels of 1 to 63 letters, digits or hyphens ("*" only as the leftmost label), at most 253 characters');
    }
    if (!Token.isUnresolved(zoneName) && hostname !== zoneName && !hostname.endsWith(`.${zoneName}`)) {
      invalid(scope, 'hostname', hostname, `a name in the zone "${zoneName}"`);
    }
  });
  // A label is prepended to the hostname: the resulting record name must still be a DNS name.
  for (const set of plan.sets) {
    if (set.name !== hostname && !Token.isUnresolved(hostname) && set.name.length > 253) {
      c.check(() => invalid(scope, `${set.prop}.label`, set.policy.label, `a shorter label: the record name "${set.name}" would exceed 253 characters`));
    }
  }
}

function validateEndpoint(c: ValidationCollector, scope: IConstruct, prop: string, e: RegionalEndpointProps, stack: Stack): void {
  c.check(() => {
    if (!isAwsRegion(e.region)) invalid(scope, `${prop}.region`, e.region, 'an AWS region code such as "us-east-1"');
  });
  const ep = e.endpoint;
  if (ep.kind === 'dns-name') {
    c.check(() => {
      if (!Token.isUnresolved(ep.dnsName!) && !isDnsName(ep.dnsName!, false)) {
        invalid(scope, `${prop}.endpoint.dnsName`, ep.dnsName, 'a fully qualified lowercase DNS name without the trailing dot');
      }
    });
  }
  if (ep.kind === 'ip-addresses') {
    c.check(() => {
      if (ep.ipAddresses!.length === 0) invalid(scope, `${prop}.endpoint.ipAddresses`, [], 'at least one IPv4 address');
    });
    ep.ipAddresses!.forEach((ip, j) =>
      c.check(() => {
        if (!Token.isUnresolved(ip) && !IPV4.test(ip)) invalid(scope, `${prop}.endpoint.ipAddresses[${j}]`, ip, 'an IPv4 address in dotted decimal notation');
      }),
    );
    c.check(() => requireUnique(scope, `${prop}.endpoint.ipAddresses`, ep.ipAddresses!));
  }
  const check = e.healthCheck ?? EndpointHealthCheck.https();
  c.check(() => {
    if (ep.kind === 'alias' && check.kind === 'https' && check.https?.fqdn === undefined) {
      invalid(scope, `${prop}.healthCheck.fqdn`, undefined, 'the host name to check for an alias-target endpoint, e.g. EndpointHealthCheck.https({ fqdn: "api.example.com" }) (an alias target has no DNS name of its own at synth)');
    }
  });
  validateHealthCheck(c, scope, `${prop}.healthCheck`, check, stack);
}

/**
 * Names that collide: an endpoint whose DNS name is a record name of the tree (a CNAME to itself or
 * to its own routing, a resolution loop), and two regions sharing one endpoint (a failover or
 * latency choice between them would be no choice).
 */
function validateEndpointCollisions(c: ValidationCollector, scope: IConstruct, input: RoutingValidationInput, plan: RoutingPlan): void {
  const recordNames = new Set(plan.sets.map((s) => s.name));
  const seen = new Map<string, number>();
  input.endpoints.forEach((e, i) => {
    const ep = e.endpoint;
    const keys = new Set(ep.kind === 'dns-name' ? [ep.dnsName!] : ep.kind === 'ip-addresses' ? ep.ipAddresses! : []);
    for (const key of keys) {
      if (Token.isUnresolved(key)) continue;
      c.check(() => {
        if (ep.kind === 'dns-name' && recordNames.has(key)) {
          invalid(scope, `endpoints[${i}].endpoint.dnsName`, key, 'the regional endpoint\'s own name, not a record name of this routing (a CNAME to the routed name would loop)');
        }
        const other = seen.get(key);
        if (other !== undefined) {
          invalid(scope, `endpoints[${i}].endpoint`, key, `an endpoint of its own: endpoints[${other}] (${input.endpoints[other].region}) already points at it, so routing between the two regions would be no choice`);
        }
      });
      if (!seen.has(key)) seen.set(key, i);
    }
  });
}

function validateHealthCheck(c: ValidationCollector, scope: IConstruct, prop: string, check: EndpointHealthCheck, stack: Stack): void {
  switch (check.kind) {
    case 'https': {
      const s = check.httpsSettings();
      c.check(() => {
        // Route 53 sends the path as the request target: printable ASCII, no spaces, no fragment.
        if (!Token.isUnresolved(s.path) && (!HEALTH_CHECK_PATH.test(s.path) || s.path.length > 255)) {
          invalid(scope, `${prop}.path`, s.path, 'a path starting with "/", at most 255 printable ASCII characters without spaces or "#" (percent-encode them), a query string allowed');
        }
      });
      c.check(() => requireIntegerInRange(scope, `${prop}.port`, s.port, 1, 65535));
      c.check(() => requireIntegerInRange(scope, `${prop}.failureThreshold`, s.failureThreshold, 1, 10));
      c.check(() => {
        if (s.searchString !== undefined && !Token.isUnresolved(s.searchString) && (s.searchString.length === 0 || s.searchString.length > 255 || /[\u0000-\u001f\u007f]/.test(s.searchString))) {
          invalid(scope, `${prop}.searchString`, s.searchString, '1 to 255 characters without control characters (Route 53 looks for it in the first 5,120 bytes of the body)');
        }
      });
      c.check(() => {
        if (s.fqdn !== undefined && !Token.isUnresolved(s.fqdn) && !isDnsName(s.fqdn, false)) {
          invalid(scope, `${prop}.fqdn`, s.fqdn, 'a fully qualified lowercase DNS name without the trailing dot');
        }
      });
      c.check(() => {
        const interval = s.requestInterval.toSeconds({ integral: false });
        if (interval !== 10 && interval !== 30) invalid(scope, `${prop}.requestInterval`, s.requestInterval, '10 or 30 seconds');
      });
      c.check(() => {
        if (s.regions.length < MIN_HEALTH_CHECKER_REGIONS) {
          invalid(scope, `${prop}.regions`, s.regions, `at least ${MIN_HEALTH_CHECKER_REGIONS} health-checker regions of ${HEALTH_CHECKER_REGIONS.join(', ')}`);
        }
      });
      s.regions.forEach((r, i) =>
        c.check(() => {
          if (!HEALTH_CHECKER_REGIONS.includes(r)) invalid(scope, `${prop}.regions[${i}]`, r, `a health-checker region: ${HEALTH_CHECKER_REGIONS.join(', ')}`);
        }),
      );
      c.check(() => requireUnique(scope, `${prop}.regions`, s.regions));
      return;
    }
    case 'calculated': {
      const children = Object.entries(check.calculated!.children);
      c.check(() => {
        if (children.length === 0) invalid(scope, `${prop}.children`, {}, 'at least one child health check');
      });
      c.check(() => requireIntegerInRange(scope, `${prop}.healthThreshold`, check.calculated!.healthThreshold ?? children.length, 0, children.length));
      for (const [name, child] of children) {
        c.check(() => {
          if (!DNS_LABEL.test(name)) invalid(scope, `${prop}.children`, name, 'child names of lowercase letters, digits and hyphens (construct ids derive from them)');
        });
        if (child.kind === 'calculated' || child.kind === 'none') {
          c.check(() => invalid(scope, `${prop}.children.${name}`, child, 'an https, alarm or recoveryControl check: Route 53 does not nest calculated checks'));
          continue;
        }
        validateHealthCheck(c, scope, `${prop}.children.${name}`, child, stack);
      }
      return;
    }
    case 'recovery-control':
      c.check(() => validateRoutingControl(scope, `${prop}.routingControlArn`, check.routingControl!));
      return;
    case 'alarm':
      c.check(() => validateAlarmRegion(scope, `${prop}.alarmRegion`, check, stack));
      return;
    case 'none':
      return;
  }
}

/**
 * The region a health check is told its alarm lives in must be the alarm's. A region token is right
 * when it comes from the alarm's own ARN (an imported alarm) or from this stack; the AWS::Region of
 * another env-agnostic stack would resolve to this stack's region here, so it is rejected.
 */
function validateAlarmRegion(scope: IConstruct, prop: string, check: EndpointHealthCheck, stack: Stack): void {
  const alarm = check.alarm!;
  const given = check.alarmOptions?.alarmRegion;
  const region = check.alarmRegion();
  if (given !== undefined && !Token.isUnresolved(given) && !isAwsRegion(given)) invalid(scope, prop, given, 'an AWS region code such as "us-east-1"');
  const alarmStack = Stack.of(alarm);
  const ownRegion = alarm.env.region;
  const fromOtherAgnosticStack = alarmStack !== stack && Token.isUnresolved(ownRegion) && ownRegion === alarmStack.region;
  if (given === undefined && fromOtherAgnosticStack) {
    invalid(scope, prop, UNRESOLVED, `the region of alarm ${alarm.node.path}: it is in the env-agnostic stack ${alarmStack.node.path}, whose region is unknown here; give that stack a concrete region or pass alarmRegion`);
  }
  if (given !== undefined && !Token.isUnresolved(given) && !Token.isUnresolved(ownRegion) && !fromOtherAgnosticStack && given !== ownRegion) {
    invalid(scope, prop, given, `the alarm's own region "${ownRegion}" (${alarm.node.path}): Route 53 looks the alarm up by name in the region given`);
  }
  if (!Token.isUnresolved(region) && !isAwsRegion(region)) invalid(scope, prop, region, 'an AWS region code such as "us-east-1"');
}

const ROUTING_CONTROL_ARN_FORM = 'arn:aws:route53-recovery-control::<12-digit account>:controlpanel/<id>/routingcontrol/<id>';

/**
 * A routing control is a literal ARN of the routing-control form, or the routing control itself: a
 * token ARN is accepted only from a typed reference (`IRoutingControlRef`) that lives where routing
 * controls are created (the us-west-2 control plane), never as a bare string nobody can check.
 */
function validateRoutingControl(scope: IConstruct, prop: string, source: RoutingControlSource): void {
  if (typeof source === 'string') {
    if (Token.isUnresolved(source)) {
      invalid(scope, prop, UNRESOLVED, `a literal routing control ARN (${ROUTING_CONTROL_ARN_FORM}), or the routing control itself (a CfnRoutingControl, an IRoutingControlRef) when its ARN is known only at deploy time`);
    }
    if (!ROUTING_CONTROL_ARN.test(source)) invalid(scope, prop, source, `a routing control ARN in the aws partition (Route 53 ARC exists only there), ${ROUTING_CONTROL_ARN_FORM}`);
    return;
  }
  const arn = source.routingControlRef.routingControlArn;
  if (!Token.isUnresolved(arn) && !ROUTING_CONTROL_ARN.test(arn)) invalid(scope, prop, arn, `a routing control ARN in the aws partition (Route 53 ARC exists only there), ${ROUTING_CONTROL_ARN_FORM}`);
  const region = source.env.region;
  if (Token.isUnresolved(arn) && (Token.isUnresolved(region) || region !== ROUTING_CONTROL_CONFIG_REGION)) {
    invalid(scope, prop, `${source.node.path} in ${Token.isUnresolved(region) ? UNRESOLVED : region}`, `a routing control created in ${ROUTING_CONTROL_CONFIG_REGION} (a stack with that explicit region): ARC creates routing controls only through that region's control plane`);
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
  if (cname && !Token.isUnresolved(input.hostname) && input.hostname === input.zone.zoneName) {
    invalid(scope, 'hostname', input.hostname, `a name below the zone apex: DNS-name endpoints need CNAME records, which the apex "${input.zone.zoneName}" cannot hold; use load balancers or alias targets there`);
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

function validateSet(c: ValidationCollector, scope: IConstruct, set: PlannedRecordSet, endpoints: Map<string, RegionalEndpointProps>): void {
  // Each rule of a set is independent of the others.
  c.check(() => validateSetRules(scope, set, endpoints));
  if (set.policy.kind === 'failover') c.check(() => validateFailoverPair(scope, set, endpoints));
}

/**
 * A failover pair that makes sense: two different places to be (a region in both the primary and
 * the secondary, e.g. primary == secondary or a nested pair failing back into the primary's region,
 * means failing over to what just failed), and a secondary Route 53 can see fail (a secondary with no
 * health check anywhere is treated as always healthy).
 */
function validateFailoverPair(scope: IConstruct, set: PlannedRecordSet, endpoints: Map<string, RegionalEndpointProps>): void {
  const role = (r: PlannedRecord) => (r.routing.kind === 'failover' ? r.routing.role : undefined);
  const primary = set.records.find((r) => role(r) === 'PRIMARY')!;
  const secondary = set.records.find((r) => role(r) === 'SECONDARY')!;
  const primaryRegions = primary.edge.target.regions;
  const overlap = secondary.edge.target.regions.filter((r) => primaryRegions.includes(r));
  if (overlap.length > 0) {
    invalid(scope, secondary.prop, secondary.edge.target, `a secondary in other regions than the primary (${primaryRegions.join(', ')}): ${overlap.join(', ')} would be failed over to when it has just failed`);
  }
  const checked = secondary.edge.target.regions.filter((region) => (endpoints.get(region)?.healthCheck ?? EndpointHealthCheck.https()).kind !== 'none');
  if (checked.length === 0) {
    invalid(scope, secondary.prop, secondary.edge.target, 'a secondary with a health check: without one Route 53 treats it as always healthy and fails over to it even when it is down (give the endpoint a healthCheck other than EndpointHealthCheck.none())');
  }
}

function validateSetRules(scope: IConstruct, set: PlannedRecordSet, endpoints: Map<string, RegionalEndpointProps>): void {
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
      if (!usedRegions.has(region)) invalid(scope, `failback.routingControlArns.${region}`, typeof arn === 'string' ? arn : arn.node.path, 'a routing control of a routed region only');
      validateRoutingControl(scope, `failback.routingControlArns.${region}`, arn);
    }
  }
}

/**
 * The alarms' names and actions: alarm-driven health checks find alarms by name, and the routing's
 * topic admits alarms by a name pattern, so the prefix must be a plain name that keeps every alarm
 * name within CloudWatch's 255 characters.
 */
function validateAlarms(c: ValidationCollector, scope: IConstruct, input: RoutingValidationInput): void {
  const prefix = input.alarmNamePrefix;
  c.check(() => {
    if (Token.isUnresolved(prefix)) invalid(scope, 'alarmNamePrefix', UNRESOLVED, 'a prefix known at synth: alarm-driven health checks refer to the alarms by name');
    if (prefix === '' || /[*?\s]/.test(prefix) || /[\u0000-\u001f\u007f]/.test(prefix)) {
      invalid(scope, 'alarmNamePrefix', prefix, 'a non-empty name without "*", "?", whitespace or control characters (the alarm topic admits alarms by the pattern "<prefix>-*")');
    }
    const suffixes = input.endpoints.flatMap((e) => {
      const children = Object.keys((e.healthCheck ?? EndpointHealthCheck.https()).calculated?.children ?? {});
      return [`-${e.region}-routing-control-unhealthy`, `-${e.region}-routing-switch-unhealthy`, ...children.map((n) => `-${e.region}-endpoint-${n}-unhealthy`)];
    });
    const longest = suffixes.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (prefix.length + longest.length > ALARM_NAME_MAX_LENGTH) {
      invalid(scope, 'alarmNamePrefix', prefix, `at most ${ALARM_NAME_MAX_LENGTH - longest.length} characters: the alarm "${prefix}${longest}" would exceed CloudWatch's ${ALARM_NAME_MAX_LENGTH}`);
    }
  });
  c.check(() => {
    if (input.alarmActions !== undefined && input.alarmActions.length === 0) {
      invalid(scope, 'alarmActions', [], 'at least one action, or unset for the routing\'s own encrypted SNS topic: an alarm without an action notifies nobody');
    }
  });
}
