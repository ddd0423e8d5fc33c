import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import type { PrometheusRuleGroup } from '../../lib/monitoring-stack';

/** A `promtool test rules` test case (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/). */
export interface PromtoolTestCase {
  readonly interval: string;
  readonly input_series: { series: string; values: string }[];
  readonly alert_rule_test?: { eval_time: string; alertname: string; exp_alerts: { exp_labels: Record<string, string>; exp_annotations?: Record<string, string> }[] }[];
  readonly promql_expr_test?: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

/**
 * Runs promtool (installed by scripts/ensure-test-tools.sh, the `pretest` script). Throws when
 * promtool is missing: these tests must fail, never skip, without it.
 */
export function promtool(args: string[], cwd: string, binary = 'promtool'): string {
  const run = spawnSync(binary, args, { cwd, encoding: 'utf8' });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('promtool is not installed: run scripts/ensure-test-tools.sh (npm test runs it as `pretest`)');
  }
  if (run.error) throw run.error;
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`promtool ${args.join(' ')} failed:\n${output}`);
  return output;
}

/** `promtool check rules` on the groups; returns promtool's output, throws with it on failure. */
export function checkRules(groups: readonly PrometheusRuleGroup[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
  fs.writeFileSync(path.join(dir, 'rules.yaml'), stringify({ groups }));
  const out = promtool(['check', 'rules', 'rules.yaml'], dir);
  // promtool 2.42 reports lint findings (duplicate rules) but exits 0: treat them as failures.
  if (/FAILED|lint error/.test(out)) throw new Error(`promtool check rules:\n${out}`);
  return out;
}

/**
 * `promtool test rules` of `tests` against the groups; throws with promtool's output on failure.
 * promtool compares annotations too: cases that give no `exp_annotations` run against a copy of
 * the rules without annotations (the annotations have their own validation rule).
 */
export function testRules(groups: readonly PrometheusRuleGroup[], tests: readonly PromtoolTestCase[], evaluationInterval = '1m'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
  const withAnnotations = tests.some((t) => t.alert_rule_test?.some((a) => a.exp_alerts.some((e) => e.exp_annotations)));
  const written = withAnnotations ? groups : groups.map((g) => ({ ...g, rules: g.rules.map((r) => ('alert' in r ? { ...r, annotations: {} } : r)) }));
  fs.writeFileSync(path.join(dir, 'rules.yaml'), stringify({ groups: written }));
  fs.writeFileSync(path.join(dir, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: evaluationInterval, tests }));
  return promtool(['test', 'rules', 'tests.yaml'], dir);
}
