import type { Permission } from './permissions';

/** Who is calling: the token behind a request, resolved by a {@link PrincipalResolver}. */
export interface Principal {
  readonly tokenId: string;
  /** The tenant the token belongs to; `null` for a platform-wide token. */
  readonly tenantId: string | null;
  readonly permissions: ReadonlySet<string>;
  /** May do anything in any tenant. */
  readonly platformAdmin: boolean;
}

/** Turns a bearer token into a principal. Implemented by the tenancy context, which owns tokens. */
export interface PrincipalResolver {
  /**
   * Undefined for an unknown, revoked or malformed token: all answered with the same 401. May
   * answer at once, without a promise (from a cache): the guard then decides without awaiting.
   */
  resolve(token: string): Principal | undefined | Promise<Principal | undefined>;
  /**
   * True when `tenantId` is a well-formed tenant id that no tenant has (a malformed one is left to
   * the route's validation, which answers 400). Asked only for callers that may act in any tenant
   * (a tenant's own token implies its tenant), so that every tenant-scoped route answers 404
   * `tenant_not_found` for a tenant nobody created rather than, say, an empty list. Without it, no
   * route checks. May answer at once, as `resolve` may.
   */
  isUnknownTenant?(tenantId: string): boolean | Promise<boolean>;
}

/** DI token under which the root module provides its {@link PrincipalResolver}. */
export const PRINCIPAL_RESOLVER = Symbol.for('strata:PrincipalResolver');

export function principalHasPermission(principal: Principal, permission: Permission): boolean {
  return principal.platformAdmin || principal.permissions.has(permission);
}

/** Platform admins and platform-wide tokens may act in any tenant; others only in their own. */
export function principalMayActInTenant(principal: Principal, tenantId: string): boolean {
  return principal.platformAdmin || principal.tenantId === null || principal.tenantId === tenantId;
}
