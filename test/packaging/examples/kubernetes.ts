// The Kubernetes halves through the package: the README's ServiceMeshCanary example and the
// Velero objects of a vault (`resilience-constructs/encrypted-backup-vault/k8s`), plus the root
// (which re-exports the /k8s halves of MultiRegionDr and MonitoringStack too).
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Chart, Testing } from 'cdk8s';
import * as root from 'resilience-constructs';
import { BackupPolicy, EncryptedBackupVault } from 'resilience-constructs/encrypted-backup-vault';
import { VeleroBackups } from 'resilience-constructs/encrypted-backup-vault/k8s';
import { KubernetesMonitoring } from 'resilience-constructs/monitoring-stack/k8s';
import { MultiRegionDrCluster } from 'resilience-constructs/multi-region-dr/k8s';
import { CanaryStrategy, ServiceMeshCanary } from 'resilience-constructs/service-mesh-canary';
import { report } from './report';

const app = new App({ builtinCloudFormationValidation: false });
const stack = new Stack(app, 'Backups', { env: { account: '123456789012', region: 'us-east-1' } });
const vault = new EncryptedBackupVault(stack, 'Vault', {
  vaultName: 'payments-us-east-1',
  policy: BackupPolicy.seedTiers().withoutCopies(),
  breakGlassRoleArns: ['arn:aws:iam::123456789012:role/backup-break-glass'],
});

const chart = new Chart(Testing.app(), 'cluster', { disableResourceNameHashes: true });
new VeleroBackups(chart, 'Velero', { target: vault.clusterBackupTarget!, clusterName: 'payments-us-east-1' });
new ServiceMeshCanary(chart, 'Api', {
  name: 'api',
  namespace: 'api',
  image: 'registry.example.com/api:1.0.0',
  strategy: CanaryStrategy.seedProgressive(),
  authorization: { allowedServiceAccounts: ['web/frontend'] },
  // aws-cdk-lib's Duration, as everywhere else in the app (DurationLike).
  timeout: Duration.seconds(20),
});
const kinds: Record<string, number> = {};
for (const o of chart.toJson() as { kind: string }[]) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
report(app, { kinds, rootExportsTheSameClass: root.ServiceMeshCanary === ServiceMeshCanary && root.VeleroBackups === VeleroBackups
  && root.KubernetesMonitoring === KubernetesMonitoring && root.MultiRegionDrCluster === MultiRegionDrCluster });
