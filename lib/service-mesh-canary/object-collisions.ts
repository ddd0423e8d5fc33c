import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ResilienceValidationError, scopePath } from '../core/errors';
import { MeshObject } from './mesh-types';

/** Kind and place of an object: two objects with the same key overwrite each other when applied. */
function keyOf(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${group}/${kind}/${namespace ?? ''}/${name}`;
}

/**
 * Objects of the same chart, outside `scope`, that have the kind, namespace and name of one of
 * `objects`: e.g. two ServiceMeshCanary with the same name and namespace, or a user's own Service
 * named like the construct's. Each is reported in the house format on `name`.
 */
export function objectCollisions(scope: IConstruct, name: string, objects: readonly MeshObject[]): ResilienceValidationError[] {
  const mine = new Map(objects.map((o) => [keyOf(o.apiVersion, o.kind, o.metadata?.namespace, o.metadata!.name!), o]));
  // One error per construct that clashes, naming its first clashing object and how many more.
  const clashes = new Map<string, { first: MeshObject; count: number }>();
  for (const other of Chart.of(scope).node.findAll()) {
    if (!(other instanceof ApiObject) || other.node.scopes.includes(scope)) continue;
    const clash = mine.get(keyOf(other.apiVersion, other.kind, other.metadata.namespace, other.name));
    if (!clash) continue;
    // The construct that made it: its parent, unless it sits in the chart itself.
    const owner = other.node.scope instanceof Chart ? other.node.path : other.node.scope!.node.path;
    const seen = clashes.get(owner);
    clashes.set(owner, seen ? { first: seen.first, count: seen.count + 1 } : { first: clash, count: 1 });
  }
  const errors = [...clashes].map(([owner, { first, count }]) => new ResilienceValidationError(scopePath(scope), 'name', name,
    `a name whose objects no other construct of the chart emits: ${owner} also emits ${first.kind} ${first.metadata!.namespace}/${first.metadata!.name}`
    + `${count > 1 ? ` and ${count - 1} more of them` : ''}, and one would overwrite the other`));
  return errors;
}
