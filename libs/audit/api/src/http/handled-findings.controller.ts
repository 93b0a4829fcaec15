import { Controller, Get, Inject, Post } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, CurrentPrincipal, Permissions, type Principal, RequirePermissions, ZodBody, ZodParam, ZodQuery } from '@strata/platform-http';
import {
  handledResourceListSchema,
  handledResourceSchema,
  markHandledRequestSchema,
  pageQuerySchema,
  resourceIdSchema,
  type MarkHandledRequest,
  type PageQuery,
} from '../mutes/mutes.schemas';
import { MutesApiService } from '../mutes/mutes-api.service';

/**
 * Seed 001's "handled" routes, kept for its clients: a handled resource is a mute rule on its node
 * id (`handled: true`). `GET findings/handled` is a static segment, which Fastify matches before
 * `GET findings/{findingID}` whatever the order (and a finding id always holds a ":").
 */
@Controller('api/v1/tenants/:tenantID/findings')
export class HandledFindingsController {
  constructor(@Inject(MutesApiService) private readonly mutes: MutesApiService) {}

  @Get('handled')
  @RequirePermissions(Permissions.findingsRead)
  @ApiRoute({
    summary: 'List handled resources (seed 001)',
    description: 'The mute rules POST /findings/{resourceID}/handled made, oldest first, in keyset pages.',
    tags: ['findings'],
    operationId: 'listHandledResources',
    responses: { 200: handledResourceListSchema },
    errors: [400, 401, 403],
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(acceptingListEnvelope(pageQuerySchema)) query: PageQuery) {
    return this.mutes.rules.listHandled(tenantId, query);
  }

  @Post(':resourceID/handled')
  @RequirePermissions(Permissions.findingsWrite)
  @ApiRoute({
    summary: 'Mark a resource handled (seed 001)',
    description:
      'Creates (or, marked again, updates) the mute rule matching node_id = resourceID, reason = note or "handled": every violated finding of the resource ' +
      'is muted now and in later audits. DELETE /mute-rules/{mute_rule_id} un-handles it. Needs NATS: 503 while it is unreachable.',
    tags: ['findings'],
    operationId: 'markResourceHandled',
    responses: { 201: handledResourceSchema },
    errors: [400, 401, 403, 503],
  })
  mark(
    @ZodParam('tenantID', idSchema) tenantId: string,
    @ZodParam('resourceID', resourceIdSchema) resourceId: string,
    @ZodBody(markHandledRequestSchema) request: MarkHandledRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    this.mutes.writable();
    return this.mutes.rules.markHandled(tenantId, resourceId, request, principal.tokenId);
  }
}
