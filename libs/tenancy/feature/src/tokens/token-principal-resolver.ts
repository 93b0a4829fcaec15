import { Inject, Injectable } from '@nestjs/common';
import { Permissions, type Principal, type PrincipalResolver } from '@strata/platform-http';
import { tenantIdSchema } from '../tenants/tenant.schemas';
import { TenantsService } from '../tenants/tenants.service';
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

  async isUnknownTenant(tenantId: string): Promise<boolean> {
    if (this.knownTenants.has(tenantId) || !tenantIdSchema.safeParse(tenantId).success) return false;
    if ((await this.tenants.get(tenantId)) === undefined) return true;
    if (this.knownTenants.size >= MAX_KNOWN_TENANTS) this.knownTenants.clear();
    this.knownTenants.add(tenantId);
    return false;
  }

  async resolve(token: string): Promise<Principal | undefined> {
    const record = await this.store.findActiveByToken(token);
    if (!record) return undefined;
    const permissions = new Set(record.permissions);
    return {
      tokenId: record.id,
      tenantId: record.tenant_id,
      permissions,
      platformAdmin: record.tenant_id === null && permissions.has(Permissions.platformAdmin),
    };
  }
}
