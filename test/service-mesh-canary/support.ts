import { Chart, Testing } from 'cdk8s';
import { ServiceMeshCanary, ServiceMeshCanaryProps } from '../../lib/service-mesh-canary';
import { testChart } from '../support/app';

/** Kubernetes object as synthesized: enough typing to read fields in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any; [key: string]: any };

/** The smallest valid props: the seeds' API service, allowed from the `web` namespace. */
export const BASE_PROPS: ServiceMeshCanaryProps = {
  name: 'api',
  image: 'registry.example.com/api:1.0.0',
  authorization: { allowedNamespaces: ['web'] },
};

/** A fresh chart with one ServiceMeshCanary, and its synthesized manifests. */
export function synth(overrides: Partial<ServiceMeshCanaryProps> = {}): { chart: Chart; mesh: ServiceMeshCanary; manifests: Manifest[] } {
  const chart = testChart();
  const mesh = new ServiceMeshCanary(chart, 'Api', { ...BASE_PROPS, ...overrides });
  return { chart, mesh, manifests: Testing.synth(chart) as Manifest[] };
}

/** The one manifest of `kind` named `name`; fails the test when there is none. */
export function find(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}

/** `kind/name` of every manifest, in emission order. */
export function inventory(manifests: readonly Manifest[]): string[] {
  return manifests.map((m) => `${m.kind}/${m.metadata.name}`);
}

/** The named route of the VirtualService `api`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function route(manifests: readonly Manifest[], name: string): any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const found = find(manifests, 'VirtualService', 'api').spec.http.find((h: any) => h.name === name);
  if (!found) throw new Error(`no route ${name}`);
  return found;
}
