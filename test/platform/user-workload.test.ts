import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as yaml from 'yaml';
import { ServiceWorkload, WorkloadBuildContext } from '../../lib/platform';
import { CanaryStrategy } from '../../lib/service-mesh-canary';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { buildPlatform, imageService, otherTeamEnvironments } from './support';

/** The user's own Deployment, with what the construct's builder does not offer: env from a Secret, command, tolerations. */
function ledgerDeployment(image: string) {
  return (scope: Construct, context: WorkloadBuildContext): kplus.Deployment => {
    const deployment = new kplus.Deployment(scope, `Ledger${image.endsWith('canary') ? 'Canary' : ''}`, {
      metadata: { namespace: context.namespace },
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(scope, `LedgerAccount${image.endsWith('canary') ? 'Canary' : ''}`, 'ledger-runtime'),
      containers: [{
        image: `registry.example.com/ledger:${image}`,
        portNumber: context.port,
        command: ['/ledger', 'serve', `--region=${context.region}`],
        envVariables: { DATABASE_URL: kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(scope, `LedgerDb${image}`, 'ledger-db'), key: 'url' }) },
        securityContext: { user: 65532, group: 65532 },
      }],
    });
    deployment.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.is('dedicated', 'ledger')));
    return deployment;
  };
}

const ledger = (strategy: CanaryStrategy, extra = {}) => imageService('ledger', {
  workload: ServiceWorkload.deployment({ build: ledgerDeployment('3.1.0'), serviceAccountName: 'ledger-runtime', ...extra }),
  strategy,
});

function manifests(platform: ReturnType<typeof buildPlatform>, dir: string, env: string, region: string, chart: string) {
  platform.synthManifests();
  return yaml.parseAllDocuments(fs.readFileSync(path.join(dir, env, region, `${chart}.k8s.yaml`), 'utf8')).map((d) => d.toJSON());
}

describe('a service whose workload is a cdk8s-plus-28 Deployment the user builds', () => {
  test('progressive: ServiceMeshCanary delivers it through a Rollout workloadRef, in every cluster, with the Pod Identity role on its ServiceAccount', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'byo-'));
    const platform = buildPlatform(otherTeamEnvironments([ledger(CanaryStrategy.seedProgressive())]), { manifestsDir: dir });
    const objects = manifests(platform, dir, 'live', 'eu-central-1', 'service-ledger');
    const deployment = objects.find((o) => o.kind === 'Deployment');
    const rollout = objects.find((o) => o.kind === 'Rollout');
    expect(rollout.spec.workloadRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name, scaleDown: 'progressively' });
    expect(deployment.metadata.namespace).toBe('ledger');
    expect(deployment.spec.template.spec).toMatchObject({
      serviceAccountName: 'ledger-runtime',
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ledger' }],
    });
    expect(deployment.spec.template.spec.containers[0].command).toEqual(['/ledger', 'serve', '--region=eu-central-1']);
    expect(deployment.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'ledger', 'sidecar.istio.io/inject': 'true' });
    // The HPA range comes from the environment's dr.capacity: ARC cannot scale a Rollout, so the warm
    // standby the plan would scale up runs at full capacity (4) at rest, not its role's 2.
    expect(objects.find((o) => o.kind === 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 4, maxReplicas: 4 });
    // AND the user's Deployment and its pods carry the region role
    expect(deployment.metadata.labels).toMatchObject({ 'resilience.dev/dr-role': 'warm-standby' });
    expect(deployment.spec.template.metadata.labels).toMatchObject({ 'resilience.dev/dr-role': 'warm-standby' });
    expect(objects.some((o) => o.kind === 'ServiceAccount')).toBe(false);
    expect(kubernetesSchemaErrors(objects)).toEqual([]);

    const stack = [...platform.serviceStacks.values()].find((s) => s.node.path.startsWith('Live/EuCentral1'))!;
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'ledger', ServiceAccount: 'ledger-runtime', ClusterName: 'live-eu-central-1' });
  });

  test('fixed split: the user\'s stable and canary Deployments are the two tracks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'byo-'));
    const platform = buildPlatform(otherTeamEnvironments([ledger(CanaryStrategy.fixedSplit({ stable: 80, canary: 20 }), { buildCanary: ledgerDeployment('3.2.0-canary') })]), { manifestsDir: dir });
    const objects = manifests(platform, dir, 'test', 'eu-west-2', 'service-ledger');
    const images = objects.filter((o) => o.kind === 'Deployment').map((o) => o.spec.template.spec.containers[0].image).sort();
    expect(images).toEqual(['registry.example.com/ledger:3.1.0', 'registry.example.com/ledger:3.2.0-canary']);
    expect(objects.find((o) => o.kind === 'VirtualService').spec.http.at(-1).route.map((r: { weight: number }) => r.weight)).toEqual([80, 20]);
    // AND the plan's EKS scaling step targets the user's Deployments by the names they render with, with the mesh's HPAs
    const plan = Object.values(Template.fromStack(platform.globals.get('test')!).findResources('AWS::ARCRegionSwitch::Plan'))[0];
    const step = plan.Properties.Workflows[0].Steps.find((st: { ExecutionBlockType: string }) => st.ExecutionBlockType === 'EKSResourceScaling');
    const names = (track: string) => objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === `ledger-${track}`).spec.scaleTargetRef.name;
    expect(step.ExecutionBlockConfiguration.EksResourceScalingConfig.ScalingResources).toEqual(expect.arrayContaining([
      { [`ledger-${names('stable')}`]: expect.objectContaining({ 'eu-west-2': { Namespace: 'ledger', Name: names('stable'), HpaName: 'ledger-stable' } }) },
      { [`ledger-${names('canary')}`]: expect.objectContaining({ 'eu-west-2': { Namespace: 'ledger', Name: names('canary'), HpaName: 'ledger-canary' } }) },
    ]));
  });

  test('throws when the Deployment runs as another ServiceAccount than the one the workload role is associated with', () => {
    const svc = imageService('ledger', { workload: ServiceWorkload.deployment({ build: ledgerDeployment('3.1.0'), serviceAccountName: 'ledger' }), strategy: CanaryStrategy.seedProgressive() });
    expect(() => buildPlatform(otherTeamEnvironments([svc]))).toThrow(
      /^environments\.test\.services\.ledger: workload\.build\(\)\.serviceAccount = "ledger-runtime": the ServiceAccount "ledger" named by workload\.serviceAccountName, which the workload role is associated with \(Deployment service-ledger\/Workload\/Ledger\)$/,
    );
  });

  test('throws when a static strategy has no canary builder, or a rollout strategy has one', () => {
    expect(() => buildPlatform(otherTeamEnvironments([ledger(CanaryStrategy.seedFixedSplit())]))).toThrow(
      /- environments\.test\.services\[0\]: workload\.buildCanary = undefined: a canary Deployment builder for the static strategy "fixed-split" \(it runs a canary track\)$/m,
    );
    expect(() => buildPlatform(otherTeamEnvironments([ledger(CanaryStrategy.seedProgressive(), { buildCanary: ledgerDeployment('x') })]))).toThrow(
      /environments\.test\.services\[0\]: workload\.buildCanary = "a builder": unset for the strategy "progressive": it runs no canary Deployment/,
    );
  });

  test('throws when probe paths are set on a service whose Deployment is handed in', () => {
    expect(() => buildPlatform(otherTeamEnvironments([{ ...ledger(CanaryStrategy.seedProgressive()), livenessPath: '/live' }]))).toThrow(
      /environments\.test\.services\[0\]: livenessPath = "\/live": unset with a handed-in Deployment: set its probes on its containers/,
    );
  });

  test('throws when the service account name is not a DNS label', () => {
    const svc = imageService('ledger', { workload: ServiceWorkload.deployment({ build: ledgerDeployment('3.1.0'), serviceAccountName: 'Ledger Runtime' }), strategy: CanaryStrategy.seedProgressive() });
    expect(() => buildPlatform(otherTeamEnvironments([svc]))).toThrow(/environments\.test\.services\[0\]: workload\.serviceAccountName = "Ledger Runtime": lowercase letters/);
  });
});
