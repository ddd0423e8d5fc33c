import { resourcesOf } from '../template-diff';
import { StackDiff } from '../template-diff';
import { get, resourceTarget, ReviewInput, ReviewRule, stableJson, Violation } from './review-rule';

type Props = Record<string, unknown> | undefined;

/**
 * Pairs the base and head properties of every resource present on both sides (a resource that
 * is added or removed is judged by the rules for new grants and stateful deletions).
 */
function updatedResources(stack: StackDiff): { logicalId: string; type: string; before: Props; after: Props }[] {
  const before = resourcesOf(stack.base?.template);
  const after = resourcesOf(stack.head?.template);
  return Object.keys(after)
    .filter((id) => before[id] && before[id].Type === after[id].Type)
    .sort()
    .map((id) => ({ logicalId: id, type: after[id].Type, before: before[id].Properties, after: after[id].Properties }));
}

/**
 * Where each type declares encryption at rest; a value that disappears or turns false is removed
 * encryption (each property's meaning from its CloudFormation resource reference).
 */
export const ENCRYPTION_PROPERTIES: Readonly<Record<string, readonly string[][]>> = {
  'AWS::S3::Bucket': [['BucketEncryption']],
  'AWS::DynamoDB::Table': [['SSESpecification', 'SSEEnabled'], ['SSESpecification', 'KMSMasterKeyId']],
  'AWS::DynamoDB::GlobalTable': [['SSESpecification', 'SSEEnabled']],
  'AWS::SNS::Topic': [['KmsMasterKeyId']],
  'AWS::SQS::Queue': [['KmsMasterKeyId']],
  'AWS::Logs::LogGroup': [['KmsKeyId']],
  'AWS::RDS::DBCluster': [['StorageEncrypted'], ['KmsKeyId']],
  'AWS::RDS::DBInstance': [['StorageEncrypted'], ['KmsKeyId']],
  'AWS::EFS::FileSystem': [['Encrypted'], ['KmsKeyId']],
  'AWS::Backup::BackupVault': [['EncryptionKeyArn']],
  'AWS::SecretsManager::Secret': [['KmsKeyId']],
};

export function encryptionRemoved(input: ReviewInput): Violation[] {
  const out: Violation[] = [];
  for (const stack of input.stacks) {
    for (const r of updatedResources(stack)) {
      for (const path of ENCRYPTION_PROPERTIES[r.type] ?? []) {
        const b = get(r.before, ...path);
        const a = get(r.after, ...path);
        if (b !== undefined && b !== false && (a === undefined || a === false)) {
          out.push({ rule: 'encryption-removed', target: resourceTarget(stack, r.logicalId), message: `${r.type} ${path.join('.')} = ${a === undefined ? 'removed' : 'false'} (was ${stableJson(b)}): encryption at rest is turned off` });
        }
      }
      if (r.type === 'AWS::S3::Bucket' && usesKms(r.before) && !usesKms(r.after) && get(r.after, 'BucketEncryption') !== undefined) {
        out.push({ rule: 'encryption-removed', target: resourceTarget(stack, r.logicalId), message: `${r.type} BucketEncryption moves from a KMS key to S3-managed keys` });
      }
    }
  }
  return out;
}

function usesKms(props: Props): boolean {
  return /aws:kms/.test(stableJson(get(props, 'BucketEncryption') ?? null));
}

const PUBLIC_ACCESS_FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

export function publicAccessLoosened(input: ReviewInput): Violation[] {
  const out: Violation[] = [];
  for (const stack of input.stacks) {
    for (const r of updatedResources(stack).filter((x) => x.type === 'AWS::S3::Bucket')) {
      // S3 applies no block for an omitted flag of a configuration, so a removed flag is a loosened one.
      const loosened = PUBLIC_ACCESS_FLAGS.filter((f) => get(r.before, 'PublicAccessBlockConfiguration', f) === true && get(r.after, 'PublicAccessBlockConfiguration', f) !== true);
      if (loosened.length) out.push({ rule: 'public-access', target: resourceTarget(stack, r.logicalId), message: `${r.type} PublicAccessBlockConfiguration no longer sets ${loosened.join(', ')}` });
    }
  }
  return out;
}

export function vaultLockLoosened(input: ReviewInput): Violation[] {
  const out: Violation[] = [];
  for (const stack of input.stacks) {
    for (const r of updatedResources(stack).filter((x) => x.type === 'AWS::Backup::BackupVault')) {
      const b = get(r.before, 'LockConfiguration') as Props;
      const a = get(r.after, 'LockConfiguration') as Props;
      if (!b) continue;
      const target = resourceTarget(stack, r.logicalId);
      if (!a) {
        out.push({ rule: 'vault-lock', target, message: `${r.type} LockConfiguration is removed (was ${stableJson(b)})` });
        continue;
      }
      const shorter = (prop: string) => typeof b[prop] === 'number' && (typeof a[prop] !== 'number' || (a[prop] as number) < (b[prop] as number));
      for (const prop of ['MinRetentionDays'].filter(shorter)) {
        out.push({ rule: 'vault-lock', target, message: `${r.type} LockConfiguration.${prop} = ${a[prop] ?? 'removed'} (was ${b[prop]}): the lock is shortened` });
      }
      // Without ChangeableForDays the lock stays in governance mode: it can be removed at any time.
      if (b.ChangeableForDays !== undefined && a.ChangeableForDays === undefined) {
        out.push({ rule: 'vault-lock', target, message: `${r.type} LockConfiguration.ChangeableForDays is removed: compliance mode becomes governance mode` });
      }
    }
  }
  return out;
}

export function securityGroupOpened(input: ReviewInput): Violation[] {
  const out: Violation[] = [];
  for (const stack of input.stacks) {
    const changes = stack.diff.securityGroupChanges;
    for (const [direction, collection] of [['ingress', changes.ingress], ['egress', changes.egress]] as const) {
      for (const rule of collection.additions) {
        out.push({ rule: 'security-group', target: `${stack.id}/${rule.groupId}`, message: `${direction} ${rule.describeProtocol()} from/to ${rule.describePeer()} is added` });
      }
    }
  }
  return out;
}

/** An alarm whose actions shrink, whose actions are disabled, or which goes away with its actions. */
export function alarmActionRemoved(input: ReviewInput): Violation[] {
  const out: Violation[] = [];
  for (const stack of input.stacks) {
    const before = resourcesOf(stack.base?.template);
    const after = resourcesOf(stack.head?.template);
    for (const [logicalId, b] of Object.entries(before).sort(([x], [y]) => x.localeCompare(y))) {
      if (b.Type !== 'AWS::CloudWatch::Alarm' && b.Type !== 'AWS::CloudWatch::CompositeAlarm') continue;
      const target = resourceTarget(stack, logicalId);
      const a = after[logicalId];
      const lost: string[] = [];
      for (const prop of ['AlarmActions', 'OKActions', 'InsufficientDataActions']) {
        const was = ((get(b.Properties, prop) as unknown[]) ?? []).map(stableJson);
        const now = new Set(((get(a?.Properties, prop) as unknown[]) ?? []).map(stableJson));
        const gone = was.filter((x) => !now.has(x));
        if (gone.length) lost.push(`${prop} ${gone.join(', ')}`);
      }
      if (lost.length) out.push({ rule: 'alarm-action', target, message: `${b.Type} ${a ? 'loses' : 'is removed with'} ${lost.join('; ')}` });
      if (a && get(b.Properties, 'ActionsEnabled') !== false && get(a.Properties, 'ActionsEnabled') === false) {
        out.push({ rule: 'alarm-action', target, message: `${b.Type} ActionsEnabled = false: the alarm no longer notifies anyone` });
      }
    }
  }
  return out;
}

export const ENCRYPTION_RULE: ReviewRule = { id: 'encryption-removed', description: 'Encryption at rest is removed or downgraded.', check: encryptionRemoved };
export const PUBLIC_ACCESS_RULE: ReviewRule = { id: 'public-access', description: "A bucket's public access block is loosened.", check: publicAccessLoosened };
export const VAULT_LOCK_RULE: ReviewRule = { id: 'vault-lock', description: 'A backup vault lock is removed, shortened or leaves compliance mode.', check: vaultLockLoosened };
export const SECURITY_GROUP_RULE: ReviewRule = { id: 'security-group', description: 'A security group rule is added.', check: securityGroupOpened };
export const ALARM_ACTION_RULE: ReviewRule = { id: 'alarm-action', description: "An alarm's action is removed or disabled.", check: alarmActionRemoved };
