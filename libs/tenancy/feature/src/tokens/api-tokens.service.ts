import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, principalHasPermission, type Permission, type Principal } from '@strata/platform-http';
import { DomainError } from '@strata/shared-domain';
import type { ListQuery, Page } from '../storage/paging';
import type { ApiTokenRecord } from '../storage/tenancy-collections';
import { TenantsService } from '../tenants/tenants.service';
import { ApiTokenStore } from './api-token-store';
import type { ApiTokenView, CreateTokenRequest, CreatedApiTokenView } from './token.schemas';
import { generateApiToken } from './token-secret';

const view = ({ id, tenant_id, name, permissions, created_at, revoked_at }: ApiTokenRecord): ApiTokenView => ({
  id,
  tenant_id,
  name,
  permissions,
  created_at,
  revoked_at,
});

/** A tenant's API tokens: issued (shown once), listed, revoked. */
@Injectable()
export class ApiTokensService {
  constructor(
    @Inject(ApiTokenStore) private readonly store: ApiTokenStore,
    @Inject(TenantsService) private readonly tenants: TenantsService,
  ) {}

  /**
   * A new token of `tenantId`. A tenant admin can only hand out permissions it holds itself,
   * so `tokens:write` cannot be turned into more than its holder has.
   */
  async issue(tenantId: string, request: CreateTokenRequest, grantor: Principal): Promise<CreatedApiTokenView> {
    await this.tenants.require(tenantId);
    const ungrantable = request.permissions.filter((permission: Permission) => !principalHasPermission(grantor, permission));
    if (ungrantable.length > 0) {
      throw new ForbiddenError(`A token can only grant permissions it holds; this one lacks ${ungrantable.join(', ')}`);
    }
    const token = generateApiToken();
    const record = await this.store.insert(token, { tenantId, name: request.name, permissions: request.permissions });
    return { ...view(record), token };
  }

  async list(tenantId: string, query: ListQuery): Promise<Page<ApiTokenView>> {
    await this.tenants.require(tenantId);
    const page = await this.store.list(tenantId, query);
    return { ...page, items: page.items.map(view) };
  }

  /** Revoking twice is fine (DELETE is idempotent); an unknown token is `token_not_found`. */
  async revoke(tenantId: string, tokenId: string): Promise<void> {
    await this.tenants.require(tenantId);
    const record = await this.store.get(tenantId, tokenId);
    if (!record) throw new DomainError('token_not_found', `tenant ${tenantId} has no token ${tokenId}`);
    await this.store.revoke(record);
  }
}
