import { Inject, Injectable } from '@nestjs/common';
import type { TenantCollection } from '@strata/platform-read-store';
import { DomainError, KeyedLock } from '@strata/shared-domain';
import type { ListQuery, Page } from '../storage/paging';
import { PLATFORM_SCOPE, tenantsCollection, type TenantRecord } from '../storage/tenancy-collections';
import { TENANCY_OPTIONS, type TenancyOptions } from '../tenancy-options';
import type { CreateTenantRequest, TenantView, UpdateTenantRequest } from './tenant.schemas';

/** The API view of a stored tenant (records from before `max_nodes` have no limit). */
const toView = ({ id, name, created_at, max_nodes }: TenantRecord): TenantView => ({ id, name, created_at, max_nodes: max_nodes ?? null });

/** Tenants: created by platform admins, with the slug every tenant-scoped URL carries. */
@Injectable()
export class TenantsService {
  private readonly tenants: TenantCollection<TenantRecord>;
  private readonly lock = new KeyedLock();

  constructor(@Inject(TENANCY_OPTIONS) private readonly options: TenancyOptions) {
    this.tenants = options.readStore.collection(tenantsCollection).forTenant(PLATFORM_SCOPE);
  }

  create(request: CreateTenantRequest): Promise<TenantView> {
    return this.lock.run(request.id, async () => {
      if (await this.tenants.get(request.id)) throw new DomainError('tenant_exists', `tenant ${request.id} already exists`);
      const tenant: TenantRecord = { id: request.id, name: request.name, created_at: this.options.clock().toISOString(), max_nodes: null };
      await this.tenants.upsert(tenant.id, tenant);
      return toView(tenant);
    });
  }

  /** Changes the tenant's settings; `tenant_not_found` (404) unless it exists. */
  update(id: string, request: UpdateTenantRequest): Promise<TenantView> {
    return this.lock.run(id, async () => {
      const tenant = await this.tenants.get(id);
      if (!tenant) throw new DomainError('tenant_not_found', `tenant ${id} does not exist`);
      const updated: TenantRecord = { ...tenant, max_nodes: request.max_nodes };
      await this.tenants.upsert(id, updated);
      return toView(updated);
    });
  }

  async list({ limit, cursor }: ListQuery): Promise<Page<TenantView>> {
    const page = await this.tenants.find({ sort: { field: 'created_at' }, limit, ...(cursor ? { cursor } : {}) });
    return { items: page.items.map((entry) => toView(entry.doc)), ...(page.nextCursor ? { next_cursor: page.nextCursor } : {}) };
  }

  async get(id: string): Promise<TenantView | undefined> {
    const tenant = await this.tenants.get(id);
    return tenant && toView(tenant);
  }

  /** Throws `tenant_not_found` (404) unless the tenant exists. */
  async require(id: string): Promise<TenantView> {
    const tenant = await this.get(id);
    if (!tenant) throw new DomainError('tenant_not_found', `tenant ${id} does not exist`);
    return tenant;
  }
}
