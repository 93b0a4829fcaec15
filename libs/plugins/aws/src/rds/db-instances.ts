import { paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import type { DiscoveredItem } from '@strata/plugins-api';
import { RDS_INSTANCE_UTILIZATION, readUtilization } from '../cloudwatch';
import type { Collector, CollectorScope } from '../core/collector';
import { arn, awsEdge, awsNode, ec2Arn, isoDate, tagRecord } from '../core/resources';

/** DB instances, a page at a time: a page's available instances get their CloudWatch utilisation before they go out. */
export const dbInstancesCollector: Collector = {
  what: 'RDS instances',
  async *collect(scope: CollectorScope): AsyncIterable<DiscoveredItem> {
    const { account, region, clients, call } = scope;
    for await (const page of paginateDescribeDBInstances({ client: clients.rds(region), pageSize: 100 }, {}, call)) {
      const available = (page.DBInstances ?? []).flatMap((db) => (db.DBInstanceStatus === 'available' && db.DBInstanceArn && db.DBInstanceIdentifier ? [[db.DBInstanceArn, { ...db, DBInstanceIdentifier: db.DBInstanceIdentifier }] as const] : []));
      const utilization = await readUtilization(scope, RDS_INSTANCE_UTILIZATION, available);
      for (const db of page.DBInstances ?? []) {
        if (!db.DBInstanceArn) continue;
        const id = db.DBInstanceArn;
        yield awsNode({
          id,
          type: 'aws.rds.db_instance',
          name: db.DBInstanceIdentifier ?? id,
          account: account.accountId,
          region,
          tags: tagRecord(db.TagList),
          attributes: {
            engine: db.Engine,
            engine_version: db.EngineVersion,
            instance_class: db.DBInstanceClass,
            status: db.DBInstanceStatus,
            encrypted: db.StorageEncrypted ?? false,
            publicly_accessible: db.PubliclyAccessible ?? false,
            multi_az: db.MultiAZ ?? false,
            allocated_storage_gb: db.AllocatedStorage,
            storage_type: db.StorageType,
            backup_retention_days: db.BackupRetentionPeriod,
            deletion_protection: db.DeletionProtection ?? false,
            iam_auth_enabled: db.IAMDatabaseAuthenticationEnabled ?? false,
            auto_minor_version_upgrade: db.AutoMinorVersionUpgrade,
            endpoint: db.Endpoint?.Address,
            port: db.Endpoint?.Port,
            availability_zone: db.AvailabilityZone,
            create_time: isoDate(db.InstanceCreateTime),
            utilization: utilization.get(id),
          },
        });
        const subnetGroup = db.DBSubnetGroup;
        if (subnetGroup?.VpcId) yield awsEdge(id, 'in_vpc', ec2Arn(account, region, 'vpc', subnetGroup.VpcId));
        for (const subnet of subnetGroup?.Subnets ?? []) {
          if (subnet.SubnetIdentifier) yield awsEdge(id, 'in_subnet', ec2Arn(account, region, 'subnet', subnet.SubnetIdentifier));
        }
        for (const group of db.VpcSecurityGroups ?? []) {
          if (group.VpcSecurityGroupId) yield awsEdge(id, 'uses', ec2Arn(account, region, 'security-group', group.VpcSecurityGroupId));
        }
        if (db.DBClusterIdentifier) yield awsEdge(id, 'member_of', arn(account, 'rds', region, `cluster:${db.DBClusterIdentifier}`));
        if (db.KmsKeyId?.startsWith('arn:')) yield awsEdge(id, 'encrypted_with', db.KmsKeyId);
      }
    }
  },
};
