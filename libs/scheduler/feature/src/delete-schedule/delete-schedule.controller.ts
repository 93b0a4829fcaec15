import { Controller, Delete, HttpCode, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { SchedulesApi } from '../http/schedules-api';

/** `DELETE /api/v1/tenants/{tenantID}/schedules/{scheduleID}`. */
@Controller('api/v1/tenants/:tenantID/schedules')
export class DeleteScheduleController {
  constructor(@Inject(SchedulesApi) private readonly schedules: SchedulesApi) {}

  @Delete(':scheduleID')
  @HttpCode(204)
  @RequirePermissions(Permissions.schedulesWrite)
  @ApiRoute({ summary: 'Delete a schedule', description: 'It never fires again; its history stays in its event stream.', tags: ['schedules'], operationId: 'deleteSchedule', responses: { 204: null } })
  async delete(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('scheduleID', idSchema) scheduleId: string): Promise<void> {
    await this.schedules.delete(tenantId, scheduleId);
  }
}
