import { Template } from 'aws-cdk-lib/assertions';
import { ENVIRONMENTS } from '../../stacks/environments';
import { buildPlatform } from '../platform/support';

/**
 * Logical IDs of MultiRegionDr's stateful resources (keys, buckets, tables, clusters) are part of
 * the public contract: a changed ID makes CloudFormation replace the resource (a new key, an
 * empty bucket, a new database). The backup vault's are pinned in logical-ids.test.ts.
 */
const STATEFUL = ['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::S3::Bucket', 'AWS::DynamoDB::GlobalTable', 'AWS::RDS::GlobalCluster', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'];

const primary = (env: string, ids: Record<string, string>) => [
  `AWS::DynamoDB::GlobalTable Dr${env}Table${ids.table}`,
  `AWS::KMS::Alias Dr${env}KeyAlias${ids.alias}`,
  `AWS::KMS::Key Dr${env}Key${ids.key}`,
  ...(ids.runbookKey ? [`AWS::KMS::Key Dr${env}RunbookKey${ids.runbookKey}`] : []),
  `AWS::RDS::DBCluster Dr${env}Cluster${ids.cluster}`,
  `AWS::RDS::DBInstance Dr${env}ClusterReader${ids.reader}`,
  `AWS::RDS::DBInstance Dr${env}ClusterWriter${ids.writer}`,
  `AWS::RDS::GlobalCluster Dr${env}GlobalCluster${ids.global}`,
  `AWS::S3::Bucket Dr${env}AccessLogs${ids.logs}`,
  `AWS::S3::Bucket Dr${env}Bucket${ids.bucket}`,
];
const standby = (env: string, ids: Record<string, string>) => [
  `AWS::KMS::Alias Dr${env}KeyAlias${ids.alias}`,
  `AWS::KMS::Key Dr${env}Key${ids.key}`,
  `AWS::KMS::Key Dr${env}RunbookKey${ids.runbookKey}`,
  `AWS::S3::Bucket Dr${env}AccessLogs${ids.logs}`,
  `AWS::S3::Bucket Dr${env}Bucket${ids.bucket}`,
];
const STAGING = { alias: '9D0CD906', key: 'E12B340C', runbookKey: '8DFE9E5D', logs: 'CF2D9A22', bucket: '21D44744' };
const PROD = { alias: 'F0B0E58C', key: '0A332FB0', runbookKey: 'AB4C558E', logs: '50903010', bucket: '7939A879' };

const PINNED: Record<string, string[]> = {
  'Dev/UsEast1': primary('dev', { table: '52ACAF02', alias: '3BA0BAAE', key: '3BE53D5B', cluster: 'E7B3012C', reader: '976BBAC2', writer: 'B3BFACDB', global: '30669606', logs: '766FEFE8', bucket: 'A09496DD' }),
  'Staging/UsEast1': primary('staging', { ...STAGING, table: '1322B735', cluster: '133DFDAF', reader: '0F37968A', writer: '75705163', global: '63985762' }),
  'Staging/UsWest2': standby('staging', STAGING),
  'Staging/UsWest2Database': ['AWS::RDS::DBCluster DrstagingCluster14B061CC', 'AWS::RDS::DBInstance DrstagingInstanceCC777103'],
  'Prod/UsEast1': primary('prod', { ...PROD, table: '99381988', cluster: '3D26ACD3', reader: 'EAE63C2D', writer: 'DD74B9A5', global: '8CAEA54D' }),
  'Prod/UsWest2': standby('prod', PROD),
  'Prod/EuWest1': standby('prod', PROD),
  'Prod/UsWest2Database': ['AWS::RDS::DBCluster DrprodCluster02B7387B', 'AWS::RDS::DBInstance DrprodInstance971F8BB0'],
  'Prod/EuWest1Database': ['AWS::RDS::DBCluster DrprodCluster02B7387B', 'AWS::RDS::DBInstance DrprodInstance971F8BB0'],
};

test('logical IDs of the DR keys, buckets, tables and clusters are pinned in every environment\'s stacks', () => {
  // GIVEN the platform of this repository WHEN built THEN the stateful DR resources keep their IDs
  const platform = buildPlatform(ENVIRONMENTS);
  const actual = Object.fromEntries([...platform.stacks.values(), ...platform.drStacks.values()].map((stack) => {
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
    return [stack.node.path, Object.entries(resources).filter(([id, r]) => STATEFUL.includes(r.Type) && id.startsWith('Dr')).map(([id, r]) => `${r.Type} ${id}`).sort()];
  }));
  expect(actual).toEqual(PINNED);
});
