import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { SchedulesApi } from '../http/schedules-api';
import { scheduleSchema } from '../http/schedule-schemas';

/** `GET /api/v1/tenants/{tenantID}/schedules/{scheduleID}`. */
@Controller('api/v1/tenants/:tenantID/schedules')
export class GetScheduleController {
  constructor(@Inject(SchedulesApi) private readonly schedules: SchedulesApi) {}

  @Get(':scheduleID')
  @RequirePermissions(Permissions.schedulesRead)
  @ApiRoute({ summary: 'Get a schedule', tags: ['schedules'], operationId: 'getSchedule', responses: { 200: scheduleSchema } })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('scheduleID', idSchema) scheduleId: string) {
    return this.schedules.get(tenantId, scheduleId);
  }
}
