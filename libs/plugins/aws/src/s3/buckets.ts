import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  type Bucket,
} from '@aws-sdk/client-s3';
import type { DiscoveredItem } from '@strata/plugins-api';
import { mapBounded } from '../core/bounded';
import type { Collector, CollectorScope } from '../core/collector';
import { DeniedLookups, found, lookup } from '../core/lookup';
import { awsEdge, awsNode, isoDate, tagRecord } from '../core/resources';

/**
 * Every bucket of the account (S3 lists them account-wide, whatever `regions` says), with the
 * settings audits look at: block public access, default encryption, versioning, whether its
 * policy makes it public. Each bucket's settings are read from its own region.
 */
export const bucketsCollector: Collector = {
  what: 'S3 buckets',
  async *collect(scope: CollectorScope): AsyncIterable<DiscoveredItem> {
    const denied = new DeniedLookups();
    for await (const page of paginateListBuckets({ client: scope.clients.s3(scope.region), pageSize: 1000 }, {}, scope.call)) {
      const buckets = (page.Buckets ?? []).filter((bucket): bucket is Bucket & { Name: string } => !!bucket.Name);
      const described = await mapBounded(buckets, scope.lookups, (bucket) => describeBucket(scope, bucket, denied));
      for (const items of described) yield* items;
    }
    denied.report(scope.log, 'S3 buckets');
  },
};

async function describeBucket(scope: CollectorScope, bucket: Bucket & { Name: string }, denied: DeniedLookups): Promise<DiscoveredItem[]> {
  const { account, clients, call } = scope;
  const Bucket = bucket.Name;
  const region = bucket.BucketRegion ?? (await bucketRegion(scope, Bucket, denied));
  const s3 = clients.s3(region);
  const [publicAccess, encryption, versioning, policyStatus, tagging] = await Promise.all([
    lookup(() => s3.send(new GetPublicAccessBlockCommand({ Bucket }), call), ['NoSuchPublicAccessBlockConfiguration']).then((r) => denied.note('public access block', r)),
    lookup(() => s3.send(new GetBucketEncryptionCommand({ Bucket }), call), ['ServerSideEncryptionConfigurationNotFoundError']).then((r) => denied.note('encryption', r)),
    lookup(() => s3.send(new GetBucketVersioningCommand({ Bucket }), call), []).then((r) => denied.note('versioning', r)),
    lookup(() => s3.send(new GetBucketPolicyStatusCommand({ Bucket }), call), ['NoSuchBucketPolicy']).then((r) => denied.note('policy status', r)),
    lookup(() => s3.send(new GetBucketTaggingCommand({ Bucket }), call), ['NoSuchTagSet']).then((r) => denied.note('tags', r)),
  ]);

  const block = found(publicAccess)?.PublicAccessBlockConfiguration;
  const blocked =
    publicAccess.status === 'denied'
      ? undefined
      : block?.BlockPublicAcls === true && block.IgnorePublicAcls === true && block.BlockPublicPolicy === true && block.RestrictPublicBuckets === true;
  const byDefault = found(encryption)?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
  const versioningStatus = versioning.status === 'found' ? (versioning.value.Status ?? 'Disabled') : undefined;
  const policyPublic = policyStatus.status === 'denied' ? undefined : (found(policyStatus)?.PolicyStatus?.IsPublic ?? false);

  const id = `arn:${account.partition}:s3:::${Bucket}`;
  const items: DiscoveredItem[] = [
    awsNode({
      id,
      type: 'aws.s3.bucket',
      name: Bucket,
      account: account.accountId,
      region,
      tags: tagRecord(found(tagging)?.TagSet),
      attributes: {
        creation_date: isoDate(bucket.CreationDate),
        // Bucket-level settings only; an account-wide block (S3 Control) is not read.
        public_access_blocked: blocked,
        public_access_block: block && {
          block_public_acls: block.BlockPublicAcls ?? false,
          ignore_public_acls: block.IgnorePublicAcls ?? false,
          block_public_policy: block.BlockPublicPolicy ?? false,
          restrict_public_buckets: block.RestrictPublicBuckets ?? false,
        },
        encrypted: encryption.status === 'denied' ? undefined : byDefault?.SSEAlgorithm !== undefined,
        encryption_algorithm: byDefault?.SSEAlgorithm,
        kms_key_id: byDefault?.KMSMasterKeyID,
        versioning: versioningStatus,
        versioning_enabled: versioningStatus === undefined ? undefined : versioningStatus === 'Enabled',
        mfa_delete: versioning.status === 'found' ? versioning.value.MFADelete === 'Enabled' : undefined,
        policy_public: policyPublic,
      },
    }),
  ];
  if (byDefault?.KMSMasterKeyID?.startsWith('arn:')) items.push(awsEdge(id, 'encrypted_with', byDefault.KMSMasterKeyID));
  return items;
}

/** For endpoints whose ListBuckets does not say each bucket's region (older S3-compatible ones). */
async function bucketRegion({ clients, region, call }: CollectorScope, Bucket: string, denied: DeniedLookups): Promise<string> {
  const location = denied.note('location', await lookup(() => clients.s3(region).send(new GetBucketLocationCommand({ Bucket }), call), []));
  const constraint = found(location)?.LocationConstraint as string | undefined;
  // No constraint means us-east-1; "EU" is the old name of eu-west-1.
  if (!constraint) return location.status === 'found' ? 'us-east-1' : region;
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}
