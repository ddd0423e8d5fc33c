import { Resource } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { RecordRouting } from './routing-policy';

/** What a routed record points at. */
export type RoutedRecordTarget =
  | { readonly kind: 'values'; readonly values: readonly string[] }
  | { readonly kind: 'alias'; readonly aliasTarget: route53.IAliasRecordTarget };

export interface RoutedRecordProps {
  readonly zone: route53.IHostedZone;
  /** Fully qualified name, without the trailing dot. */
  readonly name: string;
  readonly type: 'A' | 'CNAME';
  readonly routing: RecordRouting;
  /**
   * Set identifier of the record among the records sharing its name.
   * @default - none, for a simple record
   */
  readonly setIdentifier?: string;
  readonly target: RoutedRecordTarget;
  /** TTL in seconds, for non-alias records. */
  readonly ttlSeconds: number;
  /** Health check of the record. @default - none */
  readonly healthCheck?: route53.IHealthCheck;
}

/**
 * One `AWS::Route53::RecordSet` of a routing tree, with every routing field Route 53 has, including
 * geoproximity (not in the L2 `RecordSet`). Alias records always evaluate target health; non-alias
 * records always carry an explicit TTL.
 */
export class RoutedRecord extends Resource implements route53.IRecordSet {
  public readonly domainName: string;
  public readonly resource: route53.CfnRecordSet;
  private readonly type: string;

  constructor(scope: Construct, id: string, props: RoutedRecordProps) {
    super(scope, id);
    this.domainName = props.name;
    this.type = props.type;
    const routing = props.routing;
    const alias = props.target.kind === 'alias' ? props.target.aliasTarget.bind(this, props.zone) : undefined;
    this.resource = new route53.CfnRecordSet(this, 'Resource', {
      hostedZoneId: props.zone.hostedZoneId,
      name: `${props.name}.`,
      type: props.type,
      setIdentifier: props.setIdentifier,
      region: routing.kind === 'latency' ? routing.region : undefined,
      geoLocation: routing.kind === 'geolocation' ? lowerKeys(routing.area.toCfn()) : undefined,
      weight: routing.kind === 'weighted' ? routing.weight : undefined,
      failover: routing.kind === 'failover' ? routing.role : undefined,
      multiValueAnswer: routing.kind === 'multivalue' ? true : undefined,
      healthCheckId: props.healthCheck?.healthCheckId,
      ttl: alias ? undefined : String(props.ttlSeconds),
      resourceRecords: props.target.kind === 'values' ? [...props.target.values] : undefined,
      aliasTarget: alias ? { dnsName: alias.dnsName, hostedZoneId: alias.hostedZoneId, evaluateTargetHealth: true } : undefined,
    });
    if (routing.kind === 'geoproximity') {
      // Not modelled by CfnRecordSet in this aws-cdk-lib version; the CloudFormation property exists.
      this.resource.addPropertyOverride('GeoProximityLocation', { AWSRegion: routing.region, Bias: routing.bias });
    }
  }

  public get recordSetRef(): route53.RecordSetReference {
    return { recordSetName: this.domainName, type: this.type };
  }
}

function lowerKeys(geo: { ContinentCode?: string; CountryCode?: string; SubdivisionCode?: string }): route53.CfnRecordSet.GeoLocationProperty {
  return { continentCode: geo.ContinentCode, countryCode: geo.CountryCode, subdivisionCode: geo.SubdivisionCode };
}
