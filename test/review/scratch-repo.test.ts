import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runReview, violationLine } from '../../lib/review';

/**
 * The review on real pairs of refs: a scratch git repository holding a tiny CDK app and cdk8s
 * chart (plain JavaScript on this project's node_modules), reviewed against its first commit.
 * One base worktree is synthesized; every later review reuses its cached output.
 */
const APP = `
const fs = require('fs');
const cdk = require('aws-cdk-lib');
const { Key } = require('aws-cdk-lib/aws-kms');
const { Table, AttributeType } = require('aws-cdk-lib/aws-dynamodb');
const { Role, ServicePrincipal, PolicyStatement } = require('aws-cdk-lib/aws-iam');
const cdk8s = require('cdk8s');
const cfg = JSON.parse(fs.readFileSync('config.json', 'utf8'));
const app = new cdk.App();
const stage = new cdk.Stage(app, 'Prod');
const stack = new cdk.Stack(stage, 'UsEast1', { env: { account: '111111111111', region: 'us-east-1' }, stackName: 'scratch-prod-us-east-1' });
new Key(stack, cfg.keyId, { enableKeyRotation: true, description: cfg.keyDescription });
if (cfg.table) new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING }, removalPolicy: cdk.RemovalPolicy.DESTROY });
const role = new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
role.addToPolicy(new PolicyStatement({ actions: cfg.actions, resources: ['arn:aws:s3:::scratch-data/*'] }));
const k8s = new cdk8s.App({ outdir: 'dist/k8s/prod/us-east-1' });
const chart = new cdk8s.Chart(k8s, 'mesh');
new cdk8s.ApiObject(chart, 'mtls', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: cfg.mtls } } });
k8s.synth();
fs.mkdirSync('dist/dr', { recursive: true });
const rto = [{ name: 'dns-failover', minutes: 5, source: 'route53' }, { name: 'restore', minutes: cfg.restoreMinutes, source: 'backup' }];
const total = rto.reduce((s, c) => s + c.minutes, 0);
fs.writeFileSync('dist/dr/prod.json', JSON.stringify({ environment: 'prod', strategy: 'warm-standby', tier: { name: 'tier-1', rtoMinutes: 60, rpoMinutes: 15 },
  rto: { minutes: total, components: rto }, rpo: { minutes: 5, components: [{ name: 'replication', minutes: 5, source: 'dynamodb' }] }, meetsRto: total <= 60, meetsRpo: true }));
app.synth();
`;

const BASE = { keyId: 'Key', keyDescription: 'data key', table: true, actions: ['s3:GetObject'], mtls: 'STRICT', restoreMinutes: 30 };

describe('review of a scratch repository', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  const writeConfig = (cfg: object) => fs.writeFileSync(path.join(repo, 'config.json'), JSON.stringify(cfg));
  const reviewHead = () => runReview({ repoDir: repo, base: 'main', headGates: false });

  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'review-scratch-'));
    fs.symlinkSync(fs.realpathSync(path.join(__dirname, '..', '..', 'node_modules')), path.join(repo, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(repo, 'app.js'), APP);
    fs.writeFileSync(path.join(repo, 'cdk.json'), JSON.stringify({ app: 'node app.js', context: { '@aws-cdk/core:explicitStackTags': true } }));
    fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules\ncdk.out\ndist\n.review-cache\n');
    writeConfig(BASE);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'base');
  });

  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('a harmless change passes', () => {
    // GIVEN the key's description changes
    writeConfig({ ...BASE, keyDescription: 'the data key' });
    // WHEN
    const run = reviewHead();
    // THEN
    expect(run.result.violations.map(violationLine)).toEqual([]);
    expect(run.passed).toBe(true);
    expect(run.context.baseCached).toBe(false);
    expect(run.markdown).toMatch(/✅ no policy violation/);
    expect(run.markdown).toMatch(/\[~\] AWS::KMS::Key/);
  });

  test('a replaced key, a deleted table, a wildcard, PERMISSIVE mTLS and a broken DR budget each fail with their line; acknowledged, they pass', () => {
    // GIVEN one change that does all five
    writeConfig({ ...BASE, keyId: 'DataKey', table: false, actions: ['s3:GetObject', 's3:*'], mtls: 'PERMISSIVE', restoreMinutes: 70 });
    // WHEN
    const run = reviewHead();
    // THEN the base comes from the cache, and every violation has its line
    expect(run.context.baseCached).toBe(true);
    const lines = run.result.violations.map(violationLine);
    expect(lines).toEqual([
      expect.stringMatching(/^\[stateful-resource\] Prod\/UsEast1\/Key[0-9A-F]{8}: AWS::KMS::Key is orphaned \(DeletionPolicy Retain\): replaced by DataKey[0-9A-F]{8} \(a changed logical ID\)$/),
      expect.stringMatching(/^\[stateful-resource\] Prod\/UsEast1\/Table[0-9A-F]{8}: AWS::DynamoDB::Table is deleted: removed from the template$/),
      // The renamed key is a new key: its key policy is a new grant too.
      expect.stringMatching(/^\[iam-widening\] Prod\/UsEast1\/DataKey[0-9A-F]{8}: AWS::KMS::Key KeyPolicy newly allows kms:\* on \* to AWS:.*:iam::111111111111:root.* \(wildcard\)$/),
      expect.stringMatching(/^\[iam-widening\] Prod\/UsEast1\/RoleDefaultPolicy[0-9A-F]{8}: AWS::IAM::Policy PolicyDocument newly allows s3:\* on arn:aws:s3:::scratch-data\/\* \(wildcard\)$/),
      '[mtls] prod/us-east-1/security.istio.io/v1/PeerAuthentication/istio-system/default: spec.mtls.mode = PERMISSIVE (was STRICT): mTLS must be STRICT',
      '[dr-budget] dr/prod: RTO 75 min misses tier tier-1 (60 min) (base: 35 min): dns-failover 5 min + restore 70 min',
    ]);
    expect(run.passed).toBe(false);
    expect(run.markdown).toMatch(/❌/);
    expect(run.markdown).toContain('```mermaid');

    // WHEN each is acknowledged with a reason
    const acknowledgements = run.result.violations.map((v) => ({ rule: v.rule, target: v.target, reason: 'intended in this scratch change' }));
    fs.writeFileSync(path.join(repo, 'review-acknowledgements.json'), JSON.stringify({ acknowledgements }));
    const acknowledged = reviewHead();
    // THEN
    expect(acknowledged.result.violations).toEqual([]);
    expect(acknowledged.result.acknowledged).toHaveLength(6);
    expect(acknowledged.passed).toBe(true);
  });
});
