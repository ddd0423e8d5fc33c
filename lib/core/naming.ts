/**
 * Deterministic physical names. Resources that other regions or the Kubernetes half refer to get
 * names computed from (prefix, environment, region), so no cross-region export is ever needed and
 * both halves agree without passing tokens between CDK and cdk8s.
 */
export function physicalName(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('-');
}

export function backupVaultArn(region: string, account: string, vaultName: string, partition = 'aws'): string {
  return `arn:${partition}:backup:${region}:${account}:backup-vault:${vaultName}`;
}

export function kmsAliasArn(region: string, account: string, aliasName: string, partition = 'aws'): string {
  const name = aliasName.startsWith('alias/') ? aliasName : `alias/${aliasName}`;
  return `arn:${partition}:kms:${region}:${account}:${name}`;
}

export function iamRoleArn(account: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

/** Turns `us-east-1` into `UsEast1`, for construct ids derived from region codes. */
export function pascalCase(value: string): string {
  return value
    .split(/[^a-zA-Z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}
