import { Controller, Delete, Get, HttpCode, Inject, Post } from '@nestjs/common';
import {
  ApiRoute,
  CurrentPrincipal,
  Permissions,
  RequirePermissions,
  ZodBody,
  ZodParam,
  ZodQuery,
  answerNextCursorList,
  type CursorEnvelope,
  type Principal,
} from '@strata/platform-http';
import { listQuerySchema, type ListQuery, type Page } from '../storage/paging';
import { tenantIdSchema } from '../tenants/tenant.schemas';
import { ApiTokensService } from './api-tokens.service';
import {
  apiTokenListSchema,
  createdApiTokenSchema,
  createTokenRequestSchema,
  tokenIdSchema,
  type ApiTokenView,
  type CreatedApiTokenView,
  type CreateTokenRequest,
} from './token.schemas';

@Controller('api/v1/tenants/:tenantID/tokens')
@RequirePermissions(Permissions.tokensWrite)
export class TokensController {
  constructor(@Inject(ApiTokensService) private readonly tokens: ApiTokensService) {}

  @Post()
  @ApiRoute({
    summary: 'Create an API token',
    description: 'The token is in this response only; it is stored hashed and cannot be shown again.',
    tags: ['tokens'],
    operationId: 'createToken',
    responses: { 201: createdApiTokenSchema },
  })
  create(
    @ZodParam('tenantID', tenantIdSchema) tenantId: string,
    @ZodBody(createTokenRequestSchema) request: CreateTokenRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedApiTokenView> {
    return this.tokens.issue(tenantId, request, principal);
  }

  @Get()
  @ApiRoute({ summary: "List the tenant's API tokens", tags: ['tokens'], operationId: 'listTokens', responses: { 200: apiTokenListSchema } })
  list(@ZodParam('tenantID', tenantIdSchema) tenantId: string, @ZodQuery(listQuerySchema) query: ListQuery): Promise<Page<ApiTokenView> | CursorEnvelope<ApiTokenView>> {
    return answerNextCursorList('tokens', query, (own) => this.tokens.list(tenantId, own));
  }

  @Delete(':tokenID')
  @HttpCode(204)
  @ApiRoute({ summary: 'Revoke an API token', tags: ['tokens'], operationId: 'revokeToken', responses: { 204: null } })
  async revoke(@ZodParam('tenantID', tenantIdSchema) tenantId: string, @ZodParam('tokenID', tokenIdSchema) tokenId: string): Promise<void> {
    await this.tokens.revoke(tenantId, tokenId);
  }
}
