import { ObjectDiff } from './manifest-diff';
import { get } from './rules/review-rule';
import { CfnResource, StackOutput } from './synth-output';
import { StackDiff } from './template-diff';

/**
 * One Mermaid flowchart of an environment (head side, or base for a removed environment):
 * regions with their roles, the Route 53 routing tree, backup copy and replication paths, and
 * what the change touches highlighted.
 */
export function environmentDiagram(environment: string, stacks: readonly StackDiff[], objects: readonly ObjectDiff[]): string {
  const envStacks = stacks.filter((s) => s.environment === environment);
  const outputs = envStacks.map((s) => s.head ?? s.base!).filter(Boolean) as StackOutput[];
  const lines: string[] = ['flowchart LR'];
  const touched = new Set<string>();
  const edges = new Set<string>();
  const regions = [...new Set(outputs.map((s) => s.region).filter((r): r is string => !!r))].sort();
  const vaultNode = new Map<string, string>();
  const dnsStacks: StackDiff[] = [];

  for (const region of regions) {
    const regional = envStacks.filter((s) => (s.head ?? s.base)!.region === region && !isDnsOnly(s));
    const changedClusterObjects = objects.filter((o) => o.cluster === `${environment}/${region}`);
    if (regional.length === 0 && changedClusterObjects.length === 0) continue;
    const rid = id(environment, region);
    const role = regional.map((s) => roleOf(s.head ?? s.base!)).find(Boolean);
    lines.push(`  subgraph ${rid}["${label(`${region}${role ? ` · ${role}` : ''}`)}"]`);
    for (const s of regional) {
      const sid = id(s.id);
      const changes = s.resources.length;
      lines.push(`    ${sid}["${label(`${s.stackName}${s.status === 'unchanged' ? '' : ` · ${s.status}${changes ? `, ${changes} resource(s)` : ''}`}`)}"]`);
      if (s.status !== 'unchanged') touched.add(sid);
      for (const [logicalId, r] of Object.entries(resources(s))) {
        if (r.Type !== 'AWS::Backup::BackupVault' && r.Type !== 'AWS::DynamoDB::GlobalTable' && r.Type !== 'AWS::DynamoDB::Table' && r.Type !== 'AWS::RDS::DBCluster') continue;
        const nid = id(s.id, logicalId);
        const name = String(get(r.Properties, 'BackupVaultName') ?? get(r.Properties, 'TableName') ?? get(r.Properties, 'DBClusterIdentifier') ?? logicalId);
        lines.push(`    ${nid}[("${label(`${shortType(r.Type)} ${name}`)}")]`);
        lines.push(`    ${sid} --- ${nid}`);
        if (r.Type === 'AWS::Backup::BackupVault') vaultNode.set(`${region}:${name}`, nid);
        if (s.resources.some((c) => c.logicalId === logicalId)) touched.add(nid);
      }
    }
    if (changedClusterObjects.length) {
      const kid = id(environment, region, 'k8s');
      lines.push(`    ${kid}["${label(`cluster: ${changedClusterObjects.length} object(s) changed`)}"]`);
      touched.add(kid);
    }
    lines.push('  end');
  }

  // Backup copy paths and replication, from the head templates.
  for (const s of envStacks) {
    const region = (s.head ?? s.base)!.region;
    for (const [logicalId, r] of Object.entries(resources(s))) {
      if (r.Type === 'AWS::Backup::BackupPlan') {
        const source = [...vaultNode.entries()].find(([k]) => k.startsWith(`${region}:`))?.[1];
        for (const rule of (get(r.Properties, 'BackupPlan', 'BackupPlanRule') as unknown[]) ?? []) {
          for (const copy of (get(rule, 'CopyActions') as unknown[]) ?? []) {
            const m = /^arn:[^:]+:backup:([^:]+):[^:]+:backup-vault:(.+)$/.exec(String(get(copy, 'DestinationBackupVaultArn')));
            const dest = m ? vaultNode.get(`${m[1]}:${m[2]}`) ?? ensureExternal(lines, m[2], m[1]) : undefined;
            if (source && dest) edges.add(`  ${source} -. backup copy .-> ${dest}`);
          }
        }
      }
      if (r.Type === 'AWS::DynamoDB::GlobalTable') {
        for (const replica of (get(r.Properties, 'Replicas') as unknown[]) ?? []) {
          const to = String(get(replica, 'Region'));
          if (to !== region && regions.includes(to)) edges.add(`  ${id(s.id, logicalId)} == replica ==> ${id(environment, to)}`);
        }
      }
      if (r.Type === 'AWS::S3::Bucket') {
        for (const rule of (get(r.Properties, 'ReplicationConfiguration', 'Rules') as unknown[]) ?? []) {
          const dest = String(get(rule, 'Destination', 'Bucket'));
          const to = regions.find((x) => dest.includes(x));
          if (to && to !== region) edges.add(`  ${id(environment, region ?? '')} == "${label(`S3 replication ${String(get(r.Properties, 'BucketName') ?? logicalId)}`)}" ==> ${id(environment, to)}`);
        }
      }
    }
    if (hasRecords(s)) dnsStacks.push(s);
  }

  // The Route 53 routing tree: record names, their policies, and their targets.
  for (const s of dnsStacks) {
    lines.push(`  subgraph ${id(s.id, 'dns')}["${label(`Route 53 · ${s.stackName}`)}"]`);
    const names = new Set<string>();
    const changed = new Set(s.resources.map((r) => r.logicalId));
    for (const [logicalId, r] of Object.entries(resources(s)).sort(([a], [b]) => a.localeCompare(b))) {
      if (r.Type !== 'AWS::Route53::RecordSet') continue;
      const name = dns(get(r.Properties, 'Name'));
      const from = id(environment, 'dns', name);
      if (!names.has(from)) {
        lines.push(`    ${from}["${label(name)}"]`);
        names.add(from);
      }
      const alias = get(r.Properties, 'AliasTarget', 'DNSName');
      const targets = alias !== undefined ? [dns(alias)] : ((get(r.Properties, 'ResourceRecords') as unknown[]) ?? []).map(dns);
      for (const t of targets) {
        const to = id(environment, 'dns', t);
        if (!names.has(to)) {
          lines.push(`    ${to}["${label(t)}"]`);
          names.add(to);
        }
        edges.add(`  ${from} -->|${label(policyOf(r))}| ${to}`);
        const endpointRegion = alias === undefined ? regions.find((x) => t.includes(x)) : undefined;
        if (endpointRegion) edges.add(`  ${to} -.- ${id(environment, endpointRegion)}`);
        if (changed.has(logicalId)) touched.add(from);
      }
    }
    lines.push('  end');
    if (s.status !== 'unchanged') touched.add(id(s.id, 'dns'));
  }

  lines.push(...[...edges].sort());
  lines.push('  classDef touched fill:#fde68a,stroke:#b45309,stroke-width:3px');
  if (touched.size) lines.push(`  class ${[...touched].sort().join(',')} touched`);
  return lines.join('\n');
}

function ensureExternal(lines: string[], vault: string, region: string): string {
  const nid = id('external', region, vault);
  if (!lines.some((l) => l.includes(`${nid}[`))) lines.push(`  ${nid}[("${label(`vault ${vault} (${region}, outside this environment)`)}")]`);
  return nid;
}

function resources(s: StackDiff): Record<string, CfnResource> {
  return ((s.head ?? s.base)!.template.Resources ?? {}) as Record<string, CfnResource>;
}

/** A stack of only Route 53 and alarms (the global stack) is drawn as the routing tree, not as a region. */
function isDnsOnly(s: StackDiff): boolean {
  return hasRecords(s) && Object.values(resources(s)).every((r) => r.Type.startsWith('AWS::Route53::') || r.Type === 'AWS::CloudWatch::Alarm');
}

function hasRecords(s: StackDiff): boolean {
  return Object.values(resources(s)).some((r) => r.Type === 'AWS::Route53::RecordSet');
}

/** The region role, from the platform's `resilience:region-role` tag, or the stack description's parenthesis. */
function roleOf(s: StackOutput): string | undefined {
  for (const r of Object.values(s.template.Resources ?? {})) {
    const tags = (r.Properties?.Tags ?? r.Properties?.BackupVaultTags) as unknown;
    if (Array.isArray(tags)) {
      const t = tags.find((x) => typeof get(x, 'Key') === 'string' && String(get(x, 'Key')).endsWith('region-role'));
      if (t) return String(get(t, 'Value'));
    } else if (tags && typeof tags === 'object') {
      const k = Object.keys(tags).find((x) => x.endsWith('region-role'));
      if (k) return String((tags as Record<string, unknown>)[k]);
    }
  }
  return /\(([^)]+)\)\s*$/.exec(String(s.template.Description ?? ''))?.[1];
}

function policyOf(r: CfnResource): string {
  const p = r.Properties ?? {};
  if (p.Failover) return `failover ${String(p.Failover).toLowerCase()}${p.HealthCheckId ? ' + health check' : ''}`;
  if (p.GeoLocation) {
    const g = p.GeoLocation as Record<string, string>;
    return `geo ${g.CountryCode === '*' ? 'default' : [g.ContinentCode, g.CountryCode, g.SubdivisionCode].filter(Boolean).join('-')}`;
  }
  if (p.Region) return `latency ${String(p.Region)}`;
  if (p.Weight !== undefined) return `weight ${String(p.Weight)}`;
  if (p.GeoProximityLocation) return 'geoproximity';
  return 'simple';
}

function shortType(type: string): string {
  return ({ 'AWS::Backup::BackupVault': 'vault', 'AWS::DynamoDB::GlobalTable': 'global table', 'AWS::DynamoDB::Table': 'table', 'AWS::RDS::DBCluster': 'db cluster' } as Record<string, string>)[type] ?? type;
}

function dns(v: unknown): string {
  return (typeof v === 'string' ? v : JSON.stringify(v)).replace(/\.$/, '');
}

/** A Mermaid node id: letters, digits and underscores. */
function id(...parts: string[]): string {
  return parts.join('_').replace(/[^A-Za-z0-9]+/g, '_');
}

/** A Mermaid label in double quotes: quotes become entities. */
function label(s: string): string {
  return s.replace(/"/g, '#quot;');
}
