#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { validateEnvironments } from '../stacks/environment-model';
import { ENVIRONMENTS } from '../stacks/environments';
import { buildPlatform } from '../stacks/platform';
import { readValidationFindings } from '../stacks/validation-gate';

const app = new App();
const environments = validateEnvironments(ENVIRONMENTS, {
  context: (name) => app.node.tryGetContext(`resilience:account:${name}`),
  defaultAccount: process.env.CDK_DEFAULT_ACCOUNT,
});
// Start from an empty directory so a chart that is no longer built leaves no stale file behind.
const manifestsDir = path.join(__dirname, '..', 'dist', 'k8s');
fs.rmSync(manifestsDir, { recursive: true, force: true });
const platform = buildPlatform(app, environments, { manifestsDir });
for (const cluster of platform.clusters.values()) cluster.synth();
const findings = readValidationFindings(app.synth());
if (findings.length > 0) {
  for (const f of findings) console.error(`[${f.plugin}] ${f.rule} at ${f.constructPath}`);
  console.error(`Synth failed: ${findings.length} unacknowledged validation finding(s); acknowledge each with a reason or fix it.`);
  process.exitCode = 1;
}
