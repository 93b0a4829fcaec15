import { DescribeClusterCommand, DescribeNodegroupCommand, paginateListClusters, paginateListNodegroups, type Cluster, type Nodegroup } from '@aws-sdk/client-eks';
import type { DiscoveredItem } from '@strata/plugins-api';
import { mapBounded } from '../core/bounded';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, isoDate, type AwsAccount } from '../core/resources';

/** Clusters and their managed node groups (`node group part_of cluster`). */
export const clustersCollector: Collector = {
  what: 'EKS clusters',
  async *collect(scope: CollectorScope): AsyncIterable<DiscoveredItem> {
    const { account, region, clients, call } = scope;
    const eks = clients.eks(region);
    for await (const page of paginateListClusters({ client: eks, pageSize: 100 }, {}, call)) {
      const clusters = await mapBounded(page.clusters ?? [], scope.lookups, async (name) => {
        const { cluster } = await eks.send(new DescribeClusterCommand({ name }), call);
        const groupNames: string[] = [];
        for await (const groups of paginateListNodegroups({ client: eks, pageSize: 100 }, { clusterName: name }, call)) groupNames.push(...(groups.nodegroups ?? []));
        const nodegroups = await mapBounded(groupNames, scope.lookups, async (nodegroupName) => {
          const { nodegroup } = await eks.send(new DescribeNodegroupCommand({ clusterName: name, nodegroupName }), call);
          return nodegroup;
        });
        return { cluster, nodegroups };
      });
      for (const { cluster, nodegroups } of clusters) {
        if (!cluster?.arn) continue;
        yield* clusterItems(account, region, cluster as Cluster & { arn: string });
        for (const nodegroup of nodegroups) if (nodegroup?.nodegroupArn) yield* nodegroupItems(account, region, cluster.arn, nodegroup as Nodegroup & { nodegroupArn: string });
      }
    }
  },
};

function* clusterItems(account: AwsAccount, region: string, cluster: Cluster & { arn: string }): Iterable<DiscoveredItem> {
  const id = cluster.arn;
  const network = cluster.resourcesVpcConfig;
  yield awsNode({
    id,
    type: 'aws.eks.cluster',
    name: cluster.name ?? id,
    account: account.accountId,
    region,
    tags: cluster.tags ?? {},
    attributes: {
      version: cluster.version,
      platform_version: cluster.platformVersion,
      status: cluster.status,
      endpoint_public_access: network?.endpointPublicAccess,
      endpoint_private_access: network?.endpointPrivateAccess,
      public_access_cidrs: network?.publicAccessCidrs,
      secrets_encrypted: (cluster.encryptionConfig ?? []).some((config) => (config.resources ?? []).includes('secrets')),
      enabled_log_types: (cluster.logging?.clusterLogging ?? []).filter((setup) => setup.enabled).flatMap((setup) => setup.types ?? []),
      created_at: isoDate(cluster.createdAt),
    },
  });
  if (network?.vpcId) yield awsEdge(id, 'in_vpc', ec2Arn(account, region, 'vpc', network.vpcId));
  for (const subnetId of network?.subnetIds ?? []) yield awsEdge(id, 'in_subnet', ec2Arn(account, region, 'subnet', subnetId));
  const groups = new Set([...(network?.securityGroupIds ?? []), ...(network?.clusterSecurityGroupId ? [network.clusterSecurityGroupId] : [])]);
  for (const groupId of groups) yield awsEdge(id, 'uses', ec2Arn(account, region, 'security-group', groupId));
  if (cluster.roleArn) yield awsEdge(id, 'assumes', cluster.roleArn);
}

function* nodegroupItems(account: AwsAccount, region: string, clusterArn: string, nodegroup: Nodegroup & { nodegroupArn: string }): Iterable<DiscoveredItem> {
  const id = nodegroup.nodegroupArn;
  yield awsNode({
    id,
    type: 'aws.eks.nodegroup',
    name: nodegroup.nodegroupName ?? id,
    account: account.accountId,
    region,
    tags: nodegroup.tags ?? {},
    attributes: {
      cluster_name: nodegroup.clusterName,
      status: nodegroup.status,
      version: nodegroup.version,
      capacity_type: nodegroup.capacityType,
      instance_types: nodegroup.instanceTypes,
      ami_type: nodegroup.amiType,
      desired_size: nodegroup.scalingConfig?.desiredSize,
      min_size: nodegroup.scalingConfig?.minSize,
      max_size: nodegroup.scalingConfig?.maxSize,
      created_at: isoDate(nodegroup.createdAt),
    },
  });
  yield awsEdge(id, 'part_of', clusterArn);
  for (const subnetId of nodegroup.subnets ?? []) yield awsEdge(id, 'in_subnet', ec2Arn(account, region, 'subnet', subnetId));
  if (nodegroup.nodeRole) yield awsEdge(id, 'assumes', nodegroup.nodeRole);
}
