import { CONTENT_TYPES, csvSectionOf, reportFileName, type ReportFormat } from '@strata/reports-domain';
import type { Logger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { PLATFORM_SCOPE, tenantsCollection } from '@strata/tenancy-limits';
import { TenantMoney } from '@strata/tenancy-settings';
import type { BlobStore } from '../blob-store/blob-store';
import { renderReportPdf } from '../pdf/report-pdf';
import type { ReportSources } from '../sources/report-sources';
import { reportsCollection, type ReportError, type ReportRecord } from '../storage/reports-collection';
import { reportCsv } from './report-csv';
import { ReportDataReader, ReportInputError } from './report-data-reader';
import type { ReportWorkItem } from './report-work-item';

/** Deliveries of one work item before a generation that keeps failing is recorded as failed. */
export const MAX_GENERATION_ATTEMPTS = 3;

export interface GenerateReportOptions {
  readStore: ReadStore;
  blobStore: BlobStore;
  sources?: ReportSources;
  logger?: Logger;
  clock?: () => Date;
}

/** The file key of a report: `<tenant>/<report>.<ext>`. */
export const reportFileKey = (tenantId: string, reportId: string, format: ReportFormat): string => `${tenantId}/${reportId}.${format}`;

/**
 * Generates one report: reads its job's data, writes the file to the blob store, and records it
 * `ready` (or `failed`, with why). Idempotent: a report already ready or failed is left alone; a
 * redelivery of one still `generating` (its generator crashed) generates it again from the start,
 * overwriting any partial file under the same key.
 */
export class GenerateReportHandler {
  private readonly reader: ReportDataReader;

  constructor(private readonly options: GenerateReportOptions) {
    this.reader = new ReportDataReader(options.readStore, options.sources ?? {}, options.clock);
  }

  async handle(item: ReportWorkItem, deliveryCount = 1): Promise<void> {
    const reports = this.options.readStore.collection(reportsCollection).forTenant(item.tenant_id);
    const report = await reports.get(item.report_id);
    if (!report || report.status === 'ready' || report.status === 'failed') return;
    const update = async (patch: Partial<ReportRecord>): Promise<ReportRecord | undefined> => {
      const current = await reports.get(item.report_id);
      if (!current) return undefined; // deleted meanwhile: nothing to record
      const next = { ...current, ...patch, updated_at: this.now() };
      await reports.upsert(item.report_id, next);
      return next;
    };
    await update({ status: 'generating', progress: { phase: 'reading', percent: 5 }, error: null });
    const key = reportFileKey(report.tenant_id, report.id, report.format);
    try {
      const { size, rows } = await this.generate(report, key, (phase, percent) => update({ progress: { phase, percent } }).then(() => undefined));
      const file = { key, size_bytes: size, content_type: CONTENT_TYPES[report.format], filename: reportFileName(report) };
      const done = await update({ status: 'ready', progress: { phase: 'done', percent: 100 }, completed_at: this.now(), file, ...(rows !== undefined ? { rows } : {}) });
      // Deleted while it was being generated: the file goes too.
      if (!done) await this.options.blobStore.delete(key);
    } catch (error) {
      const permanent = error instanceof ReportInputError;
      if (!permanent && deliveryCount < MAX_GENERATION_ATTEMPTS) {
        this.options.logger?.warn({ err: error, tenant: item.tenant_id, report: item.report_id, attempt: deliveryCount }, 'report generation failed; it will be retried');
        throw error;
      }
      const reason: ReportError = permanent ? { code: error.code, message: error.message } : { code: 'generation_failed', message: error instanceof Error ? error.message : String(error) };
      this.options.logger?.error({ err: error, tenant: item.tenant_id, report: item.report_id }, 'report generation failed');
      await this.options.blobStore.delete(key).catch(() => undefined);
      await update({ status: 'failed', error: reason, completed_at: this.now(), progress: { phase: 'failed', percent: 100 } });
    }
  }

  private async generate(report: ReportRecord, key: string, progress: (phase: string, percent: number) => Promise<void>): Promise<{ size: number; rows?: number }> {
    const { blobStore, readStore } = this.options;
    if (report.format === 'csv') {
      const { reported } = await this.reader.job(report.tenant_id, report.job_id);
      const money = await TenantMoney.of(readStore, report.tenant_id);
      await progress('writing', 20);
      const csv = reportCsv(this.reader, reported, csvSectionOf(report.sections), money);
      const size = await blobStore.put(key, csv.stream);
      return { size, rows: csv.rows() };
    }
    const phases: Record<string, number> = { findings: 20, compliance: 40, inventory: 50, changes: 65, kubernetes: 70, diagram: 75 };
    const data = await this.reader.read(report, (phase) => progress(phase, phases[phase] ?? 50));
    await progress('writing', 85);
    if (report.format === 'json') return { size: await blobStore.put(key, Buffer.from(`${JSON.stringify(data.content, null, 2)}\n`)) };
    const tenant = await readStore.collection(tenantsCollection).forTenant(PLATFORM_SCOPE).get(report.tenant_id);
    const pdf = renderReportPdf({ content: data.content, tenantName: tenant?.name ?? report.tenant_id, scopeLabel: data.scopeLabel, ...(data.diagram ? { diagram: data.diagram } : {}) });
    return { size: await blobStore.put(key, pdf) };
  }

  private now(): string {
    return (this.options.clock ?? (() => new Date()))().toISOString();
  }
}
