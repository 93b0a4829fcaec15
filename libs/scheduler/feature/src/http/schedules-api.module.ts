import { Module } from '@nestjs/common';
import { CreateScheduleController } from '../create-schedule/create-schedule.controller';
import { DeleteScheduleController } from '../delete-schedule/delete-schedule.controller';
import { GetScheduleController } from '../get-schedule/get-schedule.controller';
import { ListSchedulesController } from '../list-schedules/list-schedules.controller';
import { RunNowController } from '../run-now/run-now.controller';
import { UpdateScheduleController } from '../update-schedule/update-schedule.controller';
import { SchedulesApi } from './schedules-api';

/**
 * The schedules API under `/api/v1/tenants/{tenantID}/schedules` (and seed 000's
 * `reports/schedule`): one controller per use case, in its folder. The app provides what they
 * inject: EVENT_STORE, READ_STORE, PLUGIN_CATALOG, CREDENTIAL_CATALOG and JOB_CREATOR (run-now).
 */
@Module({
  controllers: [CreateScheduleController, ListSchedulesController, GetScheduleController, UpdateScheduleController, DeleteScheduleController, RunNowController],
  providers: [SchedulesApi],
})
export class SchedulesApiModule {}
