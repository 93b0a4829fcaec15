import { Controller, Get, Header, Inject } from '@nestjs/common';
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
  // The body is JSON text already (Fastify sends a string with a JSON type as is): the type
  // Fastify gives a serialised object.
  @Header('content-type', 'application/json; charset=utf-8')
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('jobID', idSchema) jobId: string): Promise<string> {
    return this.jobs.getJson(tenantId, jobId);
  }
}
