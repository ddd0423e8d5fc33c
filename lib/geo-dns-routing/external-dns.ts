import { Duration, Token } from 'aws-cdk-lib';
import { ApiObject } from 'cdk8s';
import { invalid, validateAll, ValidationScope } from '../core';
import { planRouting, recordsOfRegion } from './routing-plan';
import { RoutingPolicy } from './routing-policy';
import { DEFAULT_RECORD_TTL } from './geo-dns-routing';
import { isDnsName, TTL_MAX_SECONDS } from './validation';

/** A Route 53 health check id (a UUID). */
const HEALTH_CHECK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Annotation values go into manifests as text: a CloudFormation token would be written as
 * `${Token[...]}`, so values known only at deploy time are rejected, never leaked.
 */
function validateAnnotationInputs(scope: ValidationScope, hostname: string, ttl: Duration | undefined, healthCheckId?: string): void {
  validateAll(scope, [
    () => {
      if (Token.isUnresolved(hostname)) invalid(scope, 'hostname', '<unresolved token>', 'a hostname known at synth: it is written into the manifest as text');
      if (!isDnsName(hostname, true)) invalid(scope, 'hostname', hostname, 'a fully qualified lowercase DNS name without the trailing dot ("*" only as the leftmost label)');
    },
    () => {
      if (ttl?.isUnresolved()) invalid(scope, 'ttl', '<unresolved token>', 'a Duration known at synth: it is written into the manifest as text');
    },
    () => {
      if (healthCheckId === undefined) return;
      if (Token.isUnresolved(healthCheckId)) {
        invalid(scope, 'healthCheckId', '<unresolved token>', 'the health check id as text (e.g. from a stack output after deploy): a CloudFormation token cannot reach a Kubernetes manifest');
      }
      if (!HEALTH_CHECK_ID.test(healthCheckId)) invalid(scope, 'healthCheckId', healthCheckId, 'a Route 53 health check id, a lowercase UUID such as "abcdef01-2345-6789-abcd-ef0123456789"');
    },
  ]);
}

/** The ExternalDNS annotation prefix. */
export const EXTERNAL_DNS_PREFIX = 'external-dns.alpha.kubernetes.io';

/** The part of a routing description the Kubernetes half needs: plain data, no CloudFormation tokens. */
export interface ExternalDnsRoutingDescription {
  /** The routed hostname, e.g. `api.example.com`. */
  readonly hostname: string;
  /** The same routing tree given to `GeoDnsRouting`. */
  readonly routing: RoutingPolicy;
  /**
   * TTL of the records ExternalDNS writes.
   * @default Duration.seconds(60)
   */
  readonly ttl?: Duration;
}

/** Options of `routedRecordAnnotations`. */
export interface RoutedRecordAnnotationOptions {
  /**
   * Route 53 health check id to attach (ExternalDNS attaches existing checks only).
   * @default - none; a failover PRIMARY then fails validation
   */
  readonly healthCheckId?: string;
}

/**
 * Annotations for a Service or Ingress whose cluster publishes its region's record of a routing
 * description itself: hostname, TTL, set identifier and the routing field of the one record that
 * points at `region`'s endpoint. ExternalDNS writes one record set per name with no alias tree,
 * so the region must be a leaf of exactly one record (a one-level policy such as weighted,
 * latency, failover, geolocation, geoproximity or multivalue). For trees, let `GeoDnsRouting`
 * publish the routing and the cluster publish only its endpoint name (`endpointRecordAnnotations`).
 *
 * @see https://kubernetes-sigs.github.io/external-dns/latest/docs/tutorials/aws/
 */
export function routedRecordAnnotations(scope: ValidationScope, description: ExternalDnsRoutingDescription, region: string, options: RoutedRecordAnnotationOptions = {}): Record<string, string> {
  validateAnnotationInputs(scope, description.hostname, description.ttl, options.healthCheckId);
  const plan = planRouting(description.hostname, description.routing);
  const found = recordsOfRegion(plan, region);
  if (found.length !== 1) {
    invalid(
      scope,
      'region',
      region,
      found.length === 0
        ? `a region the routing description routes to (${description.routing.regions.join(', ')})`
        : `a region that is a leaf of exactly one record; ${region} is a leaf of ${found.length} (${found.map((f) => `${f.set.name}/${f.record.setIdentifier ?? 'simple'}`).join(', ')}): publish this tree with GeoDnsRouting and annotate the cluster with endpointRecordAnnotations`,
    );
  }
  const { set, record } = found[0];
  if (set.name !== description.hostname) {
    invalid(scope, 'routing', description.routing, `a one-level policy: ${region}'s record is "${set.name}", below an alias tree ExternalDNS cannot build`);
  }
  const routing = record.routing;
  if (routing.kind === 'failover' && routing.role === 'PRIMARY' && options.healthCheckId === undefined) {
    invalid(scope, 'healthCheckId', undefined, 'the id of the Route 53 health check of the failover primary');
  }
  const annotations: Record<string, string> = {
    [`${EXTERNAL_DNS_PREFIX}/hostname`]: description.hostname,
    [`${EXTERNAL_DNS_PREFIX}/ttl`]: String(ttlSeconds(scope, description.ttl)),
  };
  if (record.setIdentifier !== undefined) annotations[`${EXTERNAL_DNS_PREFIX}/set-identifier`] = record.setIdentifier;
  switch (routing.kind) {
    case 'weighted':
      annotations[`${EXTERNAL_DNS_PREFIX}/aws-weight`] = String(routing.weight);
      break;
    case 'latency':
      annotations[`${EXTERNAL_DNS_PREFIX}/aws-region`] = routing.region;
      break;
    case 'failover':
      annotations[`${EXTERNAL_DNS_PREFIX}/aws-failover`] = routing.role;
      break;
    case 'geolocation': {
      const geo = routing.area.toCfn();
      if (geo.ContinentCode) annotations[`${EXTERNAL_DNS_PREFIX}/aws-geolocation-continent-code`] = geo.ContinentCode;
      if (geo.CountryCode) annotations[`${EXTERNAL_DNS_PREFIX}/aws-geolocation-country-code`] = geo.CountryCode;
      if (geo.SubdivisionCode) annotations[`${EXTERNAL_DNS_PREFIX}/aws-geolocation-subdivision-code`] = geo.SubdivisionCode;
      break;
    }
    case 'geoproximity':
      annotations[`${EXTERNAL_DNS_PREFIX}/aws-geoproximity-region`] = routing.region;
      annotations[`${EXTERNAL_DNS_PREFIX}/aws-geoproximity-bias`] = String(routing.bias);
      break;
    case 'multivalue':
      annotations[`${EXTERNAL_DNS_PREFIX}/aws-multi-value-answer`] = 'true';
      break;
    case 'simple':
      break;
  }
  if (options.healthCheckId !== undefined) annotations[`${EXTERNAL_DNS_PREFIX}/aws-health-check-id`] = options.healthCheckId;
  return sortKeys(annotations);
}

/**
 * Annotations for a cluster that publishes only its regional endpoint name (a simple record, e.g.
 * `api-us-east-1.example.com`) which `GeoDnsRouting`'s tree points at with `RegionalEndpoint.dnsName`.
 */
export function endpointRecordAnnotations(scope: ValidationScope, hostname: string, ttl?: Duration): Record<string, string> {
  validateAnnotationInputs(scope, hostname, ttl);
  return sortKeys({
    [`${EXTERNAL_DNS_PREFIX}/hostname`]: hostname,
    [`${EXTERNAL_DNS_PREFIX}/ttl`]: String(ttlSeconds(scope, ttl)),
  });
}

/** Adds `annotations` to a Kubernetes object (a Service or an Ingress), e.g. `ApiObject.of(service)`. */
export function applyExternalDnsAnnotations(object: ApiObject, annotations: Record<string, string>): void {
  for (const [key, value] of Object.entries(annotations)) object.metadata.addAnnotation(key, value);
}

function ttlSeconds(scope: ValidationScope, ttl: Duration | undefined): number {
  const value = ttl ?? DEFAULT_RECORD_TTL;
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > TTL_MAX_SECONDS) {
    invalid(scope, 'ttl', value, `a whole number of seconds from 0 to ${TTL_MAX_SECONDS}`);
  }
  return seconds;
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
