import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { reportContentSchema } from '@strata/reports-domain';
import { ReportsApi } from '../http/reports-api';

/** `GET /api/v1/tenants/{tenantID}/reports/{reportID}/download`. */
@Controller('api/v1/tenants/:tenantID/reports')
export class DownloadReportController {
  constructor(@Inject(ReportsApi) private readonly reports: ReportsApi) {}

  @Get(':reportID/download')
  @RequirePermissions(Permissions.reportsRead)
  @ApiRoute({
    summary: 'Download a report',
    description:
      'The file, streamed, with its `Content-Type` (`application/json`, `text/csv; charset=utf-8`, `application/pdf`), ' +
      '`Content-Disposition: attachment; filename=...` and `Content-Length`. A json report is a `ReportDocument` (the schema below). ' +
      '409 `report_not_ready` while it is queued or generating, or when it failed.',
    tags: ['reports'],
    operationId: 'downloadReport',
    responses: { 200: { description: 'The report file (json: a ReportDocument; csv; pdf)', schema: reportContentSchema } },
    errors: [409],
  })
  async download(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('reportID', idSchema) reportId: string, @Res() reply: FastifyReply): Promise<void> {
    const { report, blob } = await this.reports.download(tenantId, reportId);
    const file = report.file!;
    await reply
      .header('content-type', file.content_type)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('content-length', String(blob.size))
      .send(blob.stream);
  }
}
