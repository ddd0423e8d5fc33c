#!/usr/bin/env node
/**
 * `npm run review -- --base <ref> [--markdown review.md] [--json review.json] [--head-output <dir>] [--no-gates]`
 *
 * Compares what the base ref and the working tree synthesize (CloudFormation and Kubernetes),
 * offline, and fails (exit code 1) on every unacknowledged policy violation.
 */
import * as path from 'path';
import { runReview, writeReport } from '../lib/review';

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const args: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`review: argument = ${JSON.stringify(a)}: options start with --`);
    if (a.startsWith('--no-')) args[a.slice(5)] = false;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args[a.slice(2)] = argv[++i];
    else args[a.slice(2)] = true;
  }
  return args;
}

const KNOWN = ['base', 'markdown', 'json', 'head-output', 'gates', 'acknowledgements', 'cache', 'repo'];
const args = parseArgs(process.argv.slice(2));
for (const k of Object.keys(args)) {
  if (!KNOWN.includes(k)) throw new Error(`review: --${k} = ${JSON.stringify(args[k])}: one of ${KNOWN.map((x) => `--${x}`).join(', ')}`);
}
if (typeof args.base !== 'string') throw new Error(`review: --base = ${JSON.stringify(args.base)}: a git ref (branch, tag or sha), e.g. --base origin/main`);
const repoDir = path.resolve(typeof args.repo === 'string' ? args.repo : process.cwd());
let run: ReturnType<typeof runReview>;
try {
  run = runReview({
  repoDir,
  base: args.base,
  headOutputDir: typeof args['head-output'] === 'string' ? path.resolve(args['head-output']) : undefined,
  headGates: args.gates !== false,
  acknowledgementsFile: typeof args.acknowledgements === 'string' ? path.resolve(args.acknowledgements) : undefined,
  cacheDir: typeof args.cache === 'string' ? path.resolve(args.cache) : undefined,
  });
} catch (e) {
  // A synth that throws (invalid input on either side) is reported as its message, not a stack trace.
  console.error(`review: ${(e as Error).message}`);
  process.exit(2);
}
if (typeof args.markdown === 'string') writeReport(args.markdown, run.markdown);
else process.stdout.write(run.markdown);
if (typeof args.json === 'string') writeReport(args.json, `${JSON.stringify(run.json, null, 2)}\n`);
for (const v of run.result.violations) console.error(`[${v.rule}] ${v.target}: ${v.message}`);
for (const e of run.result.acknowledgementErrors) console.error(`[acknowledgement] ${e}`);
if (run.context.headFailure) console.error('review: the head failed its synth gates (see the report)');
process.exitCode = run.passed ? 0 : 1;
