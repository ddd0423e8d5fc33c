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
  /**
   * Largest synthesized template of a stack, in bytes, as the CDK writes it (and uploads it to S3).
   * CloudFormation takes a template of at most 1 MB from S3 (51,200 bytes inline); the default is
   * where the CDK's own template-size annotation starts (80 % of 1,000,000), which this platform's
   * validation fails on anyway, so a breach is reported here first, with the budget.
   * @default 800000
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
   */
  readonly templateBytesPerStack?: number;
}

/** The limits in force, defaults applied. */
export interface ResolvedPlatformLimits {
  readonly resourcesPerStack: number;
  readonly healthChecksPerAccount: number;
  readonly templateBytesPerStack: number;
}

/** Presets of the defaults. */
export const DEFAULT_PLATFORM_LIMITS: ResolvedPlatformLimits = { resourcesPerStack: 400, healthChecksPerAccount: 200, templateBytesPerStack: 800_000 };

/** CloudFormation's own limit of resources per stack. */
const CLOUDFORMATION_MAX_RESOURCES = 500;

/**
 * CloudFormation's largest template body from S3, 1 MB (CloudFormation API Reference, TemplateURL;
 * the CDK's own check, Stack.templateSize, reads it as 1,000,000 bytes, the lower reading).
 */
export const CLOUDFORMATION_MAX_TEMPLATE_BYTES = 1_000_000;
/** CloudFormation's largest template body passed inline in the request. */
export const CLOUDFORMATION_MAX_INLINE_TEMPLATE_BYTES = 51_200;

/**
 * Route 53: at most 100 weighted, latency, geolocation (and other non-simple) records share a name
 * and type (Route 53 Developer Guide, "Quotas": records with the same name and type).
 */
export const ROUTE53_RECORDS_PER_NAME_AND_TYPE = 100;

export function resolveLimits(scope: string, limits: PlatformLimits | undefined): ResolvedPlatformLimits {
  const resolved: ResolvedPlatformLimits = {
    resourcesPerStack: limits?.resourcesPerStack ?? DEFAULT_PLATFORM_LIMITS.resourcesPerStack,
    healthChecksPerAccount: limits?.healthChecksPerAccount ?? DEFAULT_PLATFORM_LIMITS.healthChecksPerAccount,
    templateBytesPerStack: limits?.templateBytesPerStack ?? DEFAULT_PLATFORM_LIMITS.templateBytesPerStack,
  };
  validateAll(scope, [
    () => requireIntegerInRange(scope, 'limits.resourcesPerStack', resolved.resourcesPerStack, 1, CLOUDFORMATION_MAX_RESOURCES),
    () => requireIntegerInRange(scope, 'limits.healthChecksPerAccount', resolved.healthChecksPerAccount, 1, 1_000_000),
    () => requireIntegerInRange(scope, 'limits.templateBytesPerStack', resolved.templateBytesPerStack, CLOUDFORMATION_MAX_INLINE_TEMPLATE_BYTES, CLOUDFORMATION_MAX_TEMPLATE_BYTES),
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

/**
 * Bytes of `stack`'s template as the CDK writes it: JSON indented by one space (the CDK's default;
 * a stack with `suppressTemplateIndentation` writes fewer, so the count is an upper bound).
 */
export function templateBytesOf(stack: Stack): number {
  // Stack._toCloudFormation is what Stack._synthesizeTemplate writes; construct validation runs
  // after the app is prepared (cross-stack references resolved), so the template is final here.
  const template = (stack as unknown as { _toCloudFormation(): unknown })._toCloudFormation();
  return Buffer.byteLength(JSON.stringify(template, undefined, 1), 'utf8');
}

/** Fails synth when `stack`'s template is larger than the budget, measured once every construct is built. */
export function checkTemplateBudget(stack: Stack, budget: number): void {
  stack.node.addValidation({
    validate: () => {
      const bytes = templateBytesOf(stack);
      return bytes > budget
        ? [`${scopePath(stack)}: template = ${bytes} bytes: at most ${budget} bytes per template (limits.templateBytesPerStack; CloudFormation refuses a template over ${CLOUDFORMATION_MAX_TEMPLATE_BYTES} bytes from S3); raise serviceStacks.shards, or move resources out of this stack`]
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
