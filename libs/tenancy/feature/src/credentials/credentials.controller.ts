import { Controller, Delete, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { answerNextCursorList, ApiRoute, Permissions, RequirePermissions, ZodBody, ZodParam, ZodQuery, type CursorEnvelope } from '@strata/platform-http';
import { listQuerySchema, type ListQuery, type Page } from '../storage/paging';
import { tenantIdSchema } from '../tenants/tenant.schemas';
import {
  createCredentialRequestSchema,
  credentialIdSchema,
  credentialListSchema,
  credentialSchema,
  type CreateCredentialRequest,
  type CredentialView,
} from './credential.schemas';
import { CredentialsService } from './credentials.service';

const MASKING = 'Secret values are never returned: each secret field reads "********".';

@Controller('api/v1/tenants/:tenantID/credentials')
export class CredentialsController {
  constructor(@Inject(CredentialsService) private readonly credentials: CredentialsService) {}

  @Post()
  @RequirePermissions(Permissions.credentialsWrite)
  @ApiRoute({
    summary: 'Create a credential',
    description: `Secrets are encrypted at rest (AES-256-GCM). ${MASKING}`,
    tags: ['credentials'],
    operationId: 'createCredential',
    responses: { 201: credentialSchema },
    errors: [409],
  })
  create(
    @ZodParam('tenantID', tenantIdSchema) tenantId: string,
    @ZodBody(createCredentialRequestSchema) request: CreateCredentialRequest,
  ): Promise<CredentialView> {
    return this.credentials.create(tenantId, request);
  }

  @Get()
  @RequirePermissions(Permissions.credentialsRead)
  @ApiRoute({ summary: 'List credentials', description: MASKING, tags: ['credentials'], operationId: 'listCredentials', responses: { 200: credentialListSchema } })
  list(@ZodParam('tenantID', tenantIdSchema) tenantId: string, @ZodQuery(listQuerySchema) query: ListQuery): Promise<Page<CredentialView> | CursorEnvelope<CredentialView>> {
    return answerNextCursorList('credentials', query, (own) => this.credentials.list(tenantId, own));
  }

  @Get(':credentialID')
  @RequirePermissions(Permissions.credentialsRead)
  @ApiRoute({ summary: 'Get a credential', description: MASKING, tags: ['credentials'], operationId: 'getCredential', responses: { 200: credentialSchema } })
  get(@ZodParam('tenantID', tenantIdSchema) tenantId: string, @ZodParam('credentialID', credentialIdSchema) credentialId: string): Promise<CredentialView> {
    return this.credentials.get(tenantId, credentialId);
  }

  @Delete(':credentialID')
  @HttpCode(204)
  @RequirePermissions(Permissions.credentialsWrite)
  @ApiRoute({
    summary: 'Delete a credential',
    description: 'Jobs that used it keep its credential_id.',
    tags: ['credentials'],
    operationId: 'deleteCredential',
    responses: { 204: null },
  })
  async delete(@ZodParam('tenantID', tenantIdSchema) tenantId: string, @ZodParam('credentialID', credentialIdSchema) credentialId: string): Promise<void> {
    await this.credentials.delete(tenantId, credentialId);
  }
}
