import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { validationErrorsOf } from '../core';
import { drBudgetSummary, writeDrBudget } from '../multi-region-dr';
import { ResiliencePlatform, ResiliencePlatformProps } from './resilience-platform';
import { readValidationFindings } from './validation-gate';

/** Props of `synthPlatformApp`. */
export interface SynthPlatformAppProps extends ResiliencePlatformProps {
  /**
   * Directory each environment's DR budget goes to, as `<dir>/<env>.json` (what `npm run review` reads).
   * @default - `dr` beside `manifestsDir` (`dist/dr` for `dist/k8s`)
   */
  readonly drBudgetDir?: string;
}

/**
 * The whole of a platform's `bin/app.ts`: builds the platform on `app`, writes the manifests (from
 * an empty `manifestsDir`, so a chart no longer built leaves no stale file), synthesizes and applies
 * the gates, prints one DR budget line per environment and writes each budget as JSON. Invalid descriptions, failed limit checks and unacknowledged findings are printed as a
 * list without a stack trace; returns the process exit code (0 or 1).
 */
export function synthPlatformApp(app: App, props: SynthPlatformAppProps, log: (line: string) => void = console.error): number {
  try {
    fs.rmSync(props.manifestsDir, { recursive: true, force: true });
    const platform = new ResiliencePlatform(app, props);
    platform.synthManifests();
    const assembly = app.synth();
    const drBudgetDir = props.drBudgetDir ?? path.join(path.dirname(props.manifestsDir), 'dr');
    fs.rmSync(drBudgetDir, { recursive: true, force: true });
    for (const dr of platform.dr.values()) {
      writeDrBudget(drBudgetDir, dr.budget);
      log(`DR budget ${drBudgetSummary(dr.budget)}`);
    }
    const findings = readValidationFindings(assembly);
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
