import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { idSchema, jobSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { SchedulesApi } from '../http/schedules-api';

/** `POST /api/v1/tenants/{tenantID}/schedules/{scheduleID}/run-now`. */
@Controller('api/v1/tenants/:tenantID/schedules')
export class RunNowController {
  constructor(@Inject(SchedulesApi) private readonly schedules: SchedulesApi) {}

  @Post(':scheduleID/run-now')
  @HttpCode(201)
  @RequirePermissions(Permissions.schedulesWrite)
  @ApiRoute({
    summary: "Run a schedule's job now",
    description:
      "Creates the job of the schedule's `job_template` at once and answers it as `POST /jobs` does (201, the job with its `id` and `status`). " +
      'The schedule shows it in `last_job_id` and `last_run_at`; `next_run_at` stays as it was. A disabled schedule answers 409 `schedule_disabled`; ' +
      'a template that no longer makes a valid job (its credential deleted) the create-job 400.',
    tags: ['schedules'],
    operationId: 'runScheduleNow',
    responses: { 201: jobSchema },
    errors: [409, 503],
  })
  runNow(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('scheduleID', idSchema) scheduleId: string) {
    return this.schedules.runNow(tenantId, scheduleId);
  }
}
