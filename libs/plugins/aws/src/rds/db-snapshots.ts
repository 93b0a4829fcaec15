import { paginateDescribeDBClusterSnapshots, paginateDescribeDBSnapshots } from '@aws-sdk/client-rds';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { arn, awsEdge, awsNode, isoDate, tagRecord } from '../core/resources';

export const dbSnapshotsCollector: Collector = {
  what: 'RDS snapshots',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeDBSnapshots({ client: clients.rds(region), pageSize: 100 }, {}, call)) {
      for (const snapshot of page.DBSnapshots ?? []) {
        if (!snapshot.DBSnapshotArn) continue;
        const id = snapshot.DBSnapshotArn;
        yield awsNode({
          id,
          type: 'aws.rds.db_snapshot',
          name: snapshot.DBSnapshotIdentifier ?? id,
          account: account.accountId,
          region,
          tags: tagRecord(snapshot.TagList),
          attributes: {
            snapshot_type: snapshot.SnapshotType,
            status: snapshot.Status,
            encrypted: snapshot.Encrypted ?? false,
            engine: snapshot.Engine,
            allocated_storage_gb: snapshot.AllocatedStorage,
            db_instance_identifier: snapshot.DBInstanceIdentifier,
            create_time: isoDate(snapshot.SnapshotCreateTime),
          },
        });
        if (snapshot.DBInstanceIdentifier) yield awsEdge(id, 'snapshot_of', arn(account, 'rds', region, `db:${snapshot.DBInstanceIdentifier}`));
      }
    }
  },
};

export const dbClusterSnapshotsCollector: Collector = {
  what: 'RDS cluster snapshots',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeDBClusterSnapshots({ client: clients.rds(region), pageSize: 100 }, {}, call)) {
      for (const snapshot of page.DBClusterSnapshots ?? []) {
        if (!snapshot.DBClusterSnapshotArn) continue;
        const id = snapshot.DBClusterSnapshotArn;
        yield awsNode({
          id,
          type: 'aws.rds.db_cluster_snapshot',
          name: snapshot.DBClusterSnapshotIdentifier ?? id,
          account: account.accountId,
          region,
          tags: tagRecord(snapshot.TagList),
          attributes: {
            snapshot_type: snapshot.SnapshotType,
            status: snapshot.Status,
            encrypted: snapshot.StorageEncrypted ?? false,
            engine: snapshot.Engine,
            allocated_storage_gb: snapshot.AllocatedStorage,
            db_cluster_identifier: snapshot.DBClusterIdentifier,
            create_time: isoDate(snapshot.SnapshotCreateTime),
          },
        });
        if (snapshot.DBClusterIdentifier) yield awsEdge(id, 'snapshot_of', arn(account, 'rds', region, `cluster:${snapshot.DBClusterIdentifier}`));
      }
    }
  },
};
