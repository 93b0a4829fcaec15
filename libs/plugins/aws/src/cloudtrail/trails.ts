import { DescribeTrailsCommand, GetTrailStatusCommand, paginateListTags, paginateListTrails, type Trail } from '@aws-sdk/client-cloudtrail';
import type { DiscoveredItem } from '@strata/plugins-api';
import { mapBounded } from '../core/bounded';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, isoDate, tagRecord } from '../core/resources';

// ListTags takes at most 20 trail ARNs per call.
const TAGS_PER_CALL = 20;

/**
 * The trails whose home is this region (a multi-region trail shows in every region; it is
 * counted once, where it lives), whether each is logging, and where it writes.
 */
export const trailsCollector: Collector = {
  what: 'CloudTrail trails',
  async *collect(scope: CollectorScope): AsyncIterable<DiscoveredItem> {
    const { account, region, clients, call } = scope;
    const cloudtrail = clients.cloudtrail(region);
    const arns: string[] = [];
    for await (const page of paginateListTrails({ client: cloudtrail }, {}, call)) {
      for (const trail of page.Trails ?? []) if (trail.TrailARN && trail.HomeRegion === region) arns.push(trail.TrailARN);
    }
    if (arns.length === 0) return;
    const { trailList = [] } = await cloudtrail.send(new DescribeTrailsCommand({ trailNameList: arns, includeShadowTrails: false }), call);
    const trails = trailList.filter((trail): trail is Trail & { TrailARN: string } => !!trail.TrailARN);
    const statuses = await mapBounded(trails, scope.lookups, (trail) => cloudtrail.send(new GetTrailStatusCommand({ Name: trail.TrailARN }), call));
    const tags = new Map<string, Record<string, string>>();
    for (let start = 0; start < arns.length; start += TAGS_PER_CALL) {
      for await (const page of paginateListTags({ client: cloudtrail }, { ResourceIdList: arns.slice(start, start + TAGS_PER_CALL) }, call)) {
        for (const resource of page.ResourceTagList ?? []) if (resource.ResourceId) tags.set(resource.ResourceId, tagRecord(resource.TagsList));
      }
    }
    for (const [index, trail] of trails.entries()) {
      const id = trail.TrailARN;
      const status = statuses[index];
      yield awsNode({
        id,
        type: 'aws.cloudtrail.trail',
        name: trail.Name ?? id,
        account: account.accountId,
        region,
        tags: tags.get(id) ?? {},
        attributes: {
          is_logging: status?.IsLogging ?? false,
          multi_region: trail.IsMultiRegionTrail ?? false,
          organization_trail: trail.IsOrganizationTrail ?? false,
          include_global_service_events: trail.IncludeGlobalServiceEvents ?? false,
          log_file_validation: trail.LogFileValidationEnabled ?? false,
          s3_bucket_name: trail.S3BucketName,
          kms_key_id: trail.KmsKeyId,
          encrypted: trail.KmsKeyId !== undefined,
          cloudwatch_logs: trail.CloudWatchLogsLogGroupArn !== undefined,
          latest_delivery_time: isoDate(status?.LatestDeliveryTime),
          latest_delivery_error: status?.LatestDeliveryError || undefined,
        },
      });
      if (trail.S3BucketName) yield awsEdge(id, 'writes_to', `arn:${account.partition}:s3:::${trail.S3BucketName}`);
      if (trail.KmsKeyId?.startsWith('arn:')) yield awsEdge(id, 'encrypted_with', trail.KmsKeyId);
    }
  },
};
