import { kubernetesSchemaErrors } from './k8s-schema';

const configMap = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'test' }, data: { a: 'b' }, ...extra });

describe('kubernetesSchemaErrors (one checker for the run)', () => {
  test('runs under the run-wide checker started by the global setup', () => {
    expect(process.env.K8S_SCHEMA_SOCKET).toMatch(/checker\.sock$/);
  });

  test('GIVEN batches checked one after another THEN each answer holds only its own errors', () => {
    expect(kubernetesSchemaErrors([configMap('first', { bogus: 1 })])).toEqual([expect.stringMatching(/ConfigMap test\/first: .*'"bogus"' does not exist in type 'IConfigMap'/)]);
    expect(kubernetesSchemaErrors([configMap('second')])).toEqual([]);
    // A nested unknown field, after the checker has reused its compiler state twice.
    expect(kubernetesSchemaErrors([configMap('third', { metadata: { name: 'third', namespace: 'test', labelz: {} } })])).toEqual([expect.stringMatching(/ConfigMap test\/third: .*labelz/)]);
  });

  test('GIVEN an invalid value of a known field THEN the JSON schema of the kind rejects it', () => {
    expect(kubernetesSchemaErrors([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 'eighty' }] } }])).toEqual(expect.arrayContaining([expect.stringMatching(/v1\/Service \/s: /)]));
  });
});
