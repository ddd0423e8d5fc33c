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
const typeMeta = (kind) => ({ apiVersion: { const: 'velero.io/v1' }, kind: { const: kind }, metadata });

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
  Schedule: {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      ...typeMeta('Schedule'),
      spec: {
        type: 'object',
        additionalProperties: false,
        required: ['schedule', 'template'],
        properties: {
          schedule: { type: 'string', pattern: '^(@every \\S+|(\\S+\\s+){4}\\S+)$' },
          template: backupSpec,
          useOwnerReferencesInBackup: { type: 'boolean' },
          paused: { type: 'boolean' },
          skipImmediately: { type: 'boolean' },
        },
      },
    },
  },
  BackupStorageLocation: {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      ...typeMeta('BackupStorageLocation'),
      spec: {
        type: 'object',
        additionalProperties: false,
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
          credential: { type: 'object', additionalProperties: false, required: ['key'], properties: { name: { type: 'string' }, key: { type: 'string' } } },
          default: { type: 'boolean' },
          accessMode: { enum: ['ReadOnly', 'ReadWrite'] },
          backupSyncPeriod: goDuration,
          validationFrequency: goDuration,
        },
      },
    },
  },
  VolumeSnapshotLocation: {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      ...typeMeta('VolumeSnapshotLocation'),
      spec: {
        type: 'object',
        additionalProperties: false,
        required: ['provider'],
        properties: {
          provider: { type: 'string' },
          config: stringMap,
          credential: { type: 'object', additionalProperties: false, required: ['key'], properties: { name: { type: 'string' }, key: { type: 'string' } } },
        },
      },
    },
  },
};
