import { z } from 'zod';
import { idSchema, subjects } from '@strata/contracts';

/** "Generate this report": published on `work.reports.<tenant>` when a report is requested. */
export const reportWorkItemSchema = z.object({ tenant_id: idSchema, report_id: idSchema }).strict();
export type ReportWorkItem = z.infer<typeof reportWorkItemSchema>;

/** The durable consumer every generator shares (work-queue: each item goes to one). */
export const REPORT_GENERATOR_DURABLE = 'report-generator';

export const reportWorkSubject = (tenantId: string): string => subjects.reportWork(tenantId);

/** One message per report: a retried publish of the same request is stored once. */
export const reportWorkMsgId = (item: ReportWorkItem): string => `report:${item.tenant_id}:${item.report_id}`;
