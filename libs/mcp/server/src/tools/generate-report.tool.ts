import { idSchema } from '@strata/contracts';
import { createReportRequestSchema } from '@strata/reports-feature';
import { segment } from '../rest/strata-rest';
import { queryOrBody, restTool, tenantScoped, WRITES } from './strata-tool';

export const generateReportTool = restTool({
  name: 'generate_report',
  title: 'Generate a report',
  description:
    "Queues a report of a job (default: the latest completed one) as json, csv or pdf; answers the report with its id and status. It is generated in the background: " +
    'follow it with get_report until status is ready (then download_url) or failed. Needs reports:write. POST /api/v1/tenants/{t}/reports.',
  input: tenantScoped(createReportRequestSchema.shape),
  annotations: WRITES,
  request: (args, tenant) => ({ method: 'POST', path: `${tenant}/reports`, body: queryOrBody(args) }),
});

export const getReportTool = restTool({
  name: 'get_report',
  title: 'Get a report',
  description: "A report's status and progress, and once ready its file name, size and download_url. Needs reports:read. GET /api/v1/tenants/{t}/reports/{report_id}.",
  input: tenantScoped({ report_id: idSchema.describe('The report id generate_report answered') }),
  request: (args, tenant) => ({ method: 'GET', path: `${tenant}/reports/${segment(args.report_id)}` }),
});
