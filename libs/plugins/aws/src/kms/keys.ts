import { DescribeKeyCommand, GetKeyRotationStatusCommand, paginateListAliases, paginateListKeys, paginateListResourceTags, type KeyMetadata } from '@aws-sdk/client-kms';
import type { DiscoveredItem } from '@strata/plugins-api';
import { mapBounded } from '../core/bounded';
import type { Collector, CollectorScope } from '../core/collector';
import { DeniedLookups, found, lookup } from '../core/lookup';
import { awsNode, isoDate, type AwsAccount } from '../core/resources';

/**
 * Keys with their state, aliases and (for customer managed symmetric keys, the only ones that
 * rotate) whether automatic rotation is on. AWS managed keys are kept: resources point at them.
 */
export const keysCollector: Collector = {
  what: 'KMS keys',
  async *collect(scope: CollectorScope): AsyncIterable<DiscoveredItem> {
    const { account, region, clients, call } = scope;
    const kms = clients.kms(region);
    const denied = new DeniedLookups();
    const aliases = new Map<string, string[]>();
    for await (const page of paginateListAliases({ client: kms, pageSize: 100 }, {}, call)) {
      for (const alias of page.Aliases ?? []) {
        if (alias.TargetKeyId && alias.AliasName) aliases.set(alias.TargetKeyId, [...(aliases.get(alias.TargetKeyId) ?? []), alias.AliasName]);
      }
    }
    for await (const page of paginateListKeys({ client: kms, pageSize: 100 }, {}, call)) {
      const keys = await mapBounded(page.Keys ?? [], scope.lookups, async ({ KeyId }) => {
        const { KeyMetadata: key } = await kms.send(new DescribeKeyCommand({ KeyId }), call);
        if (!key?.Arn || !key.KeyId) return undefined;
        const customer = key.KeyManager === 'CUSTOMER';
        const rotates = customer && key.KeySpec === 'SYMMETRIC_DEFAULT' && key.Origin === 'AWS_KMS' && key.KeyState !== 'PendingDeletion';
        const [rotation, tags] = await Promise.all([
          // A key whose state changed since it was listed answers with these; its rotation is then unknown.
          rotates
            ? lookup(() => kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }), call), ['KMSInvalidStateException', 'UnsupportedOperationException', 'NotFoundException']).then((r) =>
                denied.note('rotation status', r),
              )
            : undefined,
          customer ? lookup(() => listTags(scope, key.KeyId!), []).then((r) => denied.note('tags', r)) : undefined,
        ]);
        return { key: { ...key, Arn: key.Arn }, rotationEnabled: rotation && found(rotation)?.KeyRotationEnabled, tags: (tags && found(tags)) ?? {} };
      });
      for (const described of keys) if (described) yield keyNode(account, region, described.key, aliases.get(described.key.KeyId!) ?? [], described.rotationEnabled, described.tags);
    }
    denied.report(scope.log, 'KMS keys');
  },
};

async function listTags({ clients, region, call }: CollectorScope, KeyId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListResourceTags({ client: clients.kms(region) }, { KeyId }, call)) {
    for (const tag of page.Tags ?? []) if (tag.TagKey !== undefined) tags[tag.TagKey] = tag.TagValue ?? '';
  }
  return tags;
}

function keyNode(account: AwsAccount, region: string, key: KeyMetadata & { Arn: string }, aliases: string[], rotationEnabled: boolean | undefined, tags: Record<string, string>): DiscoveredItem {
  return awsNode({
    id: key.Arn,
    type: 'aws.kms.key',
    name: aliases[0] ?? key.KeyId ?? key.Arn,
    account: key.AWSAccountId ?? account.accountId,
    region,
    tags,
    attributes: {
      key_id: key.KeyId,
      aliases: [...aliases].sort(),
      key_manager: key.KeyManager,
      key_state: key.KeyState,
      enabled: key.Enabled ?? false,
      key_spec: key.KeySpec,
      key_usage: key.KeyUsage,
      origin: key.Origin,
      multi_region: key.MultiRegion ?? false,
      rotation_enabled: rotationEnabled,
      creation_date: isoDate(key.CreationDate),
      deletion_date: isoDate(key.DeletionDate),
      description: key.Description || undefined,
    },
  });
}
