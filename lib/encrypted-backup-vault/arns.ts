import { Stack, Token } from 'aws-cdk-lib';
import { invalid, ValidationScope } from '../core';

/** The partition a region belongs to: China and GovCloud regions have their own. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The partition of `stack`. `stack.partition` is a literal only when the region is known and the
 * `enablePartitionLiterals` flag is on; otherwise it is derived from the (concrete) region here, so
 * checks never compare against a token.
 */
export function stackPartition(stack: Stack): string {
  return Token.isUnresolved(stack.partition) ? partitionOfRegion(stack.region) : stack.partition;
}

export const ACCOUNT_ID = /^\d{12}$/;
/** AWS Backup vault names (CreateBackupVault API). */
export const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;
/** IAM role names: 1–64 of letters, digits and `+=,.@_-` (IAM API). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** IAM paths: `/` or `/segment/…/`, printable ASCII, at most 512 characters (IAM API). */
const ROLE_PATH = /^\/([\x21-\x7E]*\/)?$/;
const ROLE_ARN = /^arn:([a-z-]+):iam::([^:]*):role(\/.*)$/;
const VAULT_ARN = /^arn:([a-z-]+):backup:([a-z0-9-]+):([^:]*):backup-vault:(.*)$/;

/**
 * Checks an IAM role ARN: the stack's partition, a 12-digit account, a valid path and name.
 * An unresolved token (e.g. `role.roleArn` of a role in the same stack) is accepted as it is:
 * CloudFormation resolves it to the ARN of a role that exists, which cannot be mistyped.
 */
export function requireRoleArn(scope: ValidationScope, prop: string, value: string, partition: string): void {
  if (Token.isUnresolved(value)) return;
  const expected = `an IAM role ARN arn:${partition}:iam::<12-digit account>:role/<optional path/><name>, the name 1–64 letters, digits or +=,.@_-`;
  const match = ROLE_ARN.exec(value);
  if (!match) invalid(scope, prop, value, expected);
  const [, arnPartition, account, pathAndName] = match;
  if (arnPartition !== partition) invalid(scope, prop, value, `${expected} (partition "${partition}", the stack's)`);
  if (!ACCOUNT_ID.test(account)) invalid(scope, prop, value, `${expected} (the account "${account}" is not 12 digits)`);
  const slash = pathAndName.lastIndexOf('/');
  const path = pathAndName.slice(0, slash + 1);
  const name = pathAndName.slice(slash + 1);
  if (!ROLE_NAME.test(name) || !ROLE_PATH.test(path) || path.length > 512) invalid(scope, prop, value, expected);
}

/** The parts of a backup vault ARN, after checking its shape against the stack's partition. */
export function requireVaultArn(scope: ValidationScope, prop: string, value: string, partition: string): { region: string; account: string; name: string } {
  const expected = `a literal backup vault ARN arn:${partition}:backup:<region>:<12-digit account>:backup-vault:<2–50 letters, digits, hyphens or underscores>`;
  if (Token.isUnresolved(value)) {
    invalid(scope, prop, value, `${expected}; a token would be a cross-region reference: name the destination deterministically (EncryptedBackupVault.copyDestination)`);
  }
  const match = VAULT_ARN.exec(value);
  if (!match || match[1] !== partition || !ACCOUNT_ID.test(match[3]) || !VAULT_NAME.test(match[4])) invalid(scope, prop, value, expected);
  return { region: match[2], account: match[3], name: match[4] };
}
