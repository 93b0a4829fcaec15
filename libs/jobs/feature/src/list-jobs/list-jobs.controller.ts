import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema, jobListSchema, listJobsQuerySchema, type ListJobsQuery } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { JobReader } from '../http/job-reader';

/** `GET /api/v1/tenants/{tenantID}/jobs`. */
@Controller('api/v1/tenants/:tenantID/jobs')
export class ListJobsController {
  constructor(@Inject(JobReader) private readonly jobs: JobReader) {}

  @Get()
  @RequirePermissions(Permissions.jobsRead)
  @ApiRoute({
    summary: 'List discovery jobs',
    description: 'Numbered pages (`page`, `per_page`) as in the seed, or keyset paging (`cursor`, `limit`, `next_cursor`) for long histories.',
    tags: ['jobs'],
    operationId: 'listJobs',
    responses: { 200: jobListSchema },
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(listJobsQuerySchema) query: ListJobsQuery) {
    return this.jobs.list(tenantId, query);
  }
}
