import { paginateDescribeRouteTables } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, nameFrom, tagRecord } from '../core/resources';

export const routeTablesCollector: Collector = {
  what: 'route tables',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeRouteTables({ client: clients.ec2(region), pageSize: 100 }, {}, call)) {
      for (const table of page.RouteTables ?? []) {
        if (!table.RouteTableId) continue;
        const id = ec2Arn(account, region, 'route-table', table.RouteTableId);
        const tags = tagRecord(table.Tags);
        const routes = table.Routes ?? [];
        const internetGateways = new Set(routes.map((route) => route.GatewayId).filter((gateway) => gateway?.startsWith('igw-')));
        const natGateways = new Set(routes.map((route) => route.NatGatewayId).filter((gateway) => gateway !== undefined));
        yield awsNode({
          id,
          type: 'aws.ec2.route_table',
          name: nameFrom(tags, table.RouteTableId),
          account: table.OwnerId ?? account.accountId,
          region,
          tags,
          attributes: {
            route_table_id: table.RouteTableId,
            main: (table.Associations ?? []).some((association) => association.Main === true),
            route_count: routes.length,
            routes_to_internet: internetGateways.size > 0,
          },
        });
        if (table.VpcId) yield awsEdge(id, 'in_vpc', ec2Arn(account, region, 'vpc', table.VpcId));
        for (const association of table.Associations ?? []) {
          if (association.SubnetId) yield awsEdge(id, 'associated_with', ec2Arn(account, region, 'subnet', association.SubnetId));
        }
        for (const gateway of internetGateways) if (gateway) yield awsEdge(id, 'routes_to', ec2Arn(account, region, 'internet-gateway', gateway));
        for (const gateway of natGateways) if (gateway) yield awsEdge(id, 'routes_to', ec2Arn(account, region, 'natgateway', gateway));
      }
    }
  },
};
