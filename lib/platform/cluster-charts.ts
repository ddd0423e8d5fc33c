import { App, Chart, YamlOutputType } from 'cdk8s';
import { RegionPlacement } from '../core';
import { ClusterBackupTarget, VeleroBackups } from '../encrypted-backup-vault/k8s';
import { Environment } from './environment-model';
import { clusterDnsAnnotations, regionalEndpointHostname, routedHostname } from './global-stack';
import { clusterName } from './naming';
import { addMeshChart, addServiceChart } from './service-mesh-chart';

/** What the AWS side hands to one cluster's charts. */
export interface ClusterInputs {
  readonly environment: Environment;
  readonly placement: RegionPlacement;
  /** Where Velero writes, from the region's backup vault. */
  readonly backupTarget?: ClusterBackupTarget;
}

/**
 * The Kubernetes manifests of one cluster (one environment in one region), one chart per file
 * `<outdir>/<chart>.k8s.yaml`: `backup` (Velero), `service-mesh` (mesh-wide objects: the east–west
 * gateway) and `service-<name>` for each service running in the region, so a GitOps tool can sync
 * and prune each service on its own and a change to one service shows in its file only.
 */
export function buildClusterApp(outdir: string, inputs: ClusterInputs): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART, outputFileExtension: '.k8s.yaml' });
  const { environment, placement } = inputs;
  const cluster = clusterName(environment.name, placement.region);
  if (inputs.backupTarget) {
    const chart = new Chart(app, 'backup', { disableResourceNameHashes: true });
    new VeleroBackups(chart, 'Velero', { target: inputs.backupTarget, clusterName: cluster });
  }
  addMeshChart(app, environment);
  const { dns } = environment;
  for (const service of environment.services.filter((s) => s.regions.includes(placement.region))) {
    const hostLabel = service.publication.publicOptions?.hostLabel;
    addServiceChart(app, environment, placement, service, hostLabel === undefined ? undefined : {
      hosts: [routedHostname(dns, hostLabel), regionalEndpointHostname(dns, hostLabel, placement.region)],
      credentialName: `${service.name}-tls`,
      dnsAnnotations: clusterDnsAnnotations(environment, dns, hostLabel, placement.region),
    });
  }
  return app;
}
