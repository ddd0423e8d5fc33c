import { App, Stack } from 'aws-cdk-lib';
import { Testing } from 'cdk8s';
import { BackupPolicy } from '../../lib/encrypted-backup-vault';
import { ClusterBackupTarget, VeleroBackups } from '../../lib/encrypted-backup-vault/k8s';
import { testChart } from '../support/app';
import { kubernetesSchemaErrors } from '../support/k8s-schema';

const target: ClusterBackupTarget = {
  bucketName: 'resilience-prod-us-east-1-velero-333333333333',
  region: 'us-east-1',
  kmsKeyAlias: 'alias/resilience-prod-us-east-1',
  policy: BackupPolicy.seedTiers(),
};

function manifests(props: Partial<ConstructorParameters<typeof VeleroBackups>[2]> = {}) {
  const chart = testChart();
  new VeleroBackups(chart, 'Velero', { target, clusterName: 'prod-us-east-1', ...props });
  return Testing.synth(chart);
}

describe('VeleroBackups', () => {
  test('writes to the region\'s bucket under the cluster prefix, encrypted with the region key', () => {
    const location = manifests().find((o) => o.kind === 'BackupStorageLocation');
    expect(location).toEqual({
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: expect.objectContaining({ name: 'aws-us-east-1', namespace: 'velero' }),
      spec: {
        provider: 'aws',
        objectStorage: { bucket: 'resilience-prod-us-east-1-velero-333333333333', prefix: 'prod-us-east-1' },
        config: { region: 'us-east-1', kmsKeyId: 'alias/resilience-prod-us-east-1' },
        default: true,
        accessMode: 'ReadWrite',
        validationFrequency: '1m0s',
      },
    });
  });

  test('creates one schedule per rule of every cluster tier, with the rule\'s cron and retention as TTL', () => {
    const schedules = manifests().filter((o) => o.kind === 'Schedule');
    expect(schedules.map((s) => [s.metadata.name, s.spec.schedule, s.spec.template.ttl])).toEqual([
      ['full-cluster-daily', '0 3 * * *', '168h0m0s'],
      ['full-cluster-weekly', '0 3 * * 0', '720h0m0s'],
      ['full-cluster-monthly', '0 3 1 * *', '2160h0m0s'],
      ['full-cluster-yearly', '0 3 1 1 *', '8760h0m0s'],
      ['redis-every-6h', '0 */6 * * *', '168h0m0s'],
      ['configuration-daily', '0 3 * * *', '720h0m0s'],
      ['configuration-weekly', '0 3 * * 0', '2160h0m0s'],
    ]);
  });

  test('follows each tier\'s selection: redis by label without cluster resources, its volumes file by file into the (replicated) bucket, configuration without volumes', () => {
    const byName = Object.fromEntries(manifests().map((o) => [o.metadata.name, o]));
    expect(byName['redis-every-6h'].spec.template).toMatchObject({
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } },
      includeClusterResources: false,
      snapshotVolumes: false,
      defaultVolumesToFsBackup: true,
    });
    expect(byName['redis-every-6h'].spec.template.volumeSnapshotLocations).toBeUndefined();
    expect(byName['full-cluster-daily'].spec.template).toMatchObject({ snapshotVolumes: true, volumeSnapshotLocations: ['aws-us-east-1'] });
    expect(byName['full-cluster-daily'].spec.template.defaultVolumesToFsBackup).toBeUndefined();
    expect(byName['configuration-daily'].spec.template.snapshotVolumes).toBe(false);
    expect(byName['configuration-daily'].spec.template.volumeSnapshotLocations).toBeUndefined();
    expect(byName['full-cluster-daily'].spec.template.excludedNamespaces).toEqual(['kube-system', 'kube-node-lease', 'kube-public']);
  });

  test('emits only objects valid against Velero\'s schemas, with no unknown field', () => {
    expect(kubernetesSchemaErrors(manifests())).toEqual([]);
  });

  test('the schema check rejects an unknown field (so the test above can fail)', () => {
    const objects = manifests();
    const schedule = objects.find((o) => o.kind === 'Schedule')!;
    schedule.spec.template.snapshotVolume = true;
    expect(kubernetesSchemaErrors([schedule])).toEqual([expect.stringMatching(/Schedule velero\/full-cluster-daily: .*additional properties/)]);
  });

  test('throws when the cluster name is not a DNS label', () => {
    expect(() => manifests({ clusterName: 'Prod_East' })).toThrow(/test\/Velero: clusterName = "Prod_East": lowercase letters, digits and hyphens/);
  });

  test('throws when the namespace is not a DNS label', () => {
    expect(() => manifests({ namespace: 'Velero' })).toThrow(/^test\/Velero: namespace = "Velero": lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 63 characters$/);
  });

  test('throws instead of writing a token into a manifest when the target comes from an env-agnostic stack', () => {
    const region = new Stack(new App(), 'Agnostic').region;
    expect(() => manifests({ target: { ...target, region } })).toThrow(/^test\/Velero: target\.region = "\$\{Token\[AWS\.Region\.\d+\]\}": a literal AWS region code such as "us-east-1" \(not a token: it is written into the manifests\)$/);
  });

  test('throws when the target bucket or key alias is not a literal name', () => {
    expect(() => manifests({ target: { ...target, bucketName: 'Bad_Bucket', kmsKeyAlias: 'key' } })).toThrow(
      /test\/Velero: target\.bucketName = "Bad_Bucket": a literal S3 bucket name[^]*test\/Velero: target\.kmsKeyAlias = "key": a literal KMS key alias/,
    );
  });
});
