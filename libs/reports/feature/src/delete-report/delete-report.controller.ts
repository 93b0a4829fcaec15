import { Controller, Delete, HttpCode, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { ReportsApi } from '../http/reports-api';

/** `DELETE /api/v1/tenants/{tenantID}/reports/{reportID}`. */
@Controller('api/v1/tenants/:tenantID/reports')
export class DeleteReportController {
  constructor(@Inject(ReportsApi) private readonly reports: ReportsApi) {}

  @Delete(':reportID')
  @HttpCode(204)
  @RequirePermissions(Permissions.reportsWrite)
  @ApiRoute({ summary: 'Delete a report', description: 'Deletes the report and its file.', tags: ['reports'], operationId: 'deleteReport', responses: { 204: null } })
  async delete(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('reportID', idSchema) reportId: string): Promise<void> {
    await this.reports.delete(tenantId, reportId);
  }
}
