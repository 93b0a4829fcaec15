import { GetAccessKeyLastUsedCommand, paginateListAccessKeys, paginateListUsers, type AccessKeyMetadata, type User } from '@aws-sdk/client-iam';
import type { DiscoveredItem } from '@strata/plugins-api';
import { mapBounded } from '../core/bounded';
import type { Collector, CollectorScope } from '../core/collector';
import { awsEdge, awsNode, isoDate } from '../core/resources';

/**
 * The synthetic id of an access key, which has no ARN: `arn:<partition>:iam::<account>:access-key/<access key id>`
 * (access key ids are unique across AWS, and not secret).
 */
export const accessKeyId = (partition: string, accountId: string, keyId: string): string => `arn:${partition}:iam::${accountId}:access-key/${keyId}`;

/** Every user's access keys, with when and where each was last used: `user has_access_key key`. */
export const accessKeysCollector: Collector = {
  what: 'IAM access keys',
  async *collect(scope: CollectorScope): AsyncIterable<DiscoveredItem> {
    const { account, clients, region, call } = scope;
    const iam = clients.iam(region);
    for await (const page of paginateListUsers({ client: iam, pageSize: 1000 }, {}, call)) {
      const users = (page.Users ?? []).filter((user): user is User & { Arn: string; UserName: string } => !!user.Arn && !!user.UserName);
      const keysPerUser = await mapBounded(users, scope.lookups, async (user) => {
        const keys: AccessKeyMetadata[] = [];
        for await (const keyPage of paginateListAccessKeys({ client: iam }, { UserName: user.UserName }, call)) keys.push(...(keyPage.AccessKeyMetadata ?? []));
        return Promise.all(
          keys.map(async (key) => ({ key, lastUsed: (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }), call)).AccessKeyLastUsed })),
        );
      });
      for (const [index, user] of users.entries()) {
        for (const { key, lastUsed } of keysPerUser[index] ?? []) {
          if (!key.AccessKeyId) continue;
          const id = accessKeyId(account.partition, account.accountId, key.AccessKeyId);
          yield awsNode({
            id,
            type: 'aws.iam.access_key',
            name: key.AccessKeyId,
            account: account.accountId,
            attributes: {
              user_name: user.UserName,
              status: key.Status,
              active: key.Status === 'Active',
              create_date: isoDate(key.CreateDate),
              last_used_date: isoDate(lastUsed?.LastUsedDate),
              // IAM answers "N/A" for a key that was never used.
              last_used_service: lastUsed?.ServiceName === 'N/A' ? undefined : lastUsed?.ServiceName,
              last_used_region: lastUsed?.Region === 'N/A' ? undefined : lastUsed?.Region,
              never_used: lastUsed?.LastUsedDate === undefined,
            },
          });
          yield awsEdge(user.Arn, 'has_access_key', id);
        }
      }
    }
  },
};
