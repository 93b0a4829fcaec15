import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { SchedulesApi } from '../http/schedules-api';
import { listSchedulesQuerySchema, scheduleListSchema, type ListSchedulesQuery } from '../http/schedule-schemas';

/** `GET /api/v1/tenants/{tenantID}/schedules`. */
@Controller('api/v1/tenants/:tenantID/schedules')
export class ListSchedulesController {
  constructor(@Inject(SchedulesApi) private readonly schedules: SchedulesApi) {}

  @Get()
  @RequirePermissions(Permissions.schedulesRead)
  @ApiRoute({
    summary: 'List schedules',
    description: 'Oldest first (created_at, then id); keyset pages (pass page.next_cursor as cursor until has_more is false).',
    tags: ['schedules'],
    operationId: 'listSchedules',
    responses: { 200: scheduleListSchema },
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(acceptingListEnvelope(listSchedulesQuerySchema)) query: ListSchedulesQuery) {
    return this.schedules.list(tenantId, query);
  }
}
