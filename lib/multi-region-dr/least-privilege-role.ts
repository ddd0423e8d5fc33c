import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeFinding } from '../core';

/** Options of a role with its own customer-managed policy. */
export interface LeastPrivilegeRoleOptions {
  readonly assumedBy: iam.IPrincipal;
  readonly description: string;
  readonly statements: readonly iam.PolicyStatement[];
  /**
   * Why the statements' wildcards (runtime-created resources, APIs without resource-level
   * permissions) are needed; each wildcard is acknowledged by its exact cdk-nag id with it.
   * @default - none; a wildcard is then reported
   */
  readonly wildcardReason?: string;
}

/**
 * A role whose permissions are one customer-managed policy (the compliance packs reject inline
 * policies), attached only to it.
 */
export function leastPrivilegeRole(scope: Construct, id: string, options: LeastPrivilegeRoleOptions): iam.Role {
  const role = new iam.Role(scope, id, { assumedBy: options.assumedBy, description: options.description });
  new iam.ManagedPolicy(role, 'Policy', { description: options.description, statements: [...options.statements], roles: [role] });
  if (options.wildcardReason !== undefined) acknowledgeWildcards(role, options.statements, options.wildcardReason);
  return role;
}

/** Acknowledges each wildcard of `statements` by the exact id cdk-nag gives it (`AwsSolutions-IAM5[Resource::…]` / `[Action::…]`). */
export function acknowledgeWildcards(scope: Construct, statements: readonly iam.PolicyStatement[], reason: string): void {
  const stack = Stack.of(scope);
  const ids = new Set<string>();
  for (const statement of statements) {
    const json = statement.toStatementJson() as { Action?: string | string[]; Resource?: unknown };
    for (const action of ([] as string[]).concat(json.Action ?? [])) if (action.includes('*')) ids.add(`AwsSolutions-IAM5[Action::${action}]`);
    for (const resource of ([] as unknown[]).concat(json.Resource ?? [])) {
      const resolved = Token.isUnresolved(resource) ? stack.resolve(resource) : resource;
      if (typeof resolved === 'string' && resolved.includes('*')) ids.add(`AwsSolutions-IAM5[Resource::${resolved}]`);
    }
  }
  for (const id of [...ids].sort()) acknowledgeFinding(scope, id, reason);
}
