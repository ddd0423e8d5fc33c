import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { EndpointHealthCheck } from './endpoint-health-check';

/** How a regional endpoint is reached. */
export type EndpointTargetKind = 'load-balancer' | 'alias' | 'dns-name' | 'ip-addresses';

/**
 * What a region serves the hostname from. Load balancers and alias targets become alias A records
 * (no TTL, target health evaluated); a DNS name becomes a CNAME with the TTL; IP addresses become
 * an A record with the TTL (the only kind multivalue answer accepts).
 */
export class RegionalEndpoint {
  /** An Application or Network Load Balancer, by its interface. */
  public static loadBalancer(loadBalancer: elbv2.ILoadBalancerV2): RegionalEndpoint {
    return new RegionalEndpoint('load-balancer', { loadBalancer });
  }

  /** Any Route 53 alias target (API Gateway, CloudFront, Global Accelerator, an S3 website, …). */
  public static aliasTarget(target: route53.IAliasRecordTarget): RegionalEndpoint {
    return new RegionalEndpoint('alias', { aliasTarget: target });
  }

  /** A DNS name, e.g. the ingress hostname a cluster publishes through ExternalDNS. */
  public static dnsName(name: string): RegionalEndpoint {
    return new RegionalEndpoint('dns-name', { dnsName: name });
  }

  /** One or more IPv4 addresses. */
  public static ipAddresses(...addresses: string[]): RegionalEndpoint {
    return new RegionalEndpoint('ip-addresses', { ipAddresses: addresses });
  }

  public readonly loadBalancer?: elbv2.ILoadBalancerV2;
  public readonly aliasTarget?: route53.IAliasRecordTarget;
  public readonly dnsName?: string;
  public readonly ipAddresses?: readonly string[];

  private constructor(
    /** How the endpoint is reached. */
    public readonly kind: EndpointTargetKind,
    fields: { loadBalancer?: elbv2.ILoadBalancerV2; aliasTarget?: route53.IAliasRecordTarget; dnsName?: string; ipAddresses?: string[] },
  ) {
    this.loadBalancer = fields.loadBalancer;
    this.aliasTarget = fields.aliasTarget;
    this.dnsName = fields.dnsName;
    this.ipAddresses = fields.ipAddresses;
  }

  /** The record type records pointing at this endpoint need. */
  public get recordType(): 'A' | 'CNAME' {
    return this.kind === 'dns-name' ? 'CNAME' : 'A';
  }

  /** True when records pointing at this endpoint are alias records. */
  public get isAlias(): boolean {
    return this.kind === 'load-balancer' || this.kind === 'alias';
  }

  public toHumanString(): string {
    switch (this.kind) {
      case 'dns-name':
        return `dnsName(${this.dnsName})`;
      case 'ip-addresses':
        return `ipAddresses(${this.ipAddresses!.join(', ')})`;
      default:
        return this.kind;
    }
  }
}

/** One region's endpoint and how it is health-checked. */
export interface RegionalEndpointProps {
  /** The AWS region, e.g. `us-east-1`; routing policies refer to endpoints by it. */
  readonly region: string;
  /** Where the region serves the hostname. */
  readonly endpoint: RegionalEndpoint;
  /**
   * How Route 53 decides the region is healthy.
   * @default EndpointHealthCheck.https() - HTTPS on `/healthz`, every 10 s, 3 failures, all 8 checker regions, latency measured
   */
  readonly healthCheck?: EndpointHealthCheck;
}
