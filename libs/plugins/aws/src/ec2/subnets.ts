import { paginateDescribeSubnets } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, nameFrom, tagRecord } from '../core/resources';

export const subnetsCollector: Collector = {
  what: 'subnets',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeSubnets({ client: clients.ec2(region), pageSize: 1000 }, {}, call)) {
      for (const subnet of page.Subnets ?? []) {
        if (!subnet.SubnetId) continue;
        const id = ec2Arn(account, region, 'subnet', subnet.SubnetId);
        const tags = tagRecord(subnet.Tags);
        yield awsNode({
          id,
          type: 'aws.ec2.subnet',
          name: nameFrom(tags, subnet.SubnetId),
          account: subnet.OwnerId ?? account.accountId,
          region,
          tags,
          attributes: {
            subnet_id: subnet.SubnetId,
            cidr_block: subnet.CidrBlock,
            availability_zone: subnet.AvailabilityZone,
            map_public_ip_on_launch: subnet.MapPublicIpOnLaunch ?? false,
            default_for_az: subnet.DefaultForAz ?? false,
            available_ip_address_count: subnet.AvailableIpAddressCount,
            state: subnet.State,
          },
        });
        if (subnet.VpcId) yield awsEdge(id, 'in_vpc', ec2Arn(account, region, 'vpc', subnet.VpcId));
      }
    }
  },
};
