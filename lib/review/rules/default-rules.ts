import { DR_BUDGET_RULE } from './dr-budget-rule';
import { IAM_WIDENING_RULE } from './iam-widening-rule';
import { AUTHORIZATION_RULE, MTLS_RULE } from './mesh-security-rules';
import { ReviewRule } from './review-rule';
import { ALARM_ACTION_RULE, ENCRYPTION_RULE, PUBLIC_ACCESS_RULE, SECURITY_GROUP_RULE, VAULT_LOCK_RULE } from './security-control-rules';
import { STATEFUL_RESOURCE_RULE } from './stateful-resource-rule';

/** The review policy: every rule, in the order the report lists them. */
export const DEFAULT_REVIEW_RULES: readonly ReviewRule[] = [
  STATEFUL_RESOURCE_RULE,
  IAM_WIDENING_RULE,
  SECURITY_GROUP_RULE,
  ENCRYPTION_RULE,
  PUBLIC_ACCESS_RULE,
  VAULT_LOCK_RULE,
  ALARM_ACTION_RULE,
  MTLS_RULE,
  AUTHORIZATION_RULE,
  DR_BUDGET_RULE,
];
