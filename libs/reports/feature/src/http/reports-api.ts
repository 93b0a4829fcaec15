import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@strata/contracts';
import { decodeQueryCursor, DownstreamUnavailableError, encodeQueryCursor, invalidCursor } from '@strata/platform-http';
import type { MessagingClient } from '@strata/platform-messaging';
import { InvalidCursorError, type ReadStore } from '@strata/platform-read-store';
import { z } from 'zod';
import type { BlobStore, StoredBlob } from '../blob-store/blob-store';
import { reportWorkMsgId, reportWorkSubject, type ReportWorkItem } from '../generate-report/report-work-item';
import { REPORT_REGISTRY_SCOPE, reportsCollection, reportTenantsCollection, type ReportRecord } from '../storage/reports-collection';
import { reportedJobsView } from '../storage/report-read-views';
import type { CreateReportRequest, ListReportsQuery, ReportPage, ReportView } from './report-schemas';

export const reportNotFound = (id: string): DomainError => new DomainError('report_not_found', `report ${id} does not exist`);

/** The reports API's use cases (the gateway's side): record a request and queue it, read, list, download, delete. */
export class ReportsApi {
  constructor(
    private readonly readStore: ReadStore,
    private readonly messaging: MessagingClient,
    private readonly blobStore: BlobStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(tenantId: string, request: CreateReportRequest): Promise<ReportView> {
    const jobId = await this.jobToReport(tenantId, request.job_id);
    const now = this.clock().toISOString();
    const id = `rpt_${now.replace(/\D/g, '').slice(0, 14)}_${randomBytes(6).toString('hex')}`;
    const record: ReportRecord = {
      id,
      tenant_id: tenantId,
      format: request.format,
      status: 'queued',
      title: request.title ?? null,
      job_id: jobId,
      sections: request.sections ?? [],
      created_at: now,
      updated_at: now,
      completed_at: null,
      error: null,
      file: null,
      progress: { phase: 'queued', percent: 0 },
    };
    const reports = this.readStore.collection(reportsCollection).forTenant(tenantId);
    if (!this.messaging.connected) throw new DownstreamUnavailableError('nats');
    await reports.upsert(id, record);
    await this.readStore.collection(reportTenantsCollection).forTenant(REPORT_REGISTRY_SCOPE).upsert(tenantId, { first_report_at: now });
    const item: ReportWorkItem = { tenant_id: tenantId, report_id: id };
    try {
      await this.messaging.publish(reportWorkSubject(tenantId), item, { msgId: reportWorkMsgId(item) });
    } catch (error) {
      // Not queued: nothing would ever generate it, so nothing is kept.
      await reports.delete(id);
      throw new DownstreamUnavailableError('nats', { cause: error });
    }
    return viewOf(record);
  }

  async get(tenantId: string, reportId: string): Promise<ReportView> {
    return viewOf(await this.require(tenantId, reportId));
  }

  async list(tenantId: string, query: ListReportsQuery): Promise<ReportPage> {
    const { limit, format, status, cursor } = query;
    const queryId = createHash('sha256').update(JSON.stringify([tenantId, format ?? null, status ?? null])).digest('base64url').slice(0, 16);
    const storeCursor = cursor === undefined ? undefined : decodeQueryCursor(cursor, queryId, z.object({ c: z.string() })).c;
    let page;
    try {
      page = await this.readStore
        .collection(reportsCollection)
        .forTenant(tenantId)
        .find({
          where: { ...(format ? { format } : {}), ...(status ? { status } : {}) },
          sort: { field: 'created_at', direction: 'desc' },
          limit,
          ...(storeCursor !== undefined ? { cursor: storeCursor } : {}),
        });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw invalidCursor();
      throw error;
    }
    const next = page.nextCursor === undefined ? null : encodeQueryCursor(queryId, { c: page.nextCursor });
    return { items: page.items.map(({ doc }) => viewOf(doc)), page: { limit, next_cursor: next, has_more: next !== null } };
  }

  /** A ready report's file; `report_not_ready` (409) before, `report_file_not_found` when the file is gone. */
  async download(tenantId: string, reportId: string): Promise<{ report: ReportRecord; blob: StoredBlob }> {
    const report = await this.require(tenantId, reportId);
    if (report.status !== 'ready' || !report.file) {
      throw new DomainError('report_not_ready', report.status === 'failed' ? `report ${reportId} failed: ${report.error?.message ?? 'unknown error'}` : `report ${reportId} is ${report.status}, not ready yet`);
    }
    const blob = await this.blobStore.get(report.file.key);
    if (!blob) throw new DomainError('report_file_not_found', `the file of report ${reportId} is gone`);
    return { report, blob };
  }

  /** Deletes the report and its file. */
  async delete(tenantId: string, reportId: string): Promise<void> {
    const report = await this.require(tenantId, reportId);
    if (report.file) await this.blobStore.delete(report.file.key);
    await this.readStore.collection(reportsCollection).forTenant(tenantId).delete(reportId);
  }

  private async require(tenantId: string, reportId: string): Promise<ReportRecord> {
    const report = await this.readStore.collection(reportsCollection).forTenant(tenantId).get(reportId);
    if (!report) throw reportNotFound(reportId);
    return report;
  }

  /** The job asked for (it must exist and be completed), or the tenant's latest completed one. */
  private async jobToReport(tenantId: string, jobId: string | undefined): Promise<string> {
    const jobs = this.readStore.collection(reportedJobsView).forTenant(tenantId);
    if (jobId !== undefined) {
      const job = await jobs.get(jobId);
      if (!job) throw new DomainError('job_not_found', `job ${jobId} does not exist`);
      if (job.status !== 'completed') throw new DomainError('job_not_completed', `job ${jobId} is ${job.status}: only a completed job can be reported on`);
      return jobId;
    }
    const latest = await jobs.find({ where: { status: 'completed' }, sort: { field: 'created_at', direction: 'desc' }, limit: 1 });
    const job = latest.items[0];
    if (!job) throw new DomainError('completed_job_not_found', `tenant ${tenantId} has no completed job to report on`);
    return job.id;
  }
}

export function viewOf(record: ReportRecord): ReportView {
  return {
    id: record.id,
    format: record.format,
    status: record.status,
    title: record.title,
    job_id: record.job_id,
    sections: record.sections,
    progress: record.progress,
    created_at: record.created_at,
    updated_at: record.updated_at,
    completed_at: record.completed_at,
    error: record.error,
    filename: record.file?.filename ?? null,
    content_type: record.file?.content_type ?? null,
    size_bytes: record.file?.size_bytes ?? null,
    ...(record.rows !== undefined ? { rows: record.rows } : {}),
    download_url: record.status === 'ready' ? `/api/v1/tenants/${record.tenant_id}/reports/${record.id}/download` : null,
  };
}
