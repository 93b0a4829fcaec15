import { Controller, Delete, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, CurrentPrincipal, Permissions, type Principal, RequirePermissions, ZodBody, ZodParam, ZodQuery } from '@strata/platform-http';
import {
  createMuteRuleRequestSchema,
  muteRuleIdSchema,
  muteRuleListSchema,
  muteRuleSchema,
  pageQuerySchema,
  type CreateMuteRuleRequest,
  type PageQuery,
} from '../mutes/mutes.schemas';
import { MutesApiService } from '../mutes/mutes-api.service';

const ANNOUNCED = 'Each finding whose status changes is announced as FindingMuted / FindingUnmuted on events.<tenant>.finding.*. Needs NATS: 503 while it is unreachable.';

@Controller('api/v1/tenants/:tenantID/mute-rules')
export class MuteRulesController {
  constructor(@Inject(MutesApiService) private readonly mutes: MutesApiService) {}

  @Post()
  @RequirePermissions(Permissions.findingsWrite)
  @ApiRoute({
    summary: 'Create a mute rule',
    description:
      'Mutes every violated finding it matches (all given match fields must hold; tags: every given tag on the finding\'s node), now and in later audits, ' +
      `until it expires or is deleted. Authored by the calling token. ${ANNOUNCED}`,
    tags: ['findings'],
    operationId: 'createMuteRule',
    responses: { 201: muteRuleSchema },
    errors: [400, 401, 403, 503],
  })
  create(@ZodParam('tenantID', idSchema) tenantId: string, @ZodBody(createMuteRuleRequestSchema) request: CreateMuteRuleRequest, @CurrentPrincipal() principal: Principal) {
    this.mutes.writable();
    return this.mutes.rules.create(tenantId, request, principal.tokenId);
  }

  @Get()
  @RequirePermissions(Permissions.findingsRead)
  @ApiRoute({
    summary: 'List mute rules',
    description: 'Oldest first; keyset pages (pass page.next_cursor as cursor until has_more is false).',
    tags: ['findings'],
    operationId: 'listMuteRules',
    responses: { 200: muteRuleListSchema },
    errors: [400, 401, 403],
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(acceptingListEnvelope(pageQuerySchema)) query: PageQuery) {
    return this.mutes.rules.list(tenantId, query);
  }

  @Get(':muteRuleID')
  @RequirePermissions(Permissions.findingsRead)
  @ApiRoute({ summary: 'Get a mute rule', tags: ['findings'], operationId: 'getMuteRule', responses: { 200: muteRuleSchema }, errors: [400, 401, 403, 404] })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('muteRuleID', muteRuleIdSchema) id: string) {
    return this.mutes.rules.get(tenantId, id);
  }

  @Delete(':muteRuleID')
  @HttpCode(204)
  @RequirePermissions(Permissions.findingsWrite)
  @ApiRoute({
    summary: 'Delete a mute rule',
    description: `The findings it muted are re-evaluated at once: another mute may still apply, else they are open again. ${ANNOUNCED}`,
    tags: ['findings'],
    operationId: 'deleteMuteRule',
    responses: { 204: null },
    errors: [400, 401, 403, 404, 503],
  })
  async delete(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('muteRuleID', muteRuleIdSchema) id: string): Promise<void> {
    this.mutes.writable();
    await this.mutes.rules.delete(tenantId, id);
  }
}
