import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema, jobSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { JobReader } from '../http/job-reader';

/** `GET /api/v1/tenants/{tenantID}/jobs/{jobID}`. */
@Controller('api/v1/tenants/:tenantID/jobs')
export class GetJobController {
  constructor(@Inject(JobReader) private readonly jobs: JobReader) {}

  @Get(':jobID')
  @RequirePermissions(Permissions.jobsRead)
  @ApiRoute({ summary: 'Get job status and details', tags: ['jobs'], operationId: 'getJob', responses: { 200: jobSchema } })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('jobID', idSchema) jobId: string) {
    return this.jobs.get(tenantId, jobId);
  }
}
