import { Inject, Injectable } from '@nestjs/common';
import { Permissions, type Principal, type PrincipalResolver } from '@strata/platform-http';
import { tenantIdSchema } from '../tenants/tenant.schemas';
import { TenantsService } from '../tenants/tenants.service';
import type { ApiTokenRecord } from '../storage/tenancy-collections';
import { ApiTokenStore } from './api-token-store';

const MAX_KNOWN_TENANTS = 10_000;

/** Bearer token → principal, for the HTTP auth guard. Unknown and revoked tokens are both undefined. */
@Injectable()
export class TokenPrincipalResolver implements PrincipalResolver {
  constructor(
    @Inject(ApiTokenStore) private readonly store: ApiTokenStore,
    @Inject(TenantsService) private readonly tenants: TenantsService,
  ) {}

  /**
   * Tenants are never deleted, so one found once is remembered and costs platform-wide callers no
   * read on their later requests (bounded: forgotten all at once past {@link MAX_KNOWN_TENANTS}).
   */
  private readonly knownTenants = new Set<string>();

  /** At once (no promise) for a tenant already known or a malformed id. */
  isUnknownTenant(tenantId: string): boolean | Promise<boolean> {
    if (this.knownTenants.has(tenantId) || !tenantIdSchema.safeParse(tenantId).success) return false;
    return this.lookUpTenant(tenantId);
  }

  private async lookUpTenant(tenantId: string): Promise<boolean> {
    if ((await this.tenants.get(tenantId)) === undefined) return true;
    if (this.knownTenants.size >= MAX_KNOWN_TENANTS) this.knownTenants.clear();
    this.knownTenants.add(tenantId);
    return false;
  }

  /**
   * The principals of the token records the store answered with, by record: a token served from
   * the store's cache of live tokens is the same record for up to its TTL, so the same principal
   * (its permission set is not rebuilt on every request). Kept as long as the record is.
   */
  private readonly principals = new WeakMap<ApiTokenRecord, Principal>();

  /** At once (no promise) when the store has the token in its cache of live ones. */
  resolve(token: string): Principal | undefined | Promise<Principal | undefined> {
    const record = this.store.findActiveByToken(token);
    return record instanceof Promise ? record.then((found) => this.principalOf(found)) : this.principalOf(record);
  }

  private principalOf(record: ApiTokenRecord | undefined): Principal | undefined {
    if (!record) return undefined;
    let principal = this.principals.get(record);
    if (principal === undefined) {
      const permissions: ReadonlySet<string> = new Set(record.permissions);
      principal = Object.freeze({
        tokenId: record.id,
        tenantId: record.tenant_id,
        permissions,
        platformAdmin: record.tenant_id === null && permissions.has(Permissions.platformAdmin),
      });
      this.principals.set(record, principal);
    }
    return principal;
  }
}
