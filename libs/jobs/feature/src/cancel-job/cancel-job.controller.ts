import { Controller, Delete, Inject } from '@nestjs/common';
import { idSchema, jobSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { CancelJobApi } from './cancel-job.api';

/** `DELETE /api/v1/tenants/{tenantID}/jobs/{jobID}`. */
@Controller('api/v1/tenants/:tenantID/jobs')
export class CancelJobController {
  constructor(@Inject(CancelJobApi) private readonly cancelJob: CancelJobApi) {}

  @Delete(':jobID')
  @RequirePermissions(Permissions.jobsCancel)
  @ApiRoute({
    summary: 'Cancel a pending or running job',
    description: 'Running plugins stop promptly; data already discovered is kept. A job that already ended answers 409.',
    tags: ['jobs'],
    operationId: 'cancelJob',
    responses: { 200: jobSchema },
    errors: [409, 503],
  })
  cancel(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('jobID', idSchema) jobId: string) {
    return this.cancelJob.cancel(tenantId, jobId);
  }
}
