import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * Validates Kubernetes objects against the schema of their kind (see validate-k8s.mjs): returns
 * one message per problem, empty when every object is valid and has no unknown field.
 */
export function kubernetesSchemaErrors(objects: readonly unknown[]): string[] {
  const script = path.join(__dirname, 'validate-k8s.mjs');
  const out = execFileSync(process.execPath, [script], { input: JSON.stringify(objects), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as string[];
}
