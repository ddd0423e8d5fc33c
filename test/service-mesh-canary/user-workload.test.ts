import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CanaryStrategy, ServiceMeshCanary, ServiceMeshCanaryProps } from '../../lib/service-mesh-canary';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { find, inventory, Manifest, route } from './support';

/** A cdk8s-plus-28 Deployment as a user would write it: their image, port, env from a Secret, an IRSA service account. */
function userDeployment(chart: Chart, id: string, image: string, extra: Partial<kplus.DeploymentProps> = {}): kplus.Deployment {
  const account = kplus.ServiceAccount.fromServiceAccountName(chart, `${id}Account`, 'api-runtime');
  return new kplus.Deployment(chart, id, {
    metadata: { namespace: 'api' },
    serviceAccount: account,
    containers: [{
      image,
      portNumber: 8080,
      envVariables: { DATABASE_URL: kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(chart, `${id}Db`, 'api-db'), key: 'url' }) },
      securityContext: { user: 65532, group: 65532 },
    }],
    ...extra,
  });
}

const BASE: Omit<ServiceMeshCanaryProps, 'workload'> = { name: 'api', authorization: { allowedNamespaces: ['web'] } };

function synthWith(build: (chart: Chart) => Partial<ServiceMeshCanaryProps>): { manifests: Manifest[]; chart: Chart } {
  const chart = Testing.chart();
  new ServiceMeshCanary(chart, 'Api', { ...BASE, ...build(chart) });
  return { chart, manifests: Testing.synth(chart) as Manifest[] };
}

describe('a workload handed in as a cdk8s-plus-28 Deployment', () => {
  test('progressive: an Argo Rollout takes the pod template from the Deployment by workloadRef and scales it down progressively', () => {
    let deployment!: kplus.Deployment;
    const { manifests } = synthWith((chart) => {
      deployment = userDeployment(chart, 'App', 'registry.example.com/api:2.0.0');
      return { workload: deployment, strategy: CanaryStrategy.seedProgressive() };
    });
    const rollout = find(manifests, 'Rollout', 'api');
    expect(rollout.spec.workloadRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.name, scaleDown: 'progressively' });
    expect(rollout.spec.template).toBeUndefined();
    // The Rollout selects exactly the Deployment's pods, by the label cdk8s-plus-28 gave them.
    expect(rollout.spec.selector).toEqual({ matchLabels: deployment.matchLabels });
    expect(Object.keys(deployment.matchLabels)).toEqual(['cdk8s.io/metadata.addr']);
    // The analysis compares the revision named by the version label, taken from the image tag.
    expect(rollout.spec.strategy.canary.analysis.args).toContainEqual({ name: 'revision', value: '2.0.0' });

    const user = find(manifests, 'Deployment', deployment.name);
    // The Rollout (through the construct's autoscaler) owns the replica count.
    expect(user.spec.replicas).toBeUndefined();
    expect(user.spec.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'api', 'app.kubernetes.io/version': '2.0.0', 'sidecar.istio.io/inject': 'true', ...deployment.matchLabels,
    });
    expect(user.spec.template.spec.containers[0].env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'api-db', key: 'url' } } }]);
    expect(user.spec.template.spec.serviceAccountName).toBe('api-runtime');
    expect(find(manifests, 'HorizontalPodAutoscaler', 'api').spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api' });
    expect(find(manifests, 'Service', 'api').spec.selector).toEqual({ 'app.kubernetes.io/name': 'api' });
    // The construct's own builder emits no Deployment and no service account of its own.
    expect(inventory(manifests).filter((i) => i.startsWith('Deployment/') || i.startsWith('ServiceAccount/'))).toEqual([`Deployment/${deployment.name}`]);
  });

  test('blue-green through the same workloadRef, with its preview Service', () => {
    let deployment!: kplus.Deployment;
    const { manifests } = synthWith((chart) => {
      deployment = userDeployment(chart, 'App', 'registry.example.com/api:2.0.0');
      return { workload: deployment, strategy: CanaryStrategy.blueGreen() };
    });
    expect(find(manifests, 'Rollout', 'api').spec).toMatchObject({
      workloadRef: { name: deployment.name }, strategy: { blueGreen: { activeService: 'api', previewService: 'api-preview' } },
    });
  });

  test('fixed split: the user\'s Deployments are the stable and canary tracks, told apart by their own selectors', () => {
    let stable!: kplus.Deployment;
    let canary!: kplus.Deployment;
    const { manifests } = synthWith((chart) => {
      stable = userDeployment(chart, 'Stable', 'registry.example.com/api:1.0.0');
      canary = userDeployment(chart, 'Canary', 'registry.example.com/api:1.1.0');
      return { workload: stable, canaryWorkload: canary, strategy: CanaryStrategy.fixedSplit({ stable: 80, canary: 20 }) };
    });
    expect(find(manifests, 'DestinationRule', 'api').spec.subsets).toEqual([
      { name: 'stable', labels: { 'app.kubernetes.io/name': 'api', ...stable.matchLabels } },
      { name: 'canary', labels: { 'app.kubernetes.io/name': 'api', ...canary.matchLabels } },
    ]);
    expect(route(manifests, 'primary').route.map((d: { weight: number }) => d.weight)).toEqual([80, 20]);
    expect(find(manifests, 'HorizontalPodAutoscaler', 'api-stable').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: stable.name });
    expect(find(manifests, 'HorizontalPodAutoscaler', 'api-canary').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: canary.name });
    expect(find(manifests, 'Deployment', canary.name).spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.1.0');
    // The mesh's policies, budget and monitor select both tracks by the name label the construct added.
    for (const [kind, name] of [['PeerAuthentication', 'api'], ['AuthorizationPolicy', 'api-allow']]) {
      expect(find(manifests, kind, name).spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api' } });
    }
    expect(find(manifests, 'PodDisruptionBudget', 'api').spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api' } });
  });

  test('maintenance runs only the handed-in stable track', () => {
    let deployment!: kplus.Deployment;
    const { manifests } = synthWith((chart) => {
      deployment = userDeployment(chart, 'App', 'registry.example.com/api:1.0.0');
      return { workload: deployment, strategy: CanaryStrategy.maintenance() };
    });
    expect(inventory(manifests).filter((i) => i.startsWith('Deployment/') || i.startsWith('HorizontalPodAutoscaler/')))
      .toEqual([`Deployment/${deployment.name}`, 'HorizontalPodAutoscaler/api-stable']);
  });

  test('every object of every handed-in delivery is schema-valid without unknown fields', () => {
    const all = [
      ...synthWith((chart) => ({ workload: userDeployment(chart, 'App', 'registry.example.com/api:2.0.0'), strategy: CanaryStrategy.seedProgressive() })).manifests,
      ...synthWith((chart) => ({ workload: userDeployment(chart, 'App', 'registry.example.com/api:2.0.0'), strategy: CanaryStrategy.blueGreen() })).manifests,
      ...synthWith((chart) => ({
        workload: userDeployment(chart, 'Stable', 'registry.example.com/api:1.0.0'),
        canaryWorkload: userDeployment(chart, 'Canary', 'registry.example.com/api:1.1.0'),
      })).manifests,
    ];
    expect(kubernetesSchemaErrors(all)).toEqual([]);
  });
});

describe('a handed-in workload the construct cannot deliver', () => {
  const attempt = (build: (chart: Chart) => Partial<ServiceMeshCanaryProps>) => () => synthWith(build);

  test('throws when both an image and a workload are given, or neither', () => {
    expect(attempt((chart) => ({ image: 'registry.example.com/api:1.0.0', workload: userDeployment(chart, 'App', 'registry.example.com/api:1.0.0') })))
      .toThrow(/^test\/Api: workload = "test\/App": unset when `image` is given: hand in a workload or let the construct build one from `image`, not both$/);
    expect(attempt(() => ({}))).toThrow(/^test\/Api: image = undefined: an image, or a `workload` \(a cdk8s-plus-28 Deployment\): one of the two is required$/);
  });

  test('throws when a prop of the construct\'s own builder is given with a workload', () => {
    expect(attempt((chart) => ({ workload: userDeployment(chart, 'App', 'registry.example.com/api:1.0.0'), strategy: CanaryStrategy.maintenance(), env: { A: 'b' } })))
      .toThrow(/^test\/Api: env = \{"A":"b"\}: unset when `workload` is given: configure the container on the cdk8s-plus-28 Deployment$/);
  });

  test('throws when the workload is not a Deployment', () => {
    expect(attempt((chart) => ({
      workload: new kplus.DaemonSet(chart, 'Agent', { containers: [{ image: 'agent:1' }] }) as unknown as kplus.Deployment,
      strategy: CanaryStrategy.maintenance(),
    }))).toThrow(/^test\/Api: workload = "DaemonSet test\/Agent": a cdk8s-plus-28 Deployment \(kplus\.Deployment\)/);
  });

  test('throws when the Deployment is in another namespace, serves no container on the port, or fixes its replicas', () => {
    const maintenance = CanaryStrategy.maintenance();
    expect(attempt((chart) => ({ workload: userDeployment(chart, 'App', 'api:1', { metadata: { namespace: 'other' } }), strategy: maintenance })))
      .toThrow(/^test\/Api: workload\.metadata\.namespace = "other": "api", the construct's namespace: the Service and the mesh policies only select pods of their own namespace \(Deployment test\/App\)$/);
    expect(attempt((chart) => ({ workload: userDeployment(chart, 'App', 'api:1'), port: 9090, strategy: maintenance })))
      .toThrow(/^test\/Api: workload\.containers\[\]\.ports = \[8080\]: a container port 9090 \(the construct's `port`\), which the Service targets/);
    expect(attempt((chart) => ({ workload: userDeployment(chart, 'App', 'api:1', { replicas: 3 }), strategy: maintenance })))
      .toThrow(/^test\/Api: workload\.replicas = 3: unset: the construct's HorizontalPodAutoscaler \(`replicas` of the construct\) owns the count/);
  });

  test('throws when the Deployment has an autoscaler of its own or selects by expressions', () => {
    const maintenance = CanaryStrategy.maintenance();
    expect(attempt((chart) => {
      const workload = userDeployment(chart, 'App', 'api:1');
      new kplus.HorizontalPodAutoscaler(chart, 'Hpa', { target: workload, maxReplicas: 4 });
      return { workload, strategy: maintenance };
    })).toThrow(/^test\/Api: workload\.autoscaler = "present": none of its own: the construct's HorizontalPodAutoscaler owns the count, and two autoscalers fight/);
    expect(attempt((chart) => {
      const workload = userDeployment(chart, 'App', 'api:1');
      workload.select(kplus.LabelSelector.of({ expressions: [kplus.LabelExpression.exists('tier')] }));
      return { workload, strategy: maintenance };
    })).toThrow(/^test\/Api: workload\.matchExpressions = .*: none: a Service and a DestinationRule subset select by labels only/);
  });

  test('throws when the Deployment has no container, selects no label, or is also the canary', () => {
    const maintenance = CanaryStrategy.maintenance();
    expect(attempt((chart) => ({ workload: new kplus.Deployment(chart, 'Empty', { metadata: { namespace: 'api' } }), strategy: maintenance })))
      .toThrow(/^test\/Api: workload\.containers = \[\]: at least one container \(Deployment test\/Empty\)$/);
    expect(attempt((chart) => ({ workload: userDeployment(chart, 'App', 'api:1', { select: false }), strategy: maintenance })))
      .toThrow(/^test\/Api: workload\.matchLabels = \{\}: at least one label \(leave cdk8s-plus-28's `select` on\)/);
    expect(attempt((chart) => {
      const workload = userDeployment(chart, 'App', 'api:1');
      return { workload, canaryWorkload: workload };
    })).toThrow(/^test\/Api: canaryWorkload = "test\/App": a Deployment other than `workload`$/);
  });

  test('throws when the pod labels contradict the mesh labels', () => {
    expect(attempt((chart) => ({
      workload: userDeployment(chart, 'App', 'api:1', { podMetadata: { labels: { 'app.kubernetes.io/name': 'payments' } } }), strategy: CanaryStrategy.maintenance(),
    }))).toThrow(/^test\/Api: workload\.podMetadata\.labels\.app\.kubernetes\.io\/name = "payments": unset or "api": the construct sets it/);
    expect(attempt((chart) => ({
      workload: userDeployment(chart, 'App', 'api:1', { podMetadata: { labels: { 'service.istio.io/canonical-revision': 'x' } } }), strategy: CanaryStrategy.maintenance(),
    }))).toThrow(/workload\.podMetadata\.labels\.service\.istio\.io\/canonical-revision = "x": unset: Istio would read it before/);
  });

  test('throws when a static strategy has no canary workload, or a Rollout strategy gets one', () => {
    expect(attempt((chart) => ({ workload: userDeployment(chart, 'App', 'api:1') })))
      .toThrow(/^test\/Api: canaryWorkload = undefined: a cdk8s-plus-28 Deployment for the canary track: strategy "fixed-split" runs one beside `workload`$/);
    expect(attempt((chart) => ({
      workload: userDeployment(chart, 'App', 'api:1'), canaryWorkload: userDeployment(chart, 'Canary', 'api:2'), strategy: CanaryStrategy.seedProgressive(),
    }))).toThrow(/^test\/Api: canaryWorkload = "test\/Canary": unset for strategy "progressive": the Rollout creates the canary from `workload`$/);
    expect(attempt(() => ({ image: 'api:1', canaryWorkload: new kplus.Deployment(Testing.chart(), 'X') })))
      .toThrow(/^test\/Api: canaryWorkload = "test\/X": unset unless `workload` is given/);
  });

  test('throws when an environment requires digests and a container of the Deployment has none', () => {
    expect(attempt((chart) => ({ workload: userDeployment(chart, 'App', 'registry.example.com/api:1.0.0'), strategy: CanaryStrategy.maintenance(), requireImageDigest: true })))
      .toThrow(/^test\/Api: workload\.containers\[0\]\.image = "registry\.example\.com\/api:1\.0\.0": an image pinned by digest/);
  });

  test('an error of the handed-in workload while the construct adopts it names the construct', () => {
    class Unscalable extends kplus.Deployment {
      public markHasAutoscaler(): void {
        throw new Error('this Deployment keeps its own replica count');
      }
    }
    expect(attempt((chart) => ({
      workload: new Unscalable(chart, 'App', { metadata: { namespace: 'api' }, containers: [{ image: 'api:1', portNumber: 8080 }] }), strategy: CanaryStrategy.maintenance(),
    }))).toThrow(/^test\/Api: this Deployment keeps its own replica count$/);
  });

  test('throws when the analysed revision has no version (image without a tag)', () => {
    expect(attempt((chart) => ({ workload: userDeployment(chart, 'App', 'registry.example.com/api'), strategy: CanaryStrategy.seedProgressive() })))
      .toThrow(/^test\/Api: version = undefined: a version \(or an image with a tag\)/);
  });
});

test('every problem of a handed-in Deployment is reported in one run', () => {
  const chart = Testing.chart();
  const workload = userDeployment(chart, 'App', 'api:1', { metadata: { namespace: 'other' }, replicas: 2 });
  expect(() => new ServiceMeshCanary(chart, 'Api', { ...BASE, workload, strategy: CanaryStrategy.maintenance(), port: 9090 }))
    .toThrow(/^3 validation errors:\n  - test\/Api: workload\.metadata\.namespace = "other": .*\n  - test\/Api: workload\.containers\[\]\.ports = \[8080\]: .*\n  - test\/Api: workload\.replicas = 2: /);
});
