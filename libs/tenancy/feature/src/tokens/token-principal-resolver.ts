import { Inject, Injectable } from '@nestjs/common';
import { Permissions, type Principal, type PrincipalResolver } from '@strata/platform-http';
import { tenantIdSchema } from '../tenants/tenant.schemas';
import { TenantsService } from '../tenants/tenants.service';
import { ApiTokenStore } from './api-token-store';

/** Bearer token → principal, for the HTTP auth guard. Unknown and revoked tokens are both undefined. */
@Injectable()
export class TokenPrincipalResolver implements PrincipalResolver {
  constructor(
    @Inject(ApiTokenStore) private readonly store: ApiTokenStore,
    @Inject(TenantsService) private readonly tenants: TenantsService,
  ) {}

  async isUnknownTenant(tenantId: string): Promise<boolean> {
    return tenantIdSchema.safeParse(tenantId).success && (await this.tenants.get(tenantId)) === undefined;
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
