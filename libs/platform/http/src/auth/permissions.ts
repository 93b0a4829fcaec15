/**
 * Every permission a token can carry: the one list guards, token requests and the OpenAPI
 * document use. A module that needs a new one adds it here.
 */
export const Permissions = {
  jobsRead: 'jobs:read',
  jobsCreate: 'jobs:create',
  jobsCancel: 'jobs:cancel',
  credentialsRead: 'credentials:read',
  credentialsWrite: 'credentials:write',
  /** Tenant admin: issue, list and revoke the tenant's API tokens. */
  tokensWrite: 'tokens:write',
  nodesRead: 'nodes:read',
  /** Read the tenant's settings (general, scan policy). */
  settingsRead: 'settings:read',
  /** Change the tenant's settings. */
  settingsWrite: 'settings:write',
  /** Read findings, their summary and compliance posture. */
  findingsRead: 'findings:read',
  /** Mute and unmute findings, manage mute rules. */
  findingsWrite: 'findings:write',
  /** Create, change and delete a tenant's own rules. */
  rulesWrite: 'rules:write',
  /** Read the tenant's schedules. */
  schedulesRead: 'schedules:read',
  /** Create, change and delete the tenant's schedules. */
  schedulesWrite: 'schedules:write',
  /** See the tenant's webhooks (never their secrets). */
  webhooksRead: 'webhooks:read',
  /** Create, change, delete and test-deliver webhooks. */
  webhooksWrite: 'webhooks:write',
  /** See the tenant's notification channels (secrets only as hints) and its notification policy. */
  notificationsRead: 'notifications:read',
  /** Create, change, delete and test notification channels; change the notification policy. */
  notificationsWrite: 'notifications:write',
  /** Read the tenant's event feed (`GET /tenants/{t}/events`). */
  eventsRead: 'events:read',
  /** List, read and download the tenant's reports. */
  reportsRead: 'reports:read',
  /** Generate and delete reports. */
  reportsWrite: 'reports:write',
  /** Everything, in every tenant; only platform-wide tokens carry it. */
  platformAdmin: 'platform:admin',
} as const;

export type Permission = (typeof Permissions)[keyof typeof Permissions];

export const ALL_PERMISSIONS: readonly Permission[] = Object.freeze(Object.values(Permissions));

/** The permissions a tenant's token may be given (all but `platform:admin`). */
export const TENANT_PERMISSIONS: readonly Permission[] = Object.freeze(
  ALL_PERMISSIONS.filter((permission) => permission !== Permissions.platformAdmin),
);
