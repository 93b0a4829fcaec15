import { Controller, Get, Inject, Patch, Post } from '@nestjs/common';
import { answerNextCursorList, ApiRoute, Permissions, RequirePermissions, ZodBody, ZodParam, ZodQuery, type CursorEnvelope } from '@strata/platform-http';
import { listQuerySchema, type ListQuery, type Page } from '../storage/paging';
import {
  createTenantRequestSchema,
  tenantIdSchema,
  tenantListSchema,
  tenantSchema,
  updateTenantRequestSchema,
  type CreateTenantRequest,
  type TenantView,
  type UpdateTenantRequest,
} from './tenant.schemas';
import { TenantsService } from './tenants.service';

@Controller('api/v1/tenants')
export class TenantsController {
  constructor(@Inject(TenantsService) private readonly tenants: TenantsService) {}

  @Post()
  @RequirePermissions(Permissions.platformAdmin)
  @ApiRoute({ summary: 'Create a tenant', tags: ['tenants'], operationId: 'createTenant', responses: { 201: tenantSchema }, errors: [409] })
  create(@ZodBody(createTenantRequestSchema) request: CreateTenantRequest): Promise<TenantView> {
    return this.tenants.create(request);
  }

  @Get()
  @RequirePermissions(Permissions.platformAdmin)
  @ApiRoute({ summary: 'List tenants', tags: ['tenants'], operationId: 'listTenants', responses: { 200: tenantListSchema } })
  list(@ZodQuery(listQuerySchema) query: ListQuery): Promise<Page<TenantView> | CursorEnvelope<TenantView>> {
    return answerNextCursorList('tenants', query, (own) => this.tenants.list(own));
  }

  /** Any token of the tenant may read it: it is how a token finds out where it belongs. */
  @Get(':tenantID')
  @ApiRoute({ summary: 'Get a tenant', tags: ['tenants'], operationId: 'getTenant', responses: { 200: tenantSchema } })
  get(@ZodParam('tenantID', tenantIdSchema) tenantId: string): Promise<TenantView> {
    return this.tenants.require(tenantId);
  }

  @Patch(':tenantID')
  @RequirePermissions(Permissions.platformAdmin)
  @ApiRoute({
    summary: "Change a tenant's settings",
    description: '`max_nodes`: the license limit on active nodes (null: none). Jobs that would exceed it fail with `node_limit_exceeded`; nodes already held are kept.',
    tags: ['tenants'],
    operationId: 'updateTenant',
    responses: { 200: tenantSchema },
  })
  update(@ZodParam('tenantID', tenantIdSchema) tenantId: string, @ZodBody(updateTenantRequestSchema) request: UpdateTenantRequest): Promise<TenantView> {
    return this.tenants.update(tenantId, request);
  }
}
