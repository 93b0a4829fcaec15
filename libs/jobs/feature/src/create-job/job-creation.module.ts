import { Global, Module } from '@nestjs/common';
import { JOB_CREATOR } from '@strata/contracts';
import { JobReader } from '../http/job-reader';
import { OrchestratorRequests } from '../http/orchestrator-requests';
import { CreateJobApi } from './create-job.api';

/**
 * Creating jobs without the HTTP routes: {@link CreateJobApi}, also as the `JOB_CREATOR` port other
 * contexts inject (the scheduler fires schedules through it). Global, so a module of another
 * context reaches the port without importing the jobs context. Needs MessagingClient, READ_STORE,
 * PLUGIN_CATALOG and CREDENTIAL_CATALOG (PLUGIN_CONFIG_DEFAULTS when the app has it).
 */
@Global()
@Module({
  providers: [OrchestratorRequests, JobReader, CreateJobApi, { provide: JOB_CREATOR, useExisting: CreateJobApi }],
  exports: [OrchestratorRequests, JobReader, CreateJobApi, JOB_CREATOR],
})
export class JobCreationModule {}
