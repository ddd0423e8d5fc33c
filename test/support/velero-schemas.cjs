// JSON schemas of the Velero objects this library emits (velero.io/v1), written from Velero's CRDs.
// Strict: additionalProperties is false everywhere, so an unknown or misspelled field fails.
'use strict';

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const goDuration = { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$' };
const dnsLabel = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
const metadata = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'namespace'],
  properties: { name: dnsLabel, namespace: dnsLabel, labels: stringMap, annotations: stringMap },
};
/** A top-level Velero object of `kind` whose spec is `spec`. */
const veleroObject = (kind, spec) => ({
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: { apiVersion: { const: 'velero.io/v1' }, kind: { const: kind }, metadata, spec: { type: 'object', additionalProperties: false, ...spec } },
});
const credential = { type: 'object', additionalProperties: false, required: ['key'], properties: { name: { type: 'string' }, key: { type: 'string' } } };

const backupSpec = {
  type: 'object',
  additionalProperties: false,
  properties: {
    includedNamespaces: { type: 'array', items: { type: 'string' } },
    excludedNamespaces: { type: 'array', items: { type: 'string' } },
    includedResources: { type: 'array', items: { type: 'string' } },
    excludedResources: { type: 'array', items: { type: 'string' } },
    includeClusterResources: { type: ['boolean', 'null'] },
    labelSelector: {
      type: 'object',
      additionalProperties: false,
      properties: { matchLabels: stringMap, matchExpressions: { type: 'array' } },
    },
    snapshotVolumes: { type: ['boolean', 'null'] },
    ttl: goDuration,
    storageLocation: { type: 'string' },
    volumeSnapshotLocations: { type: 'array', items: { type: 'string' } },
    defaultVolumesToFsBackup: { type: ['boolean', 'null'] },
    snapshotMoveData: { type: ['boolean', 'null'] },
    csiSnapshotTimeout: goDuration,
    itemOperationTimeout: goDuration,
    metadata: { type: 'object', additionalProperties: false, properties: { labels: stringMap } },
  },
};

module.exports = {
  Schedule: veleroObject('Schedule', {
    required: ['schedule', 'template'],
    properties: {
      schedule: { type: 'string', pattern: '^(@every \\S+|(\\S+\\s+){4}\\S+)$' },
      template: backupSpec,
      useOwnerReferencesInBackup: { type: 'boolean' },
      paused: { type: 'boolean' },
      skipImmediately: { type: 'boolean' },
    },
  }),
  BackupStorageLocation: veleroObject('BackupStorageLocation', {
    required: ['provider', 'objectStorage'],
    properties: {
      provider: { type: 'string' },
      objectStorage: {
        type: 'object',
        additionalProperties: false,
        required: ['bucket'],
        properties: { bucket: { type: 'string', minLength: 3 }, prefix: { type: 'string' }, caCert: { type: 'string' } },
      },
      config: stringMap,
      credential,
      default: { type: 'boolean' },
      accessMode: { enum: ['ReadOnly', 'ReadWrite'] },
      backupSyncPeriod: goDuration,
      validationFrequency: goDuration,
    },
  }),
  VolumeSnapshotLocation: veleroObject('VolumeSnapshotLocation', {
    required: ['provider'],
    properties: { provider: { type: 'string' }, config: stringMap, credential },
  }),
};
