import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { ReportsApi } from '../http/reports-api';
import { reportSchema } from '../http/report-schemas';

/** `GET /api/v1/tenants/{tenantID}/reports/{reportID}`. */
@Controller('api/v1/tenants/:tenantID/reports')
export class GetReportController {
  constructor(@Inject(ReportsApi) private readonly reports: ReportsApi) {}

  @Get(':reportID')
  @RequirePermissions(Permissions.reportsRead)
  @ApiRoute({
    summary: 'Get a report',
    description: 'Its status (`queued`, `generating`, `ready`, `failed`), `progress`, and once ready its file name, type, size and `download_url`; a failed report says why in `error`.',
    tags: ['reports'],
    operationId: 'getReport',
    responses: { 200: reportSchema },
  })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('reportID', idSchema) reportId: string) {
    return this.reports.get(tenantId, reportId);
  }
}
