// Shared by the examples: what the test reads back from each run (resource types and counts, and
// where the library was loaded from), as one JSON line on stdout.
import * as path from 'path';
import { App } from 'aws-cdk-lib';

export function report(app: App, extra: Record<string, unknown> = {}): void {
  const assembly = app.synth();
  const resources: Record<string, number> = {};
  for (const stack of assembly.stacks) {
    for (const r of Object.values((stack.template as { Resources?: Record<string, { Type: string }> }).Resources ?? {})) resources[r.Type] = (resources[r.Type] ?? 0) + 1;
  }
  const loaded = Object.keys(require.cache);
  process.stdout.write(`${JSON.stringify({
    resources,
    ...extra,
    library: path.dirname(require.resolve('resilience-constructs/package.json')),
    libraryFiles: loaded.filter((f) => f.includes(`${path.sep}resilience-constructs${path.sep}`)),
    cdk8sLoaded: loaded.some((f) => /[\\/]node_modules[\\/]cdk8s[\\/]/.test(f)),
    loaded,
  })}\n`);
}
