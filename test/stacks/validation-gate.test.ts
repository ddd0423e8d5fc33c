import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cx_api } from 'aws-cdk-lib';
import { readValidationFindings } from '../../lib/platform';

function assemblyWithReport(report?: object): cx_api.CloudAssembly {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  if (report) fs.writeFileSync(path.join(directory, 'validation-report.json'), JSON.stringify(report));
  return { directory } as cx_api.CloudAssembly;
}

describe('readValidationFindings', () => {
  test('lists every violating construct of every plugin', () => {
    const assembly = assemblyWithReport({
      pluginReports: [
        { pluginName: 'AwsSolutions', violations: [{ ruleName: 'AwsSolutions-S1', violatingConstructs: [{ constructPath: 'A/B' }, { constructPath: 'A/C' }] }] },
        { pluginName: 'CloudFormation Validate', violations: [{ ruleName: 'E3002', violatingConstructs: [{ constructPath: 'A/D' }] }] },
      ],
    });
    expect(readValidationFindings(assembly)).toEqual([
      { plugin: 'AwsSolutions', rule: 'AwsSolutions-S1', constructPath: 'A/B' },
      { plugin: 'AwsSolutions', rule: 'AwsSolutions-S1', constructPath: 'A/C' },
      { plugin: 'CloudFormation Validate', rule: 'E3002', constructPath: 'A/D' },
    ]);
  });

  test('finds nothing when no plugin wrote a report', () => {
    expect(readValidationFindings(assemblyWithReport())).toEqual([]);
  });
});
