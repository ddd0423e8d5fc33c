import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { requireKebabName } from '../core/validate';
import { IGateway } from './mesh-types';

export interface EastWestGatewayProps {
  /**
   * Namespace of the east–west gateway workload.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Labels of the east–west gateway workload.
   * @default { istio: 'eastwestgateway' }
   */
  readonly selector?: Record<string, string>;
}

/**
 * The cross-network Gateway of a multi-network mesh: port 15443 with `AUTO_PASSTHROUGH`, so other
 * clusters reach this cluster's services by SNI with their own mTLS end to end. One per cluster,
 * not per service.
 */
export class EastWestGateway extends Construct {
  /** Port of the cross-network listener. */
  public static readonly PORT = 15443;
  public readonly gateway: IGateway;

  constructor(scope: Construct, id: string, props: EastWestGatewayProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'istio-system';
    requireKebabName(this, 'namespace', namespace);
    this.gateway = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'cross-network-gateway', namespace, labels: { 'app.kubernetes.io/part-of': 'resilience-constructs' } },
      spec: {
        selector: props.selector ?? { istio: 'eastwestgateway' },
        servers: [{ port: { number: EastWestGateway.PORT, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: ['*.local'] }],
      },
    };
    new ApiObject(this, 'Gateway', JSON.parse(JSON.stringify(this.gateway)));
  }
}
