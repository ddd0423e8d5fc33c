import * as fs from 'fs';
import * as path from 'path';
import { cx_api } from 'aws-cdk-lib';

/** One unacknowledged finding of a validation plugin. */
export interface ValidationFinding {
  readonly plugin: string;
  readonly rule: string;
  readonly constructPath: string;
}

/**
 * Reads the validation report CDK writes at synth and returns every finding. The CLI only looks
 * at the report for the stacks it was asked to show, and stacks inside Stages are not shown by a
 * bare `cdk synth`, so the app applies the gate itself.
 */
export function readValidationFindings(assembly: cx_api.CloudAssembly): ValidationFinding[] {
  const reportPath = path.join(assembly.directory, 'validation-report.json');
  if (!fs.existsSync(reportPath)) return [];
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((c) => ({ plugin: plugin.pluginName, rule: violation.ruleName, constructPath: c.constructPath })),
    ),
  );
}
