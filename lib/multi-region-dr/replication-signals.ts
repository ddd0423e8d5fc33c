import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** One replication metric of a data store, with the bound the budget assumes for it. */
export interface ReplicationSignal {
  readonly store: 's3' | 'dynamodb' | 'aurora';
  /** Physical name of the store. */
  readonly storeName: string;
  /** The region that receives the replica. */
  readonly destinationRegion: string;
  /** The metric, in the region that publishes it. */
  readonly metric: cloudwatch.IMetric;
  /** The lag the RPO budget assumes, in the metric's own unit: alert when the metric exceeds it. */
  readonly threshold: number;
  /** Unit of the metric and the threshold (S3 publishes seconds; DynamoDB and Aurora milliseconds). */
  readonly unit: 'seconds' | 'milliseconds';
}

/** What the monitoring construct sees of a region's replication. */
export interface IReplicationSignals {
  /** The region whose stacks publish (or whose stores receive) these metrics. */
  readonly region: string;
  readonly signals: readonly ReplicationSignal[];
}
