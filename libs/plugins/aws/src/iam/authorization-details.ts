import {
  GetLoginProfileCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListMFADevices,
  type AttachedPolicy,
  type GroupDetail,
  type ManagedPolicyDetail,
  type PolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type { DiscoveredItem } from '@strata/plugins-api';
import { mapBounded } from '../core/bounded';
import type { Collector, CollectorScope } from '../core/collector';
import { DeniedLookups, lookup } from '../core/lookup';
import { awsEdge, awsNode, isoDate, tagRecord, type AwsAccount } from '../core/resources';
import { grantsFullAdmin } from './policy-document';
import { trustedPrincipals } from './trust-policy';

/**
 * Users, groups, roles and customer managed policies from GetAccountAuthorizationDetails (one
 * paginated call instead of several per entity), plus each user's MFA devices. AWS managed
 * policies appear as nodes when something has them attached: there are over a thousand, and
 * only the attached ones say anything about this account.
 */
export const authorizationDetailsCollector: Collector = {
  what: 'IAM users, groups, roles and policies',
  async *collect(scope: CollectorScope): AsyncIterable<DiscoveredItem> {
    const { account, clients, region, call } = scope;
    const denied = new DeniedLookups();
    const groupArns = new Map<string, string>();
    const memberships: { userArn: string; groupName: string }[] = [];
    const seenPolicies = new Set<string>();
    const awsManaged = new Map<string, string>();
    const attach = function* (from: string, policies: readonly AttachedPolicy[] | undefined): Iterable<DiscoveredItem> {
      for (const policy of policies ?? []) {
        if (!policy.PolicyArn) continue;
        if (policy.PolicyArn.startsWith(`arn:${account.partition}:iam::aws:`)) awsManaged.set(policy.PolicyArn, policy.PolicyName ?? policy.PolicyArn);
        yield awsEdge(from, 'has_policy', policy.PolicyArn);
      }
    };

    const pages = paginateGetAccountAuthorizationDetails(
      { client: clients.iam(region), pageSize: 1000 },
      { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'] },
      call,
    );
    for await (const page of pages) {
      for (const group of page.GroupDetailList ?? []) {
        if (!group.Arn) continue;
        if (group.GroupName) groupArns.set(group.GroupName, group.Arn);
        yield groupNode(account, { ...group, Arn: group.Arn });
        yield* attach(group.Arn, group.AttachedManagedPolicies);
      }
      for (const role of page.RoleDetailList ?? []) {
        if (!role.Arn) continue;
        yield roleNode(account, { ...role, Arn: role.Arn });
        yield* attach(role.Arn, role.AttachedManagedPolicies);
      }
      for (const policy of page.Policies ?? []) {
        if (!policy.Arn) continue;
        seenPolicies.add(policy.Arn);
        yield policyNode(account, { ...policy, Arn: policy.Arn });
      }
      const users = (page.UserDetailList ?? []).filter((user): user is UserDetail & { Arn: string } => !!user.Arn);
      const credentials = await mapBounded(users, scope.lookups, async (user) => {
        const [mfa, login] = await Promise.all([
          lookup(async () => {
            let count = 0;
            for await (const devices of paginateListMFADevices({ client: clients.iam(region) }, { UserName: user.UserName }, call)) count += devices.MFADevices?.length ?? 0;
            return count;
          }, ['NoSuchEntity']),
          // IAM answers NoSuchEntity for a user without a console password.
          lookup(() => clients.iam(region).send(new GetLoginProfileCommand({ UserName: user.UserName }), call), ['NoSuchEntity']),
        ]);
        return { mfa: denied.note('MFA devices', mfa), login: denied.note('console passwords', login) };
      });
      for (const [index, user] of users.entries()) {
        const { mfa, login } = credentials[index] ?? {};
        yield userNode(account, user, mfa?.status === 'found' ? mfa.value : undefined, login === undefined || login.status === 'denied' ? undefined : login.status === 'found');
        yield* attach(user.Arn, user.AttachedManagedPolicies);
        for (const groupName of user.GroupList ?? []) memberships.push({ userArn: user.Arn, groupName });
      }
    }
    // Users name their groups, not the groups' ARNs (which hold a path): resolved once all are seen.
    for (const { userArn, groupName } of memberships) {
      const groupArn = groupArns.get(groupName);
      if (groupArn) yield awsEdge(userArn, 'member_of', groupArn);
    }
    for (const [policyArn, policyName] of awsManaged) {
      if (seenPolicies.has(policyArn)) continue;
      // Their documents are not read; of the AWS managed policies only AdministratorAccess allows `*` on `*`.
      const grantsAdmin = policyArn === `arn:${account.partition}:iam::aws:policy/AdministratorAccess`;
      yield awsNode({ id: policyArn, type: 'aws.iam.policy', name: policyName, account: account.accountId, attributes: { aws_managed: true, grants_admin: grantsAdmin } });
    }
    denied.report(scope.log, 'IAM users');
  },
};

function userNode(account: AwsAccount, user: UserDetail & { Arn: string }, mfaDevices: number | undefined, consoleAccess: boolean | undefined): DiscoveredItem {
  return awsNode({
    id: user.Arn,
    type: 'aws.iam.user',
    name: user.UserName ?? user.Arn,
    account: account.accountId,
    tags: tagRecord(user.Tags),
    attributes: {
      user_id: user.UserId,
      path: user.Path,
      create_date: isoDate(user.CreateDate),
      // Whether the user has a password to sign in to the console with.
      console_access: consoleAccess,
      mfa_enabled: mfaDevices === undefined ? undefined : mfaDevices > 0,
      mfa_device_count: mfaDevices,
      inline_policy_count: user.UserPolicyList?.length ?? 0,
      inline_grants_admin: inlineGrantsAdmin(user.UserPolicyList),
      attached_policy_count: user.AttachedManagedPolicies?.length ?? 0,
      groups: user.GroupList ?? [],
      permissions_boundary: user.PermissionsBoundary?.PermissionsBoundaryArn,
    },
  });
}

function groupNode(account: AwsAccount, group: GroupDetail & { Arn: string }): DiscoveredItem {
  return awsNode({
    id: group.Arn,
    type: 'aws.iam.group',
    name: group.GroupName ?? group.Arn,
    account: account.accountId,
    attributes: {
      group_id: group.GroupId,
      path: group.Path,
      create_date: isoDate(group.CreateDate),
      inline_policy_count: group.GroupPolicyList?.length ?? 0,
      inline_grants_admin: inlineGrantsAdmin(group.GroupPolicyList),
      attached_policy_count: group.AttachedManagedPolicies?.length ?? 0,
    },
  });
}

function roleNode(account: AwsAccount, role: RoleDetail & { Arn: string }): DiscoveredItem {
  const trusted = trustedPrincipals(role.AssumeRolePolicyDocument);
  return awsNode({
    id: role.Arn,
    type: 'aws.iam.role',
    name: role.RoleName ?? role.Arn,
    account: account.accountId,
    tags: tagRecord(role.Tags),
    attributes: {
      role_id: role.RoleId,
      path: role.Path,
      create_date: isoDate(role.CreateDate),
      trusted_services: trusted.services,
      trusted_principals: trusted.aws,
      trusted_federated: trusted.federated,
      last_used: isoDate(role.RoleLastUsed?.LastUsedDate),
      last_used_region: role.RoleLastUsed?.Region,
      instance_profiles: (role.InstanceProfileList ?? []).map((profile) => profile.InstanceProfileName).filter((name) => name !== undefined),
      inline_policy_count: role.RolePolicyList?.length ?? 0,
      inline_grants_admin: inlineGrantsAdmin(role.RolePolicyList),
      attached_policy_count: role.AttachedManagedPolicies?.length ?? 0,
      permissions_boundary: role.PermissionsBoundary?.PermissionsBoundaryArn,
    },
  });
}

/** Whether any inline policy allows `*` on `*` (`undefined` when none could be read but some could not). */
function inlineGrantsAdmin(policies: readonly PolicyDetail[] | undefined): boolean | undefined {
  const verdicts = (policies ?? []).map((policy) => grantsFullAdmin(policy.PolicyDocument));
  if (verdicts.includes(true)) return true;
  return verdicts.includes(undefined) ? undefined : false;
}

function policyNode(account: AwsAccount, policy: ManagedPolicyDetail & { Arn: string }): DiscoveredItem {
  const defaultVersion = (policy.PolicyVersionList ?? []).find((version) => version.IsDefaultVersion === true);
  return awsNode({
    id: policy.Arn,
    type: 'aws.iam.policy',
    name: policy.PolicyName ?? policy.Arn,
    account: account.accountId,
    attributes: {
      aws_managed: false,
      policy_id: policy.PolicyId,
      path: policy.Path,
      attachment_count: policy.AttachmentCount,
      is_attachable: policy.IsAttachable,
      default_version_id: policy.DefaultVersionId,
      // Whether the version in force allows every action on every resource.
      grants_admin: grantsFullAdmin(defaultVersion?.Document),
      create_date: isoDate(policy.CreateDate),
      update_date: isoDate(policy.UpdateDate),
    },
  });
}
