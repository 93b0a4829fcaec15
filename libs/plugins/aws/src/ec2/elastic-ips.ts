import { DescribeAddressesCommand } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, nameFrom, tagRecord } from '../core/resources';
import { PUBLIC_IPV4_MONTHLY_USD } from './ec2-pricing';

export const elasticIpsCollector: Collector = {
  what: 'Elastic IPs',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    // DescribeAddresses is not paginated: it answers with every address of the region.
    const { Addresses = [] } = await clients.ec2(region).send(new DescribeAddressesCommand({}), call);
    for (const address of Addresses) {
      const key = address.AllocationId ?? address.PublicIp;
      if (!key) continue;
      const id = ec2Arn(account, region, 'elastic-ip', key);
      const tags = tagRecord(address.Tags);
      const associated = address.AssociationId !== undefined || address.InstanceId !== undefined || address.NetworkInterfaceId !== undefined;
      yield awsNode({
        id,
        type: 'aws.ec2.elastic_ip',
        name: nameFrom(tags, address.PublicIp ?? key),
        account: address.NetworkInterfaceOwnerId ?? account.accountId,
        region,
        tags,
        attributes: {
          allocation_id: address.AllocationId,
          public_ip: address.PublicIp,
          domain: address.Domain,
          associated,
          instance_id: address.InstanceId || undefined,
          network_interface_id: address.NetworkInterfaceId,
          private_ip: address.PrivateIpAddress,
          monthly_cost_usd: PUBLIC_IPV4_MONTHLY_USD,
        },
      });
      if (address.InstanceId) yield awsEdge(id, 'attached_to', ec2Arn(account, region, 'instance', address.InstanceId));
      if (address.NetworkInterfaceId) yield awsEdge(id, 'attached_to', ec2Arn(account, region, 'network-interface', address.NetworkInterfaceId));
    }
  },
};
