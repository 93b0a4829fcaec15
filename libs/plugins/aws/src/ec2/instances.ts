import { paginateDescribeInstances, type Instance } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import { EC2_INSTANCE_UTILIZATION, readUtilization, type Utilization } from '../cloudwatch';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, isoDate, nameFrom, tagRecord, type AwsAccount } from '../core/resources';

/** Instances, a page at a time: a page's running instances get their CloudWatch utilisation before they go out. */
export const instancesCollector: Collector = {
  what: 'EC2 instances',
  async *collect(scope: CollectorScope): AsyncIterable<DiscoveredItem> {
    const { account, region, clients, call } = scope;
    for await (const page of paginateDescribeInstances({ client: clients.ec2(region), pageSize: 1000 }, {}, call)) {
      const found = (page.Reservations ?? []).flatMap((reservation) =>
        (reservation.Instances ?? []).flatMap((instance) => (instance.InstanceId ? [{ owner: reservation.OwnerId ?? account.accountId, instance: { ...instance, InstanceId: instance.InstanceId } }] : [])),
      );
      const running = found.filter(({ instance }) => instance.State?.Name === 'running').map(({ instance }) => [instance.InstanceId, instance] as const);
      const utilization = await readUtilization(scope, EC2_INSTANCE_UTILIZATION, running);
      for (const { owner, instance } of found) yield* instanceItems(account, region, owner, instance, utilization.get(instance.InstanceId));
    }
  },
};

function* instanceItems(account: AwsAccount, region: string, owner: string, instance: Instance & { InstanceId: string }, utilization: Utilization | undefined): Iterable<DiscoveredItem> {
  const id = ec2Arn(account, region, 'instance', instance.InstanceId);
  const tags = tagRecord(instance.Tags);
  yield awsNode({
    id,
    type: 'aws.ec2.instance',
    name: nameFrom(tags, instance.InstanceId),
    account: owner,
    region,
    tags,
    attributes: {
      instance_id: instance.InstanceId,
      instance_type: instance.InstanceType,
      state: instance.State?.Name,
      availability_zone: instance.Placement?.AvailabilityZone,
      image_id: instance.ImageId,
      launch_time: isoDate(instance.LaunchTime),
      private_ip: instance.PrivateIpAddress,
      public_ip: instance.PublicIpAddress,
      platform: instance.PlatformDetails ?? instance.Platform ?? 'Linux/UNIX',
      architecture: instance.Architecture,
      iam_instance_profile_arn: instance.IamInstanceProfile?.Arn,
      monitoring: instance.Monitoring?.State,
      // IMDSv1 lets anything that can make the instance fetch a URL read its role's keys.
      imdsv2_required: instance.MetadataOptions?.HttpTokens === undefined ? undefined : instance.MetadataOptions.HttpTokens === 'required',
      utilization,
    },
  });
  if (instance.SubnetId) yield awsEdge(id, 'in_subnet', ec2Arn(account, region, 'subnet', instance.SubnetId));
  if (instance.VpcId) yield awsEdge(id, 'in_vpc', ec2Arn(account, region, 'vpc', instance.VpcId));
  const groups = new Set((instance.SecurityGroups ?? []).map((group) => group.GroupId).filter((groupId) => groupId !== undefined));
  for (const groupId of groups) yield awsEdge(id, 'uses', ec2Arn(account, region, 'security-group', groupId));
}
