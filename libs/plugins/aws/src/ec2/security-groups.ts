import { paginateDescribeSecurityGroups } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, tagRecord } from '../core/resources';
import { ingressOpenToWorld } from './ingress-exposure';

export const securityGroupsCollector: Collector = {
  what: 'security groups',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeSecurityGroups({ client: clients.ec2(region), pageSize: 1000 }, {}, call)) {
      for (const group of page.SecurityGroups ?? []) {
        if (!group.GroupId) continue;
        const id = ec2Arn(account, region, 'security-group', group.GroupId);
        const exposure = ingressOpenToWorld(group.IpPermissions);
        yield awsNode({
          id,
          type: 'aws.ec2.security_group',
          name: group.GroupName ?? group.GroupId,
          account: group.OwnerId ?? account.accountId,
          region,
          tags: tagRecord(group.Tags),
          attributes: {
            group_id: group.GroupId,
            description: group.Description,
            ingress_open_to_world: exposure.ports,
            ingress_open_to_world_ranges: exposure.ranges,
            ingress_open_to_world_ipv4: exposure.ipv4Ports,
            ingress_open_to_world_ipv6: exposure.ipv6Ports,
            ingress_rule_count: group.IpPermissions?.length ?? 0,
            egress_rule_count: group.IpPermissionsEgress?.length ?? 0,
          },
        });
        if (group.VpcId) yield awsEdge(id, 'in_vpc', ec2Arn(account, region, 'vpc', group.VpcId));
      }
    }
  },
};
