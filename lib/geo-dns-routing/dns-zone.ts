import { RemovalPolicy } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

/** Attributes of an existing public hosted zone. */
export interface ExistingZoneAttributes {
  /** Hosted zone id, e.g. `Z0123456789ABCDEFGHIJ`. */
  readonly hostedZoneId: string;
  /** Zone name, e.g. `example.com`. */
  readonly zoneName: string;
}

/** Options of a zone the construct creates. */
export interface NewZoneOptions {
  /** Zone name, e.g. `dev.example.com`. Delegate it from the parent zone after the first deploy. */
  readonly zoneName: string;
  /**
   * Comment on the zone.
   * @default - `Managed by resilience-constructs GeoDnsRouting`
   */
  readonly comment?: string;
  /**
   * What happens to the zone when it leaves the stack. A re-created zone gets new name servers,
   * which breaks the delegation from the parent zone, so it is kept by default.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Where the records go: an existing public zone (imported by id and name, no lookup at synth), a
 * zone object you already have, or a new public zone.
 */
export class DnsZone {
  /** Imports an existing public zone by id and name; nothing is looked up at synth. */
  public static fromAttributes(attributes: ExistingZoneAttributes): DnsZone {
    return new DnsZone('existing', attributes.zoneName, attributes.hostedZoneId, undefined, undefined);
  }

  /** A zone defined elsewhere in the app. */
  public static fromHostedZone(zone: route53.IHostedZone): DnsZone {
    return new DnsZone('given', zone.zoneName, undefined, zone, undefined);
  }

  /** Creates a public hosted zone. */
  public static create(options: NewZoneOptions): DnsZone {
    return new DnsZone('create', options.zoneName, undefined, undefined, options.comment, options.removalPolicy ?? RemovalPolicy.RETAIN);
  }

  private constructor(
    public readonly source: 'existing' | 'given' | 'create',
    /** The zone's name. */
    public readonly zoneName: string,
    private readonly hostedZoneId: string | undefined,
    private readonly zone: route53.IHostedZone | undefined,
    private readonly comment: string | undefined,
    private readonly removalPolicy: RemovalPolicy = RemovalPolicy.RETAIN,
  ) {}

  /** Resolves the zone under `scope` (creating it for `create`). @internal */
  public _bind(scope: Construct, id: string): route53.IHostedZone {
    switch (this.source) {
      case 'existing':
        return route53.PublicHostedZone.fromPublicHostedZoneAttributes(scope, id, { hostedZoneId: this.hostedZoneId!, zoneName: this.zoneName });
      case 'given':
        return this.zone!;
      case 'create': {
        const zone = new route53.PublicHostedZone(scope, id, {
          zoneName: this.zoneName,
          comment: this.comment ?? 'Managed by resilience-constructs GeoDnsRouting',
        });
        zone.applyRemovalPolicy(this.removalPolicy);
        return zone;
      }
    }
  }

  /** The id given to `fromAttributes`, for validation. @internal */
  public get _importedZoneId(): string | undefined {
    return this.hostedZoneId;
  }

  public toHumanString(): string {
    return `DnsZone.${this.source}(${this.zoneName})`;
  }
}
