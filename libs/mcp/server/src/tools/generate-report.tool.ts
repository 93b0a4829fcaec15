import { idSchema } from '@strata/contracts';
import { z } from 'zod';
import { segment } from '../rest/strata-rest';
import { queryOrBody, restTool, tenantScoped, WRITES } from './strata-tool';

/**
 * The body of `POST /api/v1/tenants/{t}/reports` (issue 22's reports route). It mirrors the
 * route's `createReportRequestSchema` (`@strata/reports-feature`), which this branch cannot import
 * yet: the route validates again, so the route stays the authority on what is accepted.
 */
const REPORT_SECTIONS = ['summary', 'findings', 'waste', 'compliance', 'inventory', 'changes', 'kubernetes', 'diagram'] as const;
const reportRequestShape = {
  format: z.enum(['json', 'csv', 'pdf']).describe('json, csv or pdf'),
  job_id: idSchema.optional().describe("The job reported on (default: the tenant's latest completed job); it must be completed"),
  sections: z
    .array(z.enum(REPORT_SECTIONS))
    .min(1)
    .max(REPORT_SECTIONS.length)
    .optional()
    .describe('The sections to include (default: all whose data exists). For csv: `findings` (the default) or `inventory`'),
  title: z.string().trim().min(1).max(200).optional().describe('Shown on the cover and in the file name'),
};

export const generateReportTool = restTool({
  name: 'generate_report',
  title: 'Generate a report',
  description:
    "Queues a report of a job (default: the latest completed one) as json, csv or pdf; answers the report with its id and status. It is generated in the background: " +
    'follow it with get_report until status is ready (then download_url) or failed. Needs reports:write. POST /api/v1/tenants/{t}/reports.',
  input: tenantScoped(reportRequestShape),
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
