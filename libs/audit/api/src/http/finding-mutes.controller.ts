import { Controller, Delete, HttpCode, Inject, Post } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, CurrentPrincipal, Permissions, RequirePermissions, ZodBody, ZodParam, type Principal } from '@strata/platform-http';
import { findingIdSchema, findingSchema } from '../findings-api.schemas';
import { muteFindingRequestSchema, type MuteFindingRequest } from '../mutes/mutes.schemas';
import { MutesApiService } from '../mutes/mutes-api.service';

const ANNOUNCED = 'A status change is announced as FindingMuted / FindingUnmuted on events.<tenant>.finding.*. Needs NATS: 503 while it is unreachable.';

@Controller('api/v1/tenants/:tenantID/findings/:findingID/mute')
@RequirePermissions(Permissions.findingsWrite)
export class FindingMutesController {
  constructor(@Inject(MutesApiService) private readonly mutes: MutesApiService) {}

  @Post()
  @HttpCode(200)
  @ApiRoute({
    summary: 'Mute a finding',
    description:
      'Stores the finding\'s own mute (replacing any), authored by the calling token. A violated finding is muted at once: it leaves the default list, ' +
      'posture and notifications, stays recorded (status=muted), and opens again when the mute ends or is deleted. A resolved finding stays resolved; ' +
      `the mute applies if it comes back. ${ANNOUNCED}`,
    tags: ['findings'],
    operationId: 'muteFinding',
    responses: { 200: findingSchema },
    errors: [400, 401, 403, 404, 503],
  })
  mute(
    @ZodParam('tenantID', idSchema) tenantId: string,
    @ZodParam('findingID', findingIdSchema) findingId: string,
    @ZodBody(muteFindingRequestSchema) request: MuteFindingRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    this.mutes.writable();
    return this.mutes.findings.mute(tenantId, findingId, request, principal.tokenId);
  }

  @Delete()
  @ApiRoute({
    summary: "Delete a finding's mute",
    description: `A mute rule that still matches mutes it instead; else a violated finding is open again. Answers the finding. 404 mute_not_found when it has no mute. ${ANNOUNCED}`,
    tags: ['findings'],
    operationId: 'unmuteFinding',
    responses: { 200: findingSchema },
    errors: [400, 401, 403, 404, 503],
  })
  unmute(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('findingID', findingIdSchema) findingId: string) {
    this.mutes.writable();
    return this.mutes.findings.unmute(tenantId, findingId);
  }
}
