import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodBody, ZodParam } from '@strata/platform-http';
import { ReportsApi } from '../http/reports-api';
import { createReportRequestSchema, reportSchema, type CreateReportRequest } from '../http/report-schemas';

/** `POST /api/v1/tenants/{tenantID}/reports`. */
@Controller('api/v1/tenants/:tenantID/reports')
export class CreateReportController {
  constructor(@Inject(ReportsApi) private readonly reports: ReportsApi) {}

  @Post()
  @HttpCode(202)
  @RequirePermissions(Permissions.reportsWrite)
  @ApiRoute({
    summary: 'Generate a report',
    description:
      "Queues a report of one job (`job_id`, default the tenant's latest completed job) in `json`, `csv` or `pdf`, generated in the background: " +
      'follow it with `GET .../reports/{reportID}` until `status` is `ready` (then download it) or `failed` (`error` says why). ' +
      'Sections: summary, findings, waste, compliance, inventory, changes, kubernetes, diagram (default all; those without data are left out). ' +
      'A csv report holds one table: the open findings (default, or `sections: ["findings"]`) or the active nodes (`sections: ["inventory"]`). ' +
      '404 `job_not_found` / `completed_job_not_found`, 409 `job_not_completed`.',
    tags: ['reports'],
    operationId: 'createReport',
    responses: { 202: reportSchema },
    errors: [409, 503],
  })
  create(@ZodParam('tenantID', idSchema) tenantId: string, @ZodBody(createReportRequestSchema) request: CreateReportRequest) {
    return this.reports.create(tenantId, request);
  }
}
