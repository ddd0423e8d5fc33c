// MultiRegionDr's AWS half in an app of its own (no cdk8s installed): two regions, hot standby,
// replicated object storage and a key-value table, DNS through GeoDnsRouting.
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { RegionRole } from 'resilience-constructs/core';
import { DnsZone, FailbackMode, GeoDnsRouting, RegionalEndpoint, RoutingPolicy } from 'resilience-constructs/geo-dns-routing';
import { DrStrategy, FailoverRunbook, MultiRegionDr, RecoveryTier } from 'resilience-constructs/multi-region-dr';
import { report } from './report';

const app = new App({ builtinCloudFormationValidation: false });
const env = (region: string) => ({ account: '123456789012', region });
const global = new Stack(app, 'Global', { env: env('us-east-1') });
const regions = ['us-east-1', 'us-west-2'];
const stacks = Object.fromEntries(regions.map((r) => [r, new Stack(app, `Region-${r}`, { env: env(r) })]));
const dns = new GeoDnsRouting(global, 'Routing', {
  zone: DnsZone.fromAttributes({ hostedZoneId: 'Z0123456789PRODZONE01', zoneName: 'example.com' }),
  hostname: 'api.example.com',
  routing: RoutingPolicy.failover({ primary: RoutingPolicy.endpoint('us-east-1'), secondary: RoutingPolicy.endpoint('us-west-2') }),
  endpoints: regions.map((region) => ({ region, endpoint: RegionalEndpoint.dnsName(`api-${region}.example.com`) })),
  failback: FailbackMode.operatorSwitch(),
});
const alb = (region: string, metricName: string, extra: Record<string, string> = {}) => new cloudwatch.Metric({
  namespace: 'AWS/ApplicationELB', metricName, region, dimensionsMap: { LoadBalancer: `app/${region}-api/0123456789abcdef`, ...extra },
});
new MultiRegionDr(global, 'Dr', {
  environment: 'prod',
  regions: [{ region: 'us-east-1', role: RegionRole.PRIMARY }, { region: 'us-west-2', role: RegionRole.HOT_STANDBY }],
  strategy: DrStrategy.hotStandby(),
  tier: RecoveryTier.t2(),
  // A hot standby runs below full capacity; its scale-up time comes from the last drill.
  runbook: FailoverRunbook.seeds({ scaleUp: Duration.minutes(5) }),
  regionScopes: Object.fromEntries(regions.map((r) => [r, { stack: stacks[r] }])),
  dns,
  signals: Object.fromEntries(regions.map((r) => [r, {
    zoneHealthyHosts: Object.fromEntries(['a', 'b', 'c'].map((z) => [`${r}${z}`, alb(r, 'HealthyHostCount', { AvailabilityZone: `${r}${z}`, TargetGroup: `targetgroup/${r}-api/0123456789abcdef` })])),
    latencySeconds: alb(r, 'TargetResponseTime'),
  }])),
  retainData: true,
  approvalRoleName: 'resilience-failback-approver',
  stores: { objectStorage: { name: 'objects', deleteMarkers: 'do-not-replicate' }, keyValue: { name: 'sessions', partitionKey: 'pk', consistency: 'eventual' } },
});
report(app);
