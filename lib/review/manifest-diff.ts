import { ClusterOutput, K8sObject } from './synth-output';

/** One changed field of a Kubernetes object, as a JSON path (`$.spec.mtls.mode`). */
export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** The difference of one Kubernetes object, keyed by apiVersion, kind, namespace and name. */
export interface ObjectDiff {
  /** `<environment>/<region>` */
  readonly cluster: string;
  readonly environment: string;
  /** `<apiVersion>/<kind>/<namespace or "-">/<name>` */
  readonly key: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly base?: K8sObject;
  readonly head?: K8sObject;
  readonly fields: readonly FieldChange[];
}

export function objectKey(o: K8sObject): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? '-'}/${o.metadata?.name ?? '-'}`;
}

/** Diffs the objects of every cluster; an object that moves between charts of a cluster is not a change. */
export function diffClusters(base: readonly ClusterOutput[], head: readonly ClusterOutput[]): ObjectDiff[] {
  const ids = [...new Set([...base.map((c) => c.id), ...head.map((c) => c.id)])].sort();
  const diffs: ObjectDiff[] = [];
  for (const id of ids) {
    const b = objectsOf(base.find((c) => c.id === id));
    const h = objectsOf(head.find((c) => c.id === id));
    const environment = id.split('/')[0];
    for (const key of [...new Set([...b.keys(), ...h.keys()])].sort()) {
      const before = b.get(key);
      const after = h.get(key);
      const fields = jsonDiff(before ?? {}, after ?? {});
      if (before && after && fields.length === 0) continue;
      const o = (after ?? before)!;
      diffs.push({
        cluster: id,
        environment,
        key,
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.metadata?.namespace,
        name: o.metadata?.name ?? '-',
        change: !before ? 'added' : !after ? 'removed' : 'changed',
        base: before,
        head: after,
        fields: before && after ? fields : [],
      });
    }
  }
  return diffs;
}

function objectsOf(cluster: ClusterOutput | undefined): Map<string, K8sObject> {
  const map = new Map<string, K8sObject>();
  for (const file of Object.keys(cluster?.files ?? {}).sort()) for (const o of cluster!.files[file]) map.set(objectKey(o), o);
  return map;
}

/** Every leaf that differs, as JSON paths; arrays compare by index. */
export function jsonDiff(before: unknown, after: unknown, path = '$'): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => jsonDiff(before[k], after[k], `${path}${/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`}`));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    return Array.from({ length: n }, (_, i) => jsonDiff(before[i], after[i], `${path}[${i}]`)).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
