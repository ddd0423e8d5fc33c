import { Duration } from 'cdk8s';
import {
  CanaryStep, CanaryStrategy, EnvFromSource, EnvVarSource, LocalityLoadBalancing, NetworkFence, RolloutHook, ServiceMeshCanaryProps,
} from '../../lib/service-mesh-canary';
import { kubernetesSchemaErrors } from '../support/k8s-schema';
import { find, inventory, synth } from './support';

const DIGEST = `sha256:${'a1'.repeat(32)}`;
const build = (overrides: Partial<ServiceMeshCanaryProps>) => () => synth(overrides);

describe('workload surface of the construct\'s own builder', () => {
  const surface: Partial<ServiceMeshCanaryProps> = {
    env: { LOG_LEVEL: 'info', DATABASE_URL: EnvVarSource.secretKey('api-db', 'url'), FEATURE_FLAGS: EnvVarSource.configMapKey('api-flags', 'flags.json', { optional: true }) },
    envFrom: [EnvFromSource.configMap('api-config'), EnvFromSource.secret('api-secrets', { prefix: 'SECRET_' })],
    command: ['/app/api'],
    args: ['--port', '8080'],
    imagePullSecrets: ['registry-credentials'],
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'api', effect: 'NoSchedule' }, { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    nodeSelector: { 'kubernetes.io/arch': 'arm64', 'node.kubernetes.io/instance-type': 'm7g.large' },
    podAnnotations: { 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts": true}' },
    serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/api-runtime' },
  };

  test('env from Secrets and ConfigMaps, envFrom, command and args on the container', () => {
    const container = find(synth(surface).manifests, 'Deployment', 'api-stable').spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'api-db', key: 'url' } } },
      { name: 'FEATURE_FLAGS', valueFrom: { configMapKeyRef: { name: 'api-flags', key: 'flags.json', optional: true } } },
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'api-config' } }, { prefix: 'SECRET_', secretRef: { name: 'api-secrets' } }]);
    expect(container).toMatchObject({ command: ['/app/api'], args: ['--port', '8080'] });
  });

  test('pull secrets, tolerations, node selector and pod annotations on the pod; IRSA on the service account', () => {
    const { manifests } = synth(surface);
    const pod = find(manifests, 'Deployment', 'api-stable').spec.template;
    expect(pod.spec).toMatchObject({
      imagePullSecrets: [{ name: 'registry-credentials' }],
      nodeSelector: { 'kubernetes.io/arch': 'arm64', 'node.kubernetes.io/instance-type': 'm7g.large' },
      tolerations: surface.tolerations,
      automountServiceAccountToken: false,
    });
    expect(pod.metadata.annotations).toEqual(surface.podAnnotations);
    expect(find(manifests, 'ServiceAccount', 'api').metadata.annotations).toEqual(surface.serviceAccountAnnotations);
  });

  test('the Rollout\'s pod template carries the same surface', () => {
    const pod = find(synth({ ...surface, strategy: CanaryStrategy.seedProgressive() }).manifests, 'Rollout', 'api').spec.template;
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
    expect(pod.spec.containers[0].envFrom).toHaveLength(2);
  });

  test('every surface setting is schema-valid without unknown fields', () => {
    expect(kubernetesSchemaErrors([
      ...synth(surface).manifests,
      ...synth({ ...surface, strategy: CanaryStrategy.seedProgressive(), networkFence: NetworkFence.meshOnly({ restrictEgress: true, egressCidrs: ['10.0.0.0/16'] }) }).manifests,
    ])).toEqual([]);
  });

  test('throws when an env name, Secret name or key is malformed', () => {
    expect(build({ env: { '1BAD': 'x' } })).toThrow(/^test\/Api: env\.1BAD = "1BAD": an environment variable name: letters, digits, "_", "-" or "\.", not starting with a digit$/);
    expect(build({ env: { DB: EnvVarSource.secretKey('Api_DB', 'url') } })).toThrow(/^test\/Api: env\.DB\.secretName = "Api_DB": a DNS-1123 subdomain/);
    expect(build({ env: { DB: EnvVarSource.configMapKey('api', 'a/b') } })).toThrow(/^test\/Api: env\.DB\.key = "a\/b": a Secret or ConfigMap key: letters, digits, "-", "_" or "\.", at most 253 characters$/);
    expect(build({ envFrom: [EnvFromSource.secret('api', { prefix: '9_' })] })).toThrow(/^test\/Api: envFrom\[0\]\.prefix = "9_": an environment variable name/);
  });

  test('throws when command, args or pull secrets are empty or malformed', () => {
    expect(build({ command: [] })).toThrow(/^test\/Api: command = \[\]: at least one entry, or unset to keep the image's entrypoint$/);
    expect(build({ imagePullSecrets: ['Registry'] })).toThrow(/^test\/Api: imagePullSecrets\[0\] = "Registry": a DNS-1123 subdomain/);
    expect(build({ imagePullSecrets: ['reg', 'reg'] })).toThrow(/^test\/Api: imagePullSecrets = "reg": each value at most once$/);
  });

  test('throws when a toleration contradicts itself', () => {
    expect(build({ tolerations: [{ operator: 'Exists', value: 'x' }] })).toThrow(/^test\/Api: tolerations\[0\]\.value = "x": unset with operator "Exists"$/);
    expect(build({ tolerations: [{ value: 'x' }] })).toThrow(/^test\/Api: tolerations\[0\]\.key = undefined: a taint key; only operator "Exists" may leave it out/);
    expect(build({ tolerations: [{ key: 'a', effect: 'NoSchedule', tolerationSeconds: 10 }] })).toThrow(/^test\/Api: tolerations\[0\]\.tolerationSeconds = 10: unset unless effect is "NoExecute"/);
  });

  test('throws when a node selector or annotation key is not a qualified name, or the sidecar is switched off', () => {
    expect(build({ nodeSelector: { 'bad key': 'x' } })).toThrow(/^test\/Api: nodeSelector\.bad key = "bad key": a qualified name/);
    expect(build({ nodeSelector: { zone: 'a b' } })).toThrow(/^test\/Api: nodeSelector\.zone = "a b": a label value/);
    expect(build({ podAnnotations: { 'sidecar.istio.io/inject': 'false' } })).toThrow(/^test\/Api: podAnnotations\.sidecar\.istio\.io\/inject = "false": unset: the construct labels the pods for injection/);
  });

  test('throws when the IRSA annotation is not a role ARN', () => {
    expect(build({ serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'api-runtime' } }))
      .toThrow(/^test\/Api: serviceAccountAnnotations\.eks\.amazonaws\.com\/role-arn = "api-runtime": an IAM role ARN, "arn:<partition>:iam::<12-digit account>:role\/<name>"$/);
  });

  test('throws when a resource quantity is malformed or a request exceeds its limit', () => {
    expect(build({ resources: { cpuRequest: '250 m' } })).toThrow(/^test\/Api: resources\.cpuRequest = "250 m": a positive Kubernetes quantity such as "250m"/);
    expect(build({ resources: { memoryLimit: '512MB' } })).toThrow(/^test\/Api: resources\.memoryLimit = "512MB": a positive Kubernetes quantity such as "512Mi"/);
    expect(build({ resources: { cpuRequest: '2' } })).toThrow(/^test\/Api: resources\.cpuRequest = "2": at most resources\.cpuLimit \(1\): Kubernetes rejects a request above its limit$/);
    expect(build({ resources: { memoryRequest: '1Gi', memoryLimit: '512Mi' } })).toThrow(/^test\/Api: resources\.memoryRequest = "1Gi": at most resources\.memoryLimit \(512Mi\)/);
  });

  test('throws when a probe path is not an absolute path', () => {
    expect(build({ livenessPath: 'healthz' })).toThrow(/^test\/Api: livenessPath = "healthz": an absolute URL path starting with "\/", without spaces, query or fragment$/);
    expect(build({ readinessPath: '/ready?x=1' })).toThrow(/^test\/Api: readinessPath = "\/ready\?x=1": an absolute URL path/);
  });

  test('throws when the port is one the sidecar uses', () => {
    expect(build({ port: 15021 })).toThrow(/^test\/Api: port = 15021: a port other than Istio's own \(15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090\)/);
  });
});

describe('images pinned by digest', () => {
  test('accepts digests, with or without a tag, and takes the version from the tag', () => {
    const { manifests } = synth({ requireImageDigest: true, image: `registry.example.com/api:1.2.0@${DIGEST}`, strategy: CanaryStrategy.seedProgressive() });
    const rollout = find(manifests, 'Rollout', 'api');
    expect(rollout.spec.template.spec.containers[0].image).toBe(`registry.example.com/api:1.2.0@${DIGEST}`);
    expect(rollout.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.2.0');
  });

  test('a digest-only image names its revision by `version`', () => {
    const { manifests } = synth({ requireImageDigest: true, image: `registry.example.com/api@${DIGEST}`, version: '2026.12.02-abc1234', strategy: CanaryStrategy.seedProgressive() });
    expect(find(manifests, 'Rollout', 'api').spec.strategy.canary.analysis.args).toContainEqual({ name: 'revision', value: '2026.12.02-abc1234' });
  });

  test('throws when an image, canary image or hook image is not pinned by digest', () => {
    expect(build({ requireImageDigest: true })).toThrow(/^test\/Api: image = "registry\.example\.com\/api:1\.0\.0": an image pinned by digest, "<name>@sha256:<64 lowercase hex digits>" \(requireImageDigest is on\)$/);
    expect(build({ requireImageDigest: true, image: `api@${DIGEST}`, canaryImage: 'api:2' })).toThrow(/^test\/Api: canaryImage = "api:2": an image pinned by digest/);
    expect(build({ requireImageDigest: true, image: `api@sha256:${'a'.repeat(63)}` })).toThrow(/image = "api@sha256:a{63}": an image pinned by digest/);
    expect(build({
      requireImageDigest: true, image: `api:1@${DIGEST}`, minIstioVersion: '1.24',
      strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(50)], prePromotion: RolloutHook.job({ image: 'smoke:1' }) }),
    })).toThrow(/^test\/Api: strategy\.progressive\.prePromotion\.image = "smoke:1": an image pinned by digest/);
  });

  test('throws when an image reference is malformed', () => {
    expect(build({ image: 'https://registry.example.com/api:1' })).toThrow(/^test\/Api: image = "https:\/\/registry\.example\.com\/api:1": a container image reference/);
  });
});

describe('NetworkPolicies: only the mesh reaches the pods', () => {
  test('meshed callers of the admitted namespaces on the service port, Prometheus on the metrics port', () => {
    const { manifests } = synth({ authorization: { allowedNamespaces: ['web'], allowedServiceAccounts: ['batch/worker', 'web/frontend'] } });
    expect(find(manifests, 'NetworkPolicy', 'api-mesh-only').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          // Only pods the sidecar injector labelled: a caller whose sidecar failed to inject is refused here.
          from: [{
            namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['batch', 'web'] }] },
            podSelector: { matchLabels: { 'security.istio.io/tlsMode': 'istio' } },
          }],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
          ports: [{ protocol: 'TCP', port: 15090 }],
        },
      ],
    });
  });

  test('the ingress gateway, and the east-west gateway when traffic crosses clusters', () => {
    const { manifests } = synth({
      gateway: { hosts: ['api.example.com'], credentialName: 'api-tls' },
      locality: LocalityLoadBalancing.failover([{ from: 'us-east-1', to: 'us-west-2' }]),
    });
    const from = find(manifests, 'NetworkPolicy', 'api-mesh-only').spec.ingress.map((rule: { from: unknown[] }) => rule.from[0]);
    expect(from).toContainEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { istio: 'ingressgateway' } } });
    expect(from).toContainEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { istio: 'eastwestgateway' } } });
    expect(find(synth().manifests, 'NetworkPolicy', 'api-mesh-only').spec.ingress).toHaveLength(2);
  });

  test('restricted egress reaches only DNS, istiod, meshed pods and the listed CIDRs', () => {
    const { manifests } = synth({ networkFence: NetworkFence.meshOnly({ restrictEgress: true, egressCidrs: ['10.20.0.0/16'] }) });
    const spec = find(manifests, 'NetworkPolicy', 'api-mesh-only').spec;
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(spec.egress).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }], ports: [{ protocol: 'TCP', port: 15012 }] },
      { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'security.istio.io/tlsMode': 'istio' } } }] },
      { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }] },
    ]);
  });

  test('the hook Jobs\' pods admit nothing', () => {
    const { manifests } = synth({ minIstioVersion: '1.24', strategy: CanaryStrategy.progressive({ steps: [CanaryStep.setWeight(50)], prePromotion: RolloutHook.job({ image: 'smoke:1' }) }) });
    expect(find(manifests, 'NetworkPolicy', 'api-rollout-hooks').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api-rollout-hooks', 'app.kubernetes.io/component': 'rollout-hook' } },
      policyTypes: ['Ingress'],
    });
  });

  test('NetworkFence.none() is the explicit opt-out', () => {
    expect(inventory(synth({ networkFence: NetworkFence.none() }).manifests).some((i) => i.startsWith('NetworkPolicy/'))).toBe(false);
  });

  test('throws when a peer selects a whole namespace, a CIDR is malformed, or CIDRs are given without restricted egress', () => {
    expect(build({ networkFence: NetworkFence.meshOnly({ prometheus: { namespace: 'monitoring', podLabels: {} } }) }))
      .toThrow(/^test\/Api: networkFence\.prometheus\.podLabels = \{\}: at least one label: an empty selector admits every pod of the namespace$/);
    expect(build({ networkFence: NetworkFence.meshOnly({ restrictEgress: true, egressCidrs: ['10.0.0.0/33'] }) }))
      .toThrow(/^test\/Api: networkFence\.egressCidrs\[0\] = "10\.0\.0\.0\/33": an IPv4 or IPv6 CIDR block/);
    expect(build({ networkFence: NetworkFence.meshOnly({ egressCidrs: ['10.0.0.0/16'] }) }))
      .toThrow(/^test\/Api: networkFence\.egressCidrs = \["10\.0\.0\.0\/16"\]: unset unless restrictEgress is on/);
  });

  test('throws when a name is too long for the objects derived from it', () => {
    const name = 'a'.repeat(56);
    expect(build({ name, strategy: CanaryStrategy.blueGreen({ analysis: false }), timeout: Duration.seconds(5) }))
      .toThrow(new RegExp(`^test/Api: name = "${name}": at most 55 characters: "${name}-preview" names the preview Service`));
  });
});
