import { GetAccountPasswordPolicyCommand, type PasswordPolicy } from '@aws-sdk/client-iam';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { Collector, CollectorScope } from '../core/collector';
import { awsErrorCode } from '../core/aws-errors';
import { awsNode } from '../core/resources';

/** The synthetic id of an account's password policy, which has no ARN. */
export const passwordPolicyId = (partition: string, accountId: string): string => `arn:${partition}:iam::${accountId}:account-password-policy`;

/**
 * The account password policy, as one node whether or not it is set (`configured: false`
 * then), so "the account has no password policy" is a finding like any other.
 */
export const passwordPolicyCollector: Collector = {
  what: 'account password policy',
  async *collect({ account, clients, region, call }: CollectorScope): AsyncIterable<DiscoveredItem> {
    let policy: PasswordPolicy | undefined;
    try {
      policy = (await clients.iam(region).send(new GetAccountPasswordPolicyCommand({}), call)).PasswordPolicy;
    } catch (error) {
      // IAM's way of saying the account has none.
      if (awsErrorCode(error) !== 'NoSuchEntity') throw error;
    }
    yield awsNode({
      id: passwordPolicyId(account.partition, account.accountId),
      type: 'aws.iam.password_policy',
      name: 'Account password policy',
      account: account.accountId,
      attributes: {
        configured: policy !== undefined,
        minimum_password_length: policy?.MinimumPasswordLength,
        require_symbols: policy?.RequireSymbols,
        require_numbers: policy?.RequireNumbers,
        require_uppercase: policy?.RequireUppercaseCharacters,
        require_lowercase: policy?.RequireLowercaseCharacters,
        allow_users_to_change: policy?.AllowUsersToChangePassword,
        expire_passwords: policy?.ExpirePasswords,
        max_password_age_days: policy?.MaxPasswordAge,
        password_reuse_prevention: policy?.PasswordReusePrevention,
        hard_expiry: policy?.HardExpiry,
      },
    });
  },
};
