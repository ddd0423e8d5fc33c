import * as cdk from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { CanaryStep, CanaryStrategy, ServiceMeshCanary } from '../../lib/service-mesh-canary';
import { testChart } from '../support/app';

/** One service with every kind of duration prop, built with `D`'s durations. */
function manifests(D: { seconds(n: number): cdk.Duration | cdk8s.Duration; minutes(n: number): cdk.Duration | cdk8s.Duration }): unknown[] {
  const chart = testChart();
  new ServiceMeshCanary(chart, 'Api', {
    name: 'api',
    image: 'registry.example.com/api:1.0.0',
    strategy: CanaryStrategy.progressive({ steps: CanaryStep.weightsWithPause([20, 100], D.minutes(5)), analysis: { interval: D.minutes(2), window: D.minutes(4) } }),
    authorization: { allowedServiceAccounts: ['web/frontend'] },
    timeout: D.seconds(20),
    retries: { attempts: 2, perTryTimeout: D.seconds(4) },
  });
  return chart.toJson();
}

describe('one Duration type across the public API', () => {
  test('GIVEN aws-cdk-lib durations WHEN ServiceMeshCanary is built THEN its manifests are those built with cdk8s durations', () => {
    const withAwsCdkLib = manifests(cdk.Duration);
    expect(withAwsCdkLib).toEqual(manifests(cdk8s.Duration));
    expect(JSON.stringify(withAwsCdkLib)).toContain('"timeout":"20s"');
  });

  test('throws when an aws-cdk-lib duration is out of range, as a cdk8s one', () => {
    expect(() => manifests({ seconds: (n) => cdk.Duration.millis(n * 1000 + 500), minutes: (n) => cdk.Duration.minutes(n) })).toThrow(/test\/Api: timeout = 20 seconds 500 millis: a whole number of seconds/);
  });
});
