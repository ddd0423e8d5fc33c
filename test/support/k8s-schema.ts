import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * Validates Kubernetes objects against the schema of their kind (see validate-k8s.mjs): returns
 * one message per problem, empty when every object is valid and has no unknown field.
 *
 * Under `jest`, the run's global setup starts one long-lived checker (`K8S_SCHEMA_SOCKET`) and every
 * call is a batch sent to it, answered for that call alone; without it (a script, another runner),
 * each call starts its own checker process.
 */
export function kubernetesSchemaErrors(objects: readonly unknown[]): string[] {
  const socket = process.env.K8S_SCHEMA_SOCKET;
  const [script, args] = socket ? ['k8s-schema-client.mjs', [socket]] : ['validate-k8s.mjs', []];
  const out = execFileSync(process.execPath, [path.join(__dirname, script), ...args], { input: JSON.stringify(objects), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as string[];
}
