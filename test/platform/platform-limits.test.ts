import * as fs from 'fs';
import { Stage } from 'aws-cdk-lib';
import { CLOUDFORMATION_MAX_TEMPLATE_BYTES, DEFAULT_PLATFORM_LIMITS, templateBytesOf } from '../../lib/platform';
import { buildPlatform, otherTeamEnvironments, platformApp } from './support';

describe('PlatformLimits: template size', () => {
  test('GIVEN the defaults THEN each template is measured as the CDK writes it, under the 800,000-byte budget and CloudFormation\'s 1 MB', () => {
    expect(DEFAULT_PLATFORM_LIMITS.templateBytesPerStack).toBe(800_000);
    expect(CLOUDFORMATION_MAX_TEMPLATE_BYTES).toBe(1_000_000);
    const app = platformApp();
    const platform = buildPlatform(otherTeamEnvironments(), { app });
    app.synth();
    for (const stack of platform.allStacks) {
      const written = fs.statSync(Stage.of(stack)!.synth().getStackArtifact(stack.artifactId).templateFullPath).size;
      expect(templateBytesOf(stack)).toBe(written);
      expect(written).toBeLessThanOrEqual(DEFAULT_PLATFORM_LIMITS.templateBytesPerStack);
    }
  });

  test('throws when a stack\'s template is larger than limits.templateBytesPerStack, naming the stack, its size and the limit', () => {
    const app = platformApp();
    buildPlatform(otherTeamEnvironments(), { app, limits: { templateBytesPerStack: 51_200 } });
    expect(() => app.synth()).toThrow(
      /(Test|Live)\/\w+: template = \d+ bytes: at most 51200 bytes per template \(limits\.templateBytesPerStack; CloudFormation refuses a template over 1000000 bytes from S3\)/,
    );
  });

  test('throws when limits.templateBytesPerStack is not an integer from 51,200 (inline) to 1,000,000 (from S3)', () => {
    expect(() => buildPlatform(otherTeamEnvironments(), { limits: { templateBytesPerStack: 2_000_000 } })).toThrow(/platform: limits\.templateBytesPerStack = 2000000: an integer from 51200 to 1000000/);
    expect(() => buildPlatform(otherTeamEnvironments(), { limits: { templateBytesPerStack: 1_000 } })).toThrow(/platform: limits\.templateBytesPerStack = 1000: an integer from 51200 to 1000000/);
  });
});
