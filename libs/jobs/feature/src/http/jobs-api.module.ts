import { Module } from '@nestjs/common';
import { CancelJobApi } from '../cancel-job/cancel-job.api';
import { CancelJobController } from '../cancel-job/cancel-job.controller';
import { CreateJobController } from '../create-job/create-job.controller';
import { JobCreationModule } from '../create-job/job-creation.module';
import { GetJobController } from '../get-job/get-job.controller';
import { ListJobsController } from '../list-jobs/list-jobs.controller';
import { StreamJobLogController } from '../stream-job-log/stream-job-log.controller';
import { PluginsController } from './plugins.controller';

/**
 * The jobs API under `/api/v1/tenants/{tenantID}/jobs` and `/api/v1/plugins`: one controller per
 * use case, in its folder. The app provides what they inject: MessagingClient, READ_STORE,
 * PLUGIN_CATALOG and CREDENTIAL_CATALOG.
 */
@Module({
  imports: [JobCreationModule],
  controllers: [CreateJobController, ListJobsController, GetJobController, CancelJobController, StreamJobLogController, PluginsController],
  providers: [CancelJobApi],
})
export class JobsApiModule {}
