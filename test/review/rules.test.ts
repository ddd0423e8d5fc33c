import { jsonDiff, parseAcknowledgements, review, violationLine } from '../../lib/review';
import { budget, output, peerAuthentication, policy } from './fixtures';

const lines = (r: ReturnType<typeof review>) => r.violations.map(violationLine);
const key = (props: Record<string, unknown> = {}) => ({ Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true, ...props } });
const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' };

describe('review policy on plain JSON', () => {
  test('a harmless change passes and is still shown', () => {
    // GIVEN a key whose description changes
    const result = review(output({ Key: key({ Description: 'a' }) }), output({ Key: key({ Description: 'b' }) }));
    // THEN
    expect(result.passed).toBe(true);
    expect(result.stacks[0]).toMatchObject({ status: 'changed', resources: [{ logicalId: 'Key', change: 'updated', impact: 'WILL_UPDATE' }] });
    expect(result.stacks[0].text).toMatch(/\[~\] AWS::KMS::Key Key/);
  });

  test('fails when a stateful resource is replaced by a property change', () => {
    const table = (name: string) => ({ Type: 'AWS::DynamoDB::Table', Properties: { TableName: name, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } });
    expect(lines(review(output({ T: table('a') }), output({ T: table('b') })))).toEqual(['[stateful-resource] Prod/UsEast1/T: AWS::DynamoDB::Table will be replaced: TableName changed']);
  });

  test('fails when a key is replaced through a changed logical ID, and when a table is deleted', () => {
    const base = output({ Key1: key(), Table: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Delete', Properties: {} } });
    const head = output({ Key2: key() });
    expect(lines(review(base, head))).toEqual([
      '[stateful-resource] Prod/UsEast1/Key1: AWS::KMS::Key is orphaned (DeletionPolicy Retain): replaced by Key2 (a changed logical ID)',
      '[stateful-resource] Prod/UsEast1/Table: AWS::DynamoDB::Table is deleted: removed from the template',
    ]);
  });

  test('fails when a policy gains a wildcard action, a principal, a managed policy, or loses a condition or a Deny', () => {
    const deny = { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'backup:DeleteRecoveryPoint', Resource: '*' };
    const base = output({
      P: policy([read]),
      R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } }] } } },
      V: { Type: 'AWS::Backup::BackupVault', Properties: { AccessPolicy: { Statement: [deny] } } },
    });
    const head = output({
      P: policy([read, { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::data/*' }]),
      R: { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'], AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
      V: { Type: 'AWS::Backup::BackupVault', Properties: { AccessPolicy: { Statement: [] } } },
    });
    expect(lines(review(base, head))).toEqual([
      '[iam-widening] Prod/UsEast1/P: AWS::IAM::ManagedPolicy PolicyDocument newly allows s3:* on arn:aws:s3:::data/* (wildcard)',
      '[iam-widening] Prod/UsEast1/R: AWS::IAM::Role AssumeRolePolicyDocument newly allows sts:AssumeRole to Service:backup.amazonaws.com',
      '[iam-widening] Prod/UsEast1/R: AWS::IAM::Role ManagedPolicyArns newly allows managed policy arn:aws:iam::aws:policy/AdministratorAccess',
      '[iam-widening] Prod/UsEast1/V: AWS::Backup::BackupVault AccessPolicy no longer denies backup:DeleteRecoveryPoint on * to AWS:* (wildcard)',
    ]);
  });

  test('an unchanged policy whose statements are reordered is no widening', () => {
    const other = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };
    expect(review(output({ P: policy([read, other]) }), output({ P: policy([other, read]) })).violations).toEqual([]);
  });

  test('fails when encryption, the public access block, a vault lock or an alarm action is loosened', () => {
    const bucket = (props: Record<string, unknown>) => ({ Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: props });
    const kms = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] };
    const pab = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
    const base = output({
      B: bucket({ BucketEncryption: kms, PublicAccessBlockConfiguration: pab }),
      V: { Type: 'AWS::Backup::BackupVault', Properties: { LockConfiguration: { MinRetentionDays: 7, ChangeableForDays: 3 } } },
      W: { Type: 'AWS::Backup::BackupVault', Properties: { LockConfiguration: { MinRetentionDays: 7 } } },
      A: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'Topic' }] } },
      Gone: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'Topic' }], OKActions: [{ Ref: 'Topic' }] } },
      T: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'Key' } } },
    });
    const head = output({
      B: bucket({ BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }, PublicAccessBlockConfiguration: { ...pab, BlockPublicPolicy: false } }),
      V: { Type: 'AWS::Backup::BackupVault', Properties: { LockConfiguration: { MinRetentionDays: 1 } } },
      W: { Type: 'AWS::Backup::BackupVault', Properties: {} },
      A: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [] } },
      T: { Type: 'AWS::SNS::Topic', Properties: {} },
    });
    expect(lines(review(base, head))).toEqual([
      '[encryption-removed] Prod/UsEast1/B: AWS::S3::Bucket BucketEncryption moves from a KMS key to S3-managed keys',
      '[encryption-removed] Prod/UsEast1/T: AWS::SNS::Topic KmsMasterKeyId = removed (was {"Ref":"Key"}): encryption at rest is turned off',
      '[public-access] Prod/UsEast1/B: AWS::S3::Bucket PublicAccessBlockConfiguration no longer sets BlockPublicPolicy',
      '[vault-lock] Prod/UsEast1/V: AWS::Backup::BackupVault LockConfiguration.MinRetentionDays = 1 (was 7): the lock is shortened',
      '[vault-lock] Prod/UsEast1/V: AWS::Backup::BackupVault LockConfiguration.ChangeableForDays is removed: compliance mode becomes governance mode',
      '[vault-lock] Prod/UsEast1/W: AWS::Backup::BackupVault LockConfiguration is removed (was {"MinRetentionDays":7})',
      '[alarm-action] Prod/UsEast1/A: AWS::CloudWatch::Alarm loses AlarmActions {"Ref":"Topic"}',
      '[alarm-action] Prod/UsEast1/Gone: AWS::CloudWatch::Alarm is removed with AlarmActions {"Ref":"Topic"}; OKActions {"Ref":"Topic"}',
    ]);
  });

  test('fails when an ingress rule is added to a security group', () => {
    const sg = (ingress: unknown[]) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', SecurityGroupIngress: ingress } });
    expect(lines(review(output({ G: sg([]) }), output({ G: sg([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }]) })))).toEqual([
      '[security-group] Prod/UsEast1/${G.GroupId}: ingress TCP 22 from/to Everyone (IPv4) is added',
    ]);
  });

  test('fails when mTLS stops being STRICT or a STRICT policy is removed', () => {
    expect(lines(review(output({}, [peerAuthentication('STRICT')]), output({}, [peerAuthentication('PERMISSIVE')])))).toEqual([
      '[mtls] prod/us-east-1/security.istio.io/v1/PeerAuthentication/istio-system/default: spec.mtls.mode = PERMISSIVE (was STRICT): mTLS must be STRICT',
    ]);
    expect(lines(review(output({}, [peerAuthentication('STRICT')]), output({}, [])))).toEqual([
      '[mtls] prod/us-east-1/security.istio.io/v1/PeerAuthentication/istio-system/default: PeerAuthentication with STRICT mTLS is removed: the mesh default (PERMISSIVE) applies',
    ]);
  });

  test('fails when an AuthorizationPolicy is removed or its ALLOW rules widen', () => {
    const authz = (rules: unknown[]) => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'api', namespace: 'app' }, spec: { action: 'ALLOW', rules } });
    const narrow = { from: [{ source: { principals: ['cluster.local/ns/app/sa/web'] } }] };
    expect(lines(review(output({}, [authz([narrow])]), output({}, [authz([narrow, {}])])))).toEqual(['[authorization] prod/us-east-1/security.istio.io/v1/AuthorizationPolicy/app/api: ALLOW rules added or widened: {}']);
    expect(lines(review(output({}, [authz([narrow])]), output({}, [])))).toEqual(['[authorization] prod/us-east-1/security.istio.io/v1/AuthorizationPolicy/app/api: AuthorizationPolicy (ALLOW) is removed']);
  });

  test('fails when the DR budget misses its tier; says which environments have no budget', () => {
    const result = review(output({}, [], budget(45)), output({}, [], budget(75)));
    expect(lines(result)).toEqual(['[dr-budget] dr/prod: RTO 75 min misses tier tier-1 (60 min) (base: 45 min): dns-failover 5 min + scale-up 70 min']);
    expect(review(output({}), output({})).drUnchecked).toEqual(['prod']);
  });

  test('fails when the DR budget file disappears or breaks its contract', () => {
    expect(lines(review(output({}, [], budget(45)), output({})))).toEqual(['[dr-budget] dr/prod: the DR budget is no longer written (base: RTO 45 min, RPO 5 min): its tier can no longer be checked']);
    const broken = { ...budget(45), meetsRto: 'yes' } as unknown as ReturnType<typeof budget>;
    expect(lines(review(output({}, [], budget(45)), output({}, [], broken)))).toEqual(['[dr-budget] dr/prod: dist/dr/prod.json does not follow the budget contract: meetsRto = a boolean expected']);
  });

  test('an acknowledged violation passes; a stale acknowledgement is listed; an empty reason is an error', () => {
    const base = output({}, [peerAuthentication('STRICT')]);
    const head = output({}, [peerAuthentication('PERMISSIVE')]);
    const target = 'prod/us-east-1/security.istio.io/v1/PeerAuthentication/istio-system/default';
    const result = review(base, head, { acknowledgements: [{ rule: 'mtls', target, reason: 'migrating a legacy client' }, { rule: 'iam-widening', target: 'x', reason: 'old' }] });
    expect(result.passed).toBe(true);
    expect(result.acknowledged).toEqual([expect.objectContaining({ rule: 'mtls', reason: 'migrating a legacy client' })]);
    expect(result.staleAcknowledgements).toEqual([{ rule: 'iam-widening', target: 'x', reason: 'old' }]);
    const parsed = parseAcknowledgements({ acknowledgements: [{ rule: 'mtls', target, reason: ' ' }, { rule: 'nope', target, reason: 'r' }] }, 'review-acknowledgements.json', ['mtls']);
    expect(parsed.errors).toEqual([
      'review-acknowledgements.json: acknowledgements[0].reason = " ": a non-empty reason why the change is intended',
      'review-acknowledgements.json: acknowledgements[1].rule = "nope": one of mtls',
    ]);
  });
});

describe('Kubernetes object diff', () => {
  test('reports changed fields as JSON paths', () => {
    expect(jsonDiff({ spec: { a: 1, list: [1, 2], 'x-y': true } }, { spec: { a: 2, list: [1], 'x-y': true } })).toEqual([
      { path: '$.spec.a', before: 1, after: 2 },
      { path: '$.spec.list[1]', before: 2 },
    ]);
    const result = review(output({}, [peerAuthentication('STRICT')]), output({}, [peerAuthentication('PERMISSIVE')]));
    expect(result.objects).toEqual([expect.objectContaining({ key: 'security.istio.io/v1/PeerAuthentication/istio-system/default', change: 'changed', fields: [{ path: '$.spec.mtls.mode', before: 'STRICT', after: 'PERMISSIVE' }] })]);
  });
});

describe('diagram', () => {
  test('draws regions with roles, DNS routing, backup copies and highlights what changed', () => {
    const resources = (threshold: number) => ({
      Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'v-east', BackupVaultTags: { 'resilience:region-role': 'primary' } } },
      Plan: { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanRule: [{ CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:us-west-2:111111111111:backup-vault:v-west' }] }] } } },
      Rec: { Type: 'AWS::Route53::RecordSet', Properties: { Name: 'api.example.com.', Failover: 'PRIMARY', HealthCheckId: { Ref: 'HC' }, ResourceRecords: ['api-us-east-1.example.com'], TTL: String(threshold) } },
    });
    const d = review(output(resources(60)), output(resources(30))).diagrams.prod;
    expect(d).toContain('subgraph prod_us_east_1["us-east-1 · primary"]');
    expect(d).toMatch(/Prod_UsEast1_Vault -\. backup copy \.-> external_us_west_2_v_west/);
    expect(d).toContain('prod_dns_api_example_com -->|failover primary + health check| prod_dns_api_us_east_1_example_com');
    expect(d).toMatch(/class .*prod_dns_api_example_com.* touched/);
  });
});
