import { paginateDescribeInternetGateways } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, nameFrom, tagRecord } from '../core/resources';

export const internetGatewaysCollector: Collector = {
  what: 'internet gateways',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeInternetGateways({ client: clients.ec2(region), pageSize: 1000 }, {}, call)) {
      for (const gateway of page.InternetGateways ?? []) {
        if (!gateway.InternetGatewayId) continue;
        const id = ec2Arn(account, region, 'internet-gateway', gateway.InternetGatewayId);
        const tags = tagRecord(gateway.Tags);
        const attachments = gateway.Attachments ?? [];
        yield awsNode({
          id,
          type: 'aws.ec2.internet_gateway',
          name: nameFrom(tags, gateway.InternetGatewayId),
          account: gateway.OwnerId ?? account.accountId,
          region,
          tags,
          attributes: { internet_gateway_id: gateway.InternetGatewayId, attached: attachments.length > 0 },
        });
        for (const attachment of attachments) if (attachment.VpcId) yield awsEdge(id, 'attached_to', ec2Arn(account, region, 'vpc', attachment.VpcId));
      }
    }
  },
};
