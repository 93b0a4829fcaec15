import type { ReportFormat, ReportSection, ReportStatus } from '@strata/reports-domain';
import { defineCollection } from '@strata/platform-read-store';

/** Why a generation failed, as `GET .../reports/{id}` says it. */
export interface ReportError {
  code: string;
  message: string;
}

/** A generated file in the blob store. */
export interface ReportFile {
  key: string;
  size_bytes: number;
  content_type: string;
  filename: string;
}

/** A report, per (tenant, report id): the request, where its generation is, and its file once ready. */
export interface ReportRecord {
  id: string;
  tenant_id: string;
  format: ReportFormat;
  status: ReportStatus;
  title: string | null;
  job_id: string;
  /** As requested (absent or empty: every section). */
  sections: ReportSection[];
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  error: ReportError | null;
  file: ReportFile | null;
  progress: { phase: string; percent: number };
  /** Rows a CSV report holds (absent for other formats and before it is ready). */
  rows?: number;
}

/**
 * Reports per tenant. `(format|status, created_at)`-style filters are served by `format`,
 * `status` and `created_at` (newest-first listing; the retention sweep's range).
 */
export const reportsCollection = defineCollection<ReportRecord>({
  name: 'reports',
  indexes: { format: 'string', status: 'string', created_at: 'string' },
  compoundIndexes: [['status', 'created_at'], ['format', 'created_at']],
});

/** The tenants that have had a report, under {@link REPORT_REGISTRY_SCOPE}: what the retention sweep walks. */
export interface ReportTenant {
  first_report_at: string;
}

export const REPORT_REGISTRY_SCOPE = '_system';

export const reportTenantsCollection = defineCollection<ReportTenant>({ name: 'report_tenants', indexes: {} });
