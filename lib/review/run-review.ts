import * as fs from 'fs';
import * as path from 'path';
import { readAcknowledgements } from './acknowledgements';
import { ReportContext, renderJson, renderMarkdown } from './report';
import { review, ReviewResult } from './review';
import { DEFAULT_REVIEW_RULES } from './rules/default-rules';
import { OutputLayout, projectLayout, readSynthOutput } from './synth-output';
import { baseOutput, synthesizeProject } from './synthesize';

export interface RunReviewOptions {
  /** The repository under review (its working tree is the head). */
  readonly repoDir: string;
  /** The base git ref. */
  readonly base: string;
  /**
   * Read the head's output from this project directory (cdk.out/, dist/k8s/, dist/dr/) instead of
   * synthesizing it, e.g. after CI's own `npm run synth`.
   * @default - the review synthesizes the working tree, gates on
   */
  readonly headOutputDir?: string;
  /** @default true */
  readonly headGates?: boolean;
  /** @default `<repoDir>/review-acknowledgements.json` */
  readonly acknowledgementsFile?: string;
  /** @default `<repoDir>/.review-cache` */
  readonly cacheDir?: string;
}

export interface RunReviewResult {
  readonly result: ReviewResult;
  readonly context: ReportContext;
  readonly markdown: string;
  readonly json: object;
  /** Whether the review passes: no open violation, a valid acknowledgement file, head gates green. */
  readonly passed: boolean;
}

/** Synthesizes (or reads) both refs, reviews them and renders both reports. */
export function runReview(options: RunReviewOptions): RunReviewResult {
  const timings: Record<string, number> = {};
  const t = () => Number(process.hrtime.bigint()) / 1e9;
  let start = t();
  const base = baseOutput({ repoDir: options.repoDir, ref: options.base, cacheDir: options.cacheDir });
  timings[base.cached ? 'base (cached)' : 'base synth'] = t() - start;

  start = t();
  let headLayout: OutputLayout;
  let headFailure: string | undefined;
  if (options.headOutputDir) {
    headLayout = projectLayout(options.headOutputDir);
  } else {
    const head = synthesizeProject({ projectDir: options.repoDir, outDir: path.join(options.cacheDir ?? path.join(options.repoDir, '.review-cache'), 'head'), gates: options.headGates ?? true });
    headLayout = head.layout;
    headFailure = head.failure;
  }
  timings[options.headOutputDir ? 'head (read)' : 'head synth'] = t() - start;

  start = t();
  const ackFile = options.acknowledgementsFile ?? path.join(options.repoDir, 'review-acknowledgements.json');
  const acks = readAcknowledgements(ackFile, DEFAULT_REVIEW_RULES.map((r) => r.id));
  const result = review(readSynthOutput(base.layout), readSynthOutput(headLayout), { acknowledgements: acks.acknowledgements, acknowledgementErrors: acks.errors.map((e) => e.replace(`${options.repoDir}${path.sep}`, '')) });
  timings['diff and policy'] = t() - start;

  const context: ReportContext = { baseRef: options.base, baseSha: base.sha, baseCached: base.cached, timings, headFailure };
  return { result, context, markdown: renderMarkdown(result, context), json: renderJson(result, context), passed: result.passed && headFailure === undefined };
}

/** Writes `text` to `file`, creating its directory. */
export function writeReport(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}
