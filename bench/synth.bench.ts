/**
 * Synth benchmarks: prints medians of repeated runs and their ratios, measured in one run.
 * `npm run bench` — nothing here fails on a slow machine; it only reports.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.join(__dirname, '..');
const tsNode = path.join(root, 'node_modules', '.bin', 'ts-node');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeApp(env: Record<string, string>): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    const start = performance.now();
    execFileSync(tsNode, ['--swc', path.join(root, 'bin', 'app.ts')], { cwd: root, env: { ...process.env, CDK_OUTDIR: outdir, ...env }, stdio: 'pipe' });
    times.push((performance.now() - start) / 1000);
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  return times;
}

const context = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context;
const gated = timeApp({ CDK_CONTEXT_JSON: JSON.stringify(context) });
const ungated = timeApp({ CDK_CONTEXT_JSON: JSON.stringify(context), CDK_VALIDATION: 'false' });

const row = (name: string, t: number[]) => `${name.padEnd(58)} median ${median(t).toFixed(2)} s  (runs: ${t.map((x) => x.toFixed(2)).join(', ')})`;
console.log(`Synth of every environment (CloudFormation + manifests), ${RUNS} runs each, ${os.cpus().length} cores`);
console.log(row('app with validation engine and cdk-nag (as `npm run synth`)', gated));
console.log(row('app with the CloudFormation validation engine off', ungated));
console.log(`ratio gated / ungated: ${(median(gated) / median(ungated)).toFixed(2)}x`);
