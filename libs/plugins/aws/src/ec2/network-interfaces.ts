import { paginateDescribeNetworkInterfaces } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { arn, awsEdge, awsNode, ec2Arn, nameFrom, tagRecord } from '../core/resources';

// An ELBv2 load balancer's interfaces say whose they are: "ELB app/<name>/<id>" (or net/, gwy/).
const LOAD_BALANCER_DESCRIPTION = /^ELB ((?:app|net|gwy)\/[^/\s]+\/[0-9a-f]+)$/;

export const networkInterfacesCollector: Collector = {
  what: 'network interfaces',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeNetworkInterfaces({ client: clients.ec2(region), pageSize: 1000 }, {}, call)) {
      for (const eni of page.NetworkInterfaces ?? []) {
        if (!eni.NetworkInterfaceId) continue;
        const id = ec2Arn(account, region, 'network-interface', eni.NetworkInterfaceId);
        const tags = tagRecord(eni.TagSet);
        yield awsNode({
          id,
          type: 'aws.ec2.network_interface',
          name: nameFrom(tags, eni.NetworkInterfaceId),
          account: eni.OwnerId ?? account.accountId,
          region,
          tags,
          attributes: {
            network_interface_id: eni.NetworkInterfaceId,
            interface_type: eni.InterfaceType,
            status: eni.Status,
            description: eni.Description || undefined,
            private_ip: eni.PrivateIpAddress,
            public_ip: eni.Association?.PublicIp,
            availability_zone: eni.AvailabilityZone,
            requester_managed: eni.RequesterManaged ?? false,
            source_dest_check: eni.SourceDestCheck,
          },
        });
        if (eni.SubnetId) yield awsEdge(id, 'in_subnet', ec2Arn(account, region, 'subnet', eni.SubnetId));
        for (const group of eni.Groups ?? []) if (group.GroupId) yield awsEdge(id, 'uses', ec2Arn(account, region, 'security-group', group.GroupId));
        if (eni.Attachment?.InstanceId) yield awsEdge(id, 'attached_to', ec2Arn(account, region, 'instance', eni.Attachment.InstanceId));
        const loadBalancer = LOAD_BALANCER_DESCRIPTION.exec(eni.Description ?? '')?.[1];
        if (loadBalancer) yield awsEdge(id, 'attached_to', arn(account, 'elasticloadbalancing', region, `loadbalancer/${loadBalancer}`));
      }
    }
  },
};
