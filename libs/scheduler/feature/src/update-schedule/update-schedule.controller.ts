import { Controller, Inject, Patch } from '@nestjs/common';
import { idSchema, patchScheduleRequestSchema, type PatchScheduleRequest } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodBody, ZodParam } from '@strata/platform-http';
import { SchedulesApi } from '../http/schedules-api';
import { scheduleSchema } from '../http/schedule-schemas';

/** `PATCH /api/v1/tenants/{tenantID}/schedules/{scheduleID}`. */
@Controller('api/v1/tenants/:tenantID/schedules')
export class UpdateScheduleController {
  constructor(@Inject(SchedulesApi) private readonly schedules: SchedulesApi) {}

  @Patch(':scheduleID')
  @RequirePermissions(Permissions.schedulesWrite)
  @ApiRoute({
    summary: 'Change a schedule',
    description:
      'Only the fields given change; a timing given replaces the whole timing and sets the next run from now. A change of neither timing nor ' +
      '`enabled` (a rename) keeps `next_run_at`. `enabled: false` clears it; enabling sets it from now (nothing missed while disabled fires).',
    tags: ['schedules'],
    operationId: 'updateSchedule',
    responses: { 200: scheduleSchema },
  })
  update(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('scheduleID', idSchema) scheduleId: string, @ZodBody(patchScheduleRequestSchema) request: PatchScheduleRequest) {
    return this.schedules.update(tenantId, scheduleId, request);
  }
}
