import {
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DiscoveredItem } from '@strata/plugins-api';
import { LOAD_BALANCER_UTILIZATION, readUtilization, type Utilization } from '../cloudwatch';
import { mapBounded } from '../core/bounded';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, isoDate, tagRecord, type AwsAccount } from '../core/resources';

// DescribeTags takes at most 20 ARNs per call.
const TAGS_PER_CALL = 20;

/**
 * Application, network and gateway load balancers of a region (the active application and
 * network ones with their CloudWatch utilisation), and the instances they send traffic to
 * (through their target groups): `load balancer targets instance`.
 */
export const loadBalancersCollector: Collector = {
  what: 'load balancers',
  async *collect(scope: CollectorScope): AsyncIterable<DiscoveredItem> {
    const { account, region, clients, call } = scope;
    const client = clients.elbv2(region);
    for await (const page of paginateDescribeLoadBalancers({ client, pageSize: 400 }, {}, call)) {
      const balancers = (page.LoadBalancers ?? []).filter((balancer): balancer is LoadBalancer & { LoadBalancerArn: string } => !!balancer.LoadBalancerArn);
      const active = balancers.filter((balancer) => balancer.State?.Code === 'active').map((balancer) => [balancer.LoadBalancerArn, balancer] as const);
      const [tags, utilization] = await Promise.all([tagsOf(scope, balancers.map((balancer) => balancer.LoadBalancerArn)), readUtilization(scope, LOAD_BALANCER_UTILIZATION, active)]);
      for (const balancer of balancers) yield* loadBalancerItems(account, region, balancer, tags.get(balancer.LoadBalancerArn) ?? {}, utilization.get(balancer.LoadBalancerArn));
    }
    for await (const page of paginateDescribeTargetGroups({ client, pageSize: 400 }, {}, call)) {
      const groups = (page.TargetGroups ?? []).filter((group) => group.TargetType === 'instance' && group.TargetGroupArn && (group.LoadBalancerArns ?? []).length > 0);
      const targets = await mapBounded(groups, scope.lookups, async (group) => {
        const { TargetHealthDescriptions = [] } = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }), call);
        return TargetHealthDescriptions.map((description) => description.Target?.Id).filter((id) => id !== undefined);
      });
      for (const [index, group] of groups.entries()) {
        for (const balancerArn of group.LoadBalancerArns ?? []) {
          for (const instanceId of new Set(targets[index])) yield awsEdge(balancerArn, 'targets', ec2Arn(account, region, 'instance', instanceId));
        }
      }
    }
  },
};

function* loadBalancerItems(
  account: AwsAccount,
  region: string,
  balancer: LoadBalancer & { LoadBalancerArn: string },
  tags: Record<string, string>,
  utilization: Utilization | undefined,
): Iterable<DiscoveredItem> {
  const id = balancer.LoadBalancerArn;
  yield awsNode({
    id,
    type: 'aws.elbv2.load_balancer',
    name: balancer.LoadBalancerName ?? id,
    account: account.accountId,
    region,
    tags,
    attributes: {
      load_balancer_type: balancer.Type,
      scheme: balancer.Scheme,
      internet_facing: balancer.Scheme === 'internet-facing',
      state: balancer.State?.Code,
      dns_name: balancer.DNSName,
      ip_address_type: balancer.IpAddressType,
      created_time: isoDate(balancer.CreatedTime),
      utilization,
    },
  });
  if (balancer.VpcId) yield awsEdge(id, 'in_vpc', ec2Arn(account, region, 'vpc', balancer.VpcId));
  for (const zone of balancer.AvailabilityZones ?? []) if (zone.SubnetId) yield awsEdge(id, 'in_subnet', ec2Arn(account, region, 'subnet', zone.SubnetId));
  for (const groupId of balancer.SecurityGroups ?? []) yield awsEdge(id, 'uses', ec2Arn(account, region, 'security-group', groupId));
}

async function tagsOf({ clients, region, call, lookups }: CollectorScope, arns: readonly string[]): Promise<Map<string, Record<string, string>>> {
  const chunks: string[][] = [];
  for (let start = 0; start < arns.length; start += TAGS_PER_CALL) chunks.push(arns.slice(start, start + TAGS_PER_CALL));
  const answers = await mapBounded(chunks, lookups, (ResourceArns) => clients.elbv2(region).send(new DescribeTagsCommand({ ResourceArns }), call));
  const tags = new Map<string, Record<string, string>>();
  for (const { TagDescriptions = [] } of answers) {
    for (const description of TagDescriptions) if (description.ResourceArn) tags.set(description.ResourceArn, tagRecord(description.Tags));
  }
  return tags;
}
