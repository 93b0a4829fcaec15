import { z } from 'zod';
import { idSchema, wholeNumberParam } from '@strata/contracts';
import { REPORT_FORMATS, REPORT_SECTIONS, REPORT_STATUSES } from '@strata/reports-domain';

export const MAX_REPORT_PAGE = 200;
export const DEFAULT_REPORT_PAGE = 50;

export const createReportRequestSchema = z
  .object({
    format: z.enum(REPORT_FORMATS, { error: `format must be one of ${REPORT_FORMATS.join(', ')}` }),
    job_id: idSchema.optional().describe("The job reported on (default: the tenant's latest completed job); it must be completed"),
    sections: z
      .array(z.enum(REPORT_SECTIONS, { error: `each section must be one of ${REPORT_SECTIONS.join(', ')}` }))
      .min(1)
      .max(REPORT_SECTIONS.length)
      .refine((sections) => new Set(sections).size === sections.length, { message: 'sections must not repeat' })
      .optional()
      .describe('The sections to include (default: all whose data exists). For csv: `findings` (the default) streams the open findings, `inventory` the active nodes'),
    title: z.string().trim().min(1).max(200).optional().describe('Shown on the cover and in the file name'),
  })
  .strict()
  .meta({ id: 'CreateReportRequest', examples: [{ format: 'pdf' }, { format: 'csv', sections: ['inventory'] }, { format: 'json', job_id: 'job_01J9', title: 'Q4 audit' }] });

export type CreateReportRequest = z.infer<typeof createReportRequestSchema>;

export const reportSchema = z
  .object({
    id: z.string(),
    format: z.enum(REPORT_FORMATS),
    status: z.enum(REPORT_STATUSES),
    title: z.string().nullable(),
    job_id: z.string(),
    sections: z.array(z.enum(REPORT_SECTIONS)).describe('As requested (empty: all)'),
    progress: z.object({ phase: z.string(), percent: z.number().min(0).max(100) }),
    created_at: z.string(),
    updated_at: z.string(),
    completed_at: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable().describe('Why generation failed (status failed)'),
    filename: z.string().nullable(),
    content_type: z.string().nullable(),
    size_bytes: z.number().int().nullable(),
    rows: z.number().int().optional().describe('Data rows of a ready CSV report'),
    download_url: z.string().nullable(),
  })
  .meta({ id: 'Report' });

export type ReportView = z.infer<typeof reportSchema>;

export const listReportsQuerySchema = z
  .object({
    format: z.enum(REPORT_FORMATS).optional(),
    status: z.enum(REPORT_STATUSES).optional(),
    limit: wholeNumberParam({ min: 1, max: MAX_REPORT_PAGE, fallback: DEFAULT_REPORT_PAGE }).describe('Page size, 1 to 200 (default 50)'),
    cursor: z.string().min(1).optional().describe('page.next_cursor of the previous page'),
  })
  .strict();

export type ListReportsQuery = z.infer<typeof listReportsQuerySchema>;

export const reportListSchema = z
  .object({
    items: z.array(reportSchema),
    page: z.object({ limit: z.number().int(), next_cursor: z.string().nullable(), has_more: z.boolean() }),
  })
  .meta({ id: 'ReportList' });

export type ReportPage = z.infer<typeof reportListSchema>;
