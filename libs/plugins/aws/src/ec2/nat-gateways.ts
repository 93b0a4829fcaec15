import { paginateDescribeNatGateways } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, isoDate, nameFrom, tagRecord } from '../core/resources';

export const natGatewaysCollector: Collector = {
  what: 'NAT gateways',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeNatGateways({ client: clients.ec2(region), pageSize: 1000 }, {}, call)) {
      for (const gateway of page.NatGateways ?? []) {
        if (!gateway.NatGatewayId) continue;
        const id = ec2Arn(account, region, 'natgateway', gateway.NatGatewayId);
        const tags = tagRecord(gateway.Tags);
        const address = gateway.NatGatewayAddresses?.[0];
        yield awsNode({
          id,
          type: 'aws.ec2.nat_gateway',
          name: nameFrom(tags, gateway.NatGatewayId),
          account: account.accountId,
          region,
          tags,
          attributes: {
            nat_gateway_id: gateway.NatGatewayId,
            state: gateway.State,
            connectivity_type: gateway.ConnectivityType,
            public_ip: address?.PublicIp,
            private_ip: address?.PrivateIp,
            create_time: isoDate(gateway.CreateTime),
          },
        });
        if (gateway.SubnetId) yield awsEdge(id, 'in_subnet', ec2Arn(account, region, 'subnet', gateway.SubnetId));
        if (gateway.VpcId) yield awsEdge(id, 'in_vpc', ec2Arn(account, region, 'vpc', gateway.VpcId));
      }
    }
  },
};
