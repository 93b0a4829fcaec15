import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { ReportsApi } from '../http/reports-api';
import { listReportsQuerySchema, reportListSchema, type ListReportsQuery } from '../http/report-schemas';

/** `GET /api/v1/tenants/{tenantID}/reports`. */
@Controller('api/v1/tenants/:tenantID/reports')
export class ListReportsController {
  constructor(@Inject(ReportsApi) private readonly reports: ReportsApi) {}

  @Get()
  @RequirePermissions(Permissions.reportsRead)
  @ApiRoute({
    summary: 'List reports',
    description: 'Newest first; filters `format` and `status`; keyset pages (pass `page.next_cursor` as `cursor`, with the same filters, until `has_more` is false).',
    tags: ['reports'],
    operationId: 'listReports',
    responses: { 200: reportListSchema },
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(acceptingListEnvelope(listReportsQuerySchema)) query: ListReportsQuery) {
    return this.reports.list(tenantId, query);
  }
}
