import { paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsNode, ec2Arn, nameFrom, tagRecord } from '../core/resources';

export const vpcsCollector: Collector = {
  what: 'VPCs',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeVpcs({ client: clients.ec2(region), pageSize: 1000 }, {}, call)) {
      for (const vpc of page.Vpcs ?? []) {
        if (!vpc.VpcId) continue;
        const tags = tagRecord(vpc.Tags);
        yield awsNode({
          id: ec2Arn(account, region, 'vpc', vpc.VpcId),
          type: 'aws.ec2.vpc',
          name: nameFrom(tags, vpc.VpcId),
          account: vpc.OwnerId ?? account.accountId,
          region,
          tags,
          attributes: {
            vpc_id: vpc.VpcId,
            cidr_block: vpc.CidrBlock,
            is_default: vpc.IsDefault ?? false,
            state: vpc.State,
            instance_tenancy: vpc.InstanceTenancy,
            dhcp_options_id: vpc.DhcpOptionsId,
          },
        });
      }
    }
  },
};
