import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthPlatformApp } from '../../lib/platform';
import { ENVIRONMENTS } from '../../stacks/environments';
import { otherTeamEnvironments, platformApp } from './support';

function run(props: Omit<Parameters<typeof synthPlatformApp>[1], 'manifestsDir'>): { code: number; lines: string[]; dir: string } {
  const lines: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-k8s-'));
  const code = synthPlatformApp(platformApp(), { manifestsDir: dir, drBudgetDir: fs.mkdtempSync(path.join(os.tmpdir(), 'app-dr-')), policyValidation: false, ...props }, (l) => lines.push(l));
  return { code, lines, dir };
}

describe('synthPlatformApp (what bin/app.ts runs)', () => {
  test('writes the manifests from an empty directory and exits 0', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-k8s-'));
    fs.writeFileSync(path.join(dir, 'stale.k8s.yaml'), 'kind: Stale');
    expect(synthPlatformApp(platformApp(), { environments: otherTeamEnvironments(), manifestsDir: dir, drBudgetDir: fs.mkdtempSync(path.join(os.tmpdir(), 'app-dr-')), policyValidation: false }, () => undefined)).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['live', 'test']);
  });

  test('prints every invalid setting as a list, without a stack trace, and exits 1', () => {
    const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
    const { code, lines } = run({ environments: [{ ...prod, account: 'x', services: [{ ...prod.services[0], backupTier: 'nope' }] }] });
    expect(code).toBe(1);
    expect(lines).toEqual([
      'Synth failed: 2 invalid setting(s):',
      '  - environments.prod: account = "x": a 12-digit AWS account id',
      expect.stringMatching(/^ {2}- environments\.prod\.services\[0\]: backupTier = "nope": a tier of the environment's backup policy: /),
    ]);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  test('prints limit breaches found at synth and exits 1', () => {
    const { code, lines } = run({ environments: otherTeamEnvironments(), limits: { resourcesPerStack: 10 } });
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/^Synth failed: Validation failed with the following errors:/);
    expect(lines[0]).toMatch(/Test\/EuCentral1: resources = \d+: at most 10 resources per stack/);
  });
});
