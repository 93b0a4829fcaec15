import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { createScheduleRequestSchema, idSchema, type CreateScheduleRequest } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodBody, ZodParam } from '@strata/platform-http';
import { SchedulesApi } from '../http/schedules-api';
import { scheduleSchema } from '../http/schedule-schemas';

/** `POST /api/v1/tenants/{tenantID}/schedules`, and seed 000's `POST .../reports/schedule` (the same resource). */
@Controller('api/v1/tenants/:tenantID')
export class CreateScheduleController {
  constructor(@Inject(SchedulesApi) private readonly schedules: SchedulesApi) {}

  @Post('schedules')
  @HttpCode(201)
  @RequirePermissions(Permissions.schedulesWrite)
  @ApiRoute({
    summary: 'Create a schedule',
    description:
      'A job template and exactly one timing: `run_at` (once), `interval_minutes`, `cron` (+ `timezone`), or `frequency` + `time` (+ `day`) (+ `timezone`). ' +
      'Answers the schedule with its `next_run_at`. The scheduler service fires it at each due time (one catch-up run after downtime).',
    tags: ['schedules'],
    operationId: 'createSchedule',
    responses: { 201: scheduleSchema },
  })
  create(@ZodParam('tenantID', idSchema) tenantId: string, @ZodBody(createScheduleRequestSchema) request: CreateScheduleRequest) {
    return this.schedules.create(tenantId, request);
  }

  @Post('reports/schedule')
  @HttpCode(201)
  @RequirePermissions(Permissions.schedulesWrite)
  @ApiRoute({
    summary: 'Schedule discovery (seed form)',
    description: 'Seed 000\'s route: `{"type": "discovery", "job_template": {...}, "frequency": "daily", "time": "02:00", "timezone": "UTC"}`. Creates the same resource as `POST /schedules`.',
    tags: ['schedules'],
    operationId: 'scheduleReport',
    responses: { 201: scheduleSchema },
  })
  createSeedForm(@ZodParam('tenantID', idSchema) tenantId: string, @ZodBody(createScheduleRequestSchema) request: CreateScheduleRequest) {
    return this.schedules.create(tenantId, request);
  }
}
