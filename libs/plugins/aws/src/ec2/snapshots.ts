import { paginateDescribeSnapshots } from '@aws-sdk/client-ec2';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, ec2Arn, isoDate, nameFrom, tagRecord } from '../core/resources';

// Copied and imported snapshots name this placeholder as their source volume.
const NO_VOLUME = 'vol-ffffffff';

export const snapshotsCollector: Collector = {
  what: 'EBS snapshots',
  async *collect({ account, region, clients, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    // The account's own snapshots only: without OwnerIds the public ones of every account come too.
    for await (const page of paginateDescribeSnapshots({ client: clients.ec2(region), pageSize: 1000 }, { OwnerIds: ['self'] }, call)) {
      for (const snapshot of page.Snapshots ?? []) {
        if (!snapshot.SnapshotId) continue;
        const id = ec2Arn(account, region, 'snapshot', snapshot.SnapshotId);
        const tags = tagRecord(snapshot.Tags);
        yield awsNode({
          id,
          type: 'aws.ec2.snapshot',
          name: nameFrom(tags, snapshot.SnapshotId),
          account: snapshot.OwnerId ?? account.accountId,
          region,
          tags,
          attributes: {
            snapshot_id: snapshot.SnapshotId,
            volume_id: snapshot.VolumeId,
            volume_size_gb: snapshot.VolumeSize,
            encrypted: snapshot.Encrypted ?? false,
            state: snapshot.State,
            storage_tier: snapshot.StorageTier,
            start_time: isoDate(snapshot.StartTime),
            description: snapshot.Description || undefined,
          },
        });
        if (snapshot.VolumeId && snapshot.VolumeId !== NO_VOLUME) yield awsEdge(id, 'created_from', ec2Arn(account, region, 'volume', snapshot.VolumeId));
      }
    }
  },
};
