import { paginateDescribeVolumes } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, isoDate, nameFrom, tagRecord } from '../core/resources';
import { volumeMonthlyCostUsd } from './ec2-pricing';

export const volumesCollector: Collector = {
  what: 'EBS volumes',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    for await (const page of paginateDescribeVolumes({ client: clients.ec2(region), pageSize: 1000 }, {}, call)) {
      for (const volume of page.Volumes ?? []) {
        if (!volume.VolumeId) continue;
        const id = ec2Arn(account, region, 'volume', volume.VolumeId);
        const tags = tagRecord(volume.Tags);
        yield awsNode({
          id,
          type: 'aws.ec2.volume',
          name: nameFrom(tags, volume.VolumeId),
          account: account.accountId,
          region,
          tags,
          attributes: {
            volume_id: volume.VolumeId,
            volume_type: volume.VolumeType,
            size_gb: volume.Size,
            // Absent only in answers from before EBS encryption existed: such a volume is not encrypted.
            encrypted: volume.Encrypted ?? false,
            kms_key_id: volume.KmsKeyId,
            state: volume.State,
            iops: volume.Iops,
            throughput: volume.Throughput,
            availability_zone: volume.AvailabilityZone,
            snapshot_id: volume.SnapshotId || undefined,
            create_time: isoDate(volume.CreateTime),
            monthly_cost_usd: volumeMonthlyCostUsd(volume.VolumeType, volume.Size),
          },
        });
        for (const attachment of volume.Attachments ?? []) {
          if (attachment.InstanceId) yield awsEdge(id, 'attached_to', ec2Arn(account, region, 'instance', attachment.InstanceId));
        }
        if (volume.KmsKeyId?.startsWith('arn:')) yield awsEdge(id, 'encrypted_with', volume.KmsKeyId);
      }
    }
  },
};
