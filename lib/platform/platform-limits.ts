import { CfnResource, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { describeValue, requireIntegerInRange, scopePath, validateAll } from '../core';

/** AWS limits the platform checks at synth, before CloudFormation or Route 53 would refuse a deploy. */
export interface PlatformLimits {
  /**
   * Most resources a stack may hold. CloudFormation refuses more than 500; the margin leaves room
   * for resources that later constructs add to a service's scope.
   * @default 400
   */
  readonly resourcesPerStack?: number;
  /**
   * Route 53 health checks per account (the default quota is 200; raise it with your quota).
   * @default 200
   * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html
   */
  readonly healthChecksPerAccount?: number;
}

/** The limits in force, defaults applied. */
export interface ResolvedPlatformLimits {
  readonly resourcesPerStack: number;
  readonly healthChecksPerAccount: number;
}

/** Presets of the defaults. */
export const DEFAULT_PLATFORM_LIMITS: ResolvedPlatformLimits = { resourcesPerStack: 400, healthChecksPerAccount: 200 };

/** CloudFormation's own limit of resources per stack. */
const CLOUDFORMATION_MAX_RESOURCES = 500;

/**
 * Route 53: at most 100 weighted, latency, geolocation (and other non-simple) records share a name
 * and type (Route 53 Developer Guide, "Quotas": records with the same name and type).
 */
export const ROUTE53_RECORDS_PER_NAME_AND_TYPE = 100;

export function resolveLimits(scope: string, limits: PlatformLimits | undefined): ResolvedPlatformLimits {
  const resolved: ResolvedPlatformLimits = {
    resourcesPerStack: limits?.resourcesPerStack ?? DEFAULT_PLATFORM_LIMITS.resourcesPerStack,
    healthChecksPerAccount: limits?.healthChecksPerAccount ?? DEFAULT_PLATFORM_LIMITS.healthChecksPerAccount,
  };
  validateAll(scope, [
    () => requireIntegerInRange(scope, 'limits.resourcesPerStack', resolved.resourcesPerStack, 1, CLOUDFORMATION_MAX_RESOURCES),
    () => requireIntegerInRange(scope, 'limits.healthChecksPerAccount', resolved.healthChecksPerAccount, 1, 1_000_000),
  ]);
  return resolved;
}

/** CfnResources of `stack` itself (not of nested stages or stacks). */
export function cfnResourcesOf(stack: Stack): CfnResource[] {
  return stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
}

/** Fails synth when `stack` holds more resources than the budget, counted once every construct is built. */
export function checkResourceBudget(stack: Stack, budget: number): void {
  stack.node.addValidation({
    validate: () => {
      const count = cfnResourcesOf(stack).length;
      return count > budget
        ? [`${scopePath(stack)}: resources = ${count}: at most ${budget} resources per stack (limits.resourcesPerStack; CloudFormation refuses more than ${CLOUDFORMATION_MAX_RESOURCES}); raise serviceStacks.shards, or move resources out of this stack`]
        : [];
    },
  });
}

/** Fails synth when more than 100 non-simple records of one zone share a name and type in `stack`. */
export function checkRecordsPerNameAndType(stack: Stack): void {
  stack.node.addValidation({
    validate: () => {
      const counts = new Map<string, number>();
      for (const record of cfnResourcesOf(stack).filter((r): r is route53.CfnRecordSet => r instanceof route53.CfnRecordSet)) {
        if (record.setIdentifier === undefined) continue;
        const key = `${describeValue(stack.resolve(record.name))} ${record.type}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts].filter(([, n]) => n > ROUTE53_RECORDS_PER_NAME_AND_TYPE).map(
        ([key, n]) => `${scopePath(stack)}: records(${key}) = ${n}: at most ${ROUTE53_RECORDS_PER_NAME_AND_TYPE} weighted, latency or geolocation records sharing a name and type (Route 53 quota)`,
      );
    },
  });
}

/**
 * Fails synth when the stacks of one account hold more Route 53 health checks than the account's
 * quota. Registered on one stack per account (`reporter`), counting over `stacks`.
 */
export function checkHealthChecksPerAccount(reporter: IConstruct, account: string, stacks: () => readonly Stack[], quota: number): void {
  reporter.node.addValidation({
    validate: () => {
      const count = stacks().reduce((n, s) => n + cfnResourcesOf(s).filter((r) => r instanceof route53.CfnHealthCheck).length, 0);
      return count > quota
        ? [`${scopePath(reporter)}: healthChecks(account ${account}) = ${count}: at most ${quota} Route 53 health checks per account (limits.healthChecksPerAccount, the account's quota)`]
        : [];
    },
  });
}
