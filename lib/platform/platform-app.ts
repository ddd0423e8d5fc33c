import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { validationErrorsOf } from '../core';
import { ResiliencePlatform, ResiliencePlatformProps } from './resilience-platform';
import { readValidationFindings } from './validation-gate';

/**
 * The whole of a platform's `bin/app.ts`: builds the platform on `app`, writes the manifests (from
 * an empty `manifestsDir`, so a chart no longer built leaves no stale file), synthesizes and applies
 * the gates. Invalid descriptions, failed limit checks and unacknowledged findings are printed as a
 * list without a stack trace; returns the process exit code (0 or 1).
 */
export function synthPlatformApp(app: App, props: ResiliencePlatformProps, log: (line: string) => void = console.error): number {
  try {
    fs.rmSync(props.manifestsDir, { recursive: true, force: true });
    const platform = new ResiliencePlatform(app, props);
    platform.synthManifests();
    const findings = readValidationFindings(app.synth());
    if (findings.length === 0) return 0;
    for (const f of findings) log(`[${f.plugin}] ${f.rule} at ${f.constructPath}`);
    log(`Synth failed: ${findings.length} unacknowledged validation finding(s); acknowledge each with a reason or fix it.`);
    return 1;
  } catch (error) {
    const errors = validationErrorsOf(error);
    if (errors) {
      log(`Synth failed: ${errors.length} invalid setting(s):`);
      for (const e of errors) log(`  - ${e.message}`);
      return 1;
    }
    // aws-cdk-lib's own validation (limit checks registered with addValidation) lists its errors in the message.
    if (error instanceof Error && /^Validation failed with the following errors/.test(error.message)) {
      log(`Synth failed: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
