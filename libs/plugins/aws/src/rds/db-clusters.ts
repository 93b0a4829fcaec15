import { paginateDescribeDBClusters } from '@aws-sdk/client-rds';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, isoDate, tagRecord } from '../core/resources';

export const dbClustersCollector: Collector = {
  what: 'RDS clusters',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeDBClusters({ client: clients.rds(region), pageSize: 100 }, {}, call)) {
      for (const cluster of page.DBClusters ?? []) {
        if (!cluster.DBClusterArn) continue;
        const id = cluster.DBClusterArn;
        yield awsNode({
          id,
          type: 'aws.rds.db_cluster',
          name: cluster.DBClusterIdentifier ?? id,
          account: account.accountId,
          region,
          tags: tagRecord(cluster.TagList),
          attributes: {
            engine: cluster.Engine,
            engine_version: cluster.EngineVersion,
            engine_mode: cluster.EngineMode,
            status: cluster.Status,
            encrypted: cluster.StorageEncrypted ?? false,
            multi_az: cluster.MultiAZ ?? false,
            deletion_protection: cluster.DeletionProtection ?? false,
            iam_auth_enabled: cluster.IAMDatabaseAuthenticationEnabled ?? false,
            backup_retention_days: cluster.BackupRetentionPeriod,
            member_count: cluster.DBClusterMembers?.length ?? 0,
            endpoint: cluster.Endpoint,
            port: cluster.Port,
            create_time: isoDate(cluster.ClusterCreateTime),
          },
        });
        for (const group of cluster.VpcSecurityGroups ?? []) {
          if (group.VpcSecurityGroupId) yield awsEdge(id, 'uses', ec2Arn(account, region, 'security-group', group.VpcSecurityGroupId));
        }
        if (cluster.KmsKeyId?.startsWith('arn:')) yield awsEdge(id, 'encrypted_with', cluster.KmsKeyId);
      }
    }
  },
};
