import { App, Chart, YamlOutputType } from 'cdk8s';
import { RegionPlacement } from '../lib/core';
import { ClusterBackupTarget, VeleroBackups } from '../lib/encrypted-backup-vault/k8s';
import { Environment } from './environment-model';
import { clusterDnsAnnotations, regionalEndpointHostname, routedHostname } from './global-stack';
import { clusterName } from './naming';
import { addServiceMeshChart } from './service-mesh-chart';

/** What the AWS side hands to one cluster's charts. */
export interface ClusterInputs {
  readonly environment: Environment;
  readonly placement: RegionPlacement;
  /** Where Velero writes, from the region's backup vault. */
  readonly backupTarget?: ClusterBackupTarget;
}

/**
 * The Kubernetes manifests of one cluster (one environment in one region): one chart per
 * capability, written to `<outdir>/<chart>.k8s.yaml`.
 */
export function buildClusterApp(outdir: string, inputs: ClusterInputs): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART, outputFileExtension: '.k8s.yaml' });
  const cluster = clusterName(inputs.environment.name, inputs.placement.region);
  if (inputs.backupTarget) {
    const chart = new Chart(app, 'backup', { disableResourceNameHashes: true });
    new VeleroBackups(chart, 'Velero', { target: inputs.backupTarget, clusterName: cluster });
  }
  const { dns } = inputs.environment;
  addServiceMeshChart(app, inputs.environment, inputs.placement, inputs.environment.serviceMesh, {
    hosts: [routedHostname(dns), regionalEndpointHostname(dns, inputs.placement.region)],
    credentialName: 'api-tls',
    dnsAnnotations: clusterDnsAnnotations(inputs.environment, dns, inputs.placement.region),
  });
  return app;
}
