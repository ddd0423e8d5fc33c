// The README's GeoDnsRouting example, in an app of its own (AWS half only: no cdk8s installed).
import { App, Stack } from 'aws-cdk-lib';
import { DnsZone, FailbackMode, GeoDnsRouting, RegionalEndpoint, RoutingPolicy } from 'resilience-constructs/geo-dns-routing';
import { report } from './report';

const app = new App({ builtinCloudFormationValidation: false });
const stack = new Stack(app, 'Dns', { env: { account: '123456789012', region: 'us-east-1' } });
new GeoDnsRouting(stack, 'Routing', {
  zone: DnsZone.fromAttributes({ hostedZoneId: 'Z0123456789PRODZONE01', zoneName: 'example.com' }),
  hostname: 'api.example.com',
  routing: RoutingPolicy.latency([
    { region: 'us-east-1', target: RoutingPolicy.failover({ primary: RoutingPolicy.endpoint('us-east-1'), secondary: RoutingPolicy.endpoint('us-west-2') }) },
    { region: 'us-west-2', target: RoutingPolicy.failover({ primary: RoutingPolicy.endpoint('us-west-2'), secondary: RoutingPolicy.endpoint('us-east-1') }) },
  ]),
  endpoints: [
    { region: 'us-east-1', endpoint: RegionalEndpoint.dnsName('api-us-east-1.example.com') },
    { region: 'us-west-2', endpoint: RegionalEndpoint.dnsName('api-us-west-2.example.com') },
  ],
  failback: FailbackMode.operatorSwitch(),
});
report(app);
