/** The file formats a report is generated in, as the API names them. */
export const REPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Where a report is in its life, as the API names it. */
export const REPORT_STATUSES = ['queued', 'generating', 'ready', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * The sections a report may hold, in the order a report shows them. Each is left out when its
 * data does not exist (no findings collection written yet, no Kubernetes, no changes source).
 */
export const REPORT_SECTIONS = ['summary', 'findings', 'waste', 'compliance', 'inventory', 'changes', 'kubernetes', 'diagram'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** What a CSV report streams, one row each: the job's open findings, or the active nodes of its scope. */
export const CSV_SECTIONS = ['findings', 'inventory'] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number];

export const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/** The sections a request asked for, in report order; all of them when it named none. */
export function orderedSections(requested: readonly ReportSection[] | undefined): ReportSection[] {
  if (!requested || requested.length === 0) return [...REPORT_SECTIONS];
  const wanted = new Set(requested);
  return REPORT_SECTIONS.filter((section) => wanted.has(section));
}

/** What a CSV report holds: `inventory` when the request names it (and not `findings`), else `findings`. */
export function csvSectionOf(requested: readonly ReportSection[] | undefined): CsvSection {
  return requested?.includes('inventory') && !requested.includes('findings') ? 'inventory' : 'findings';
}

/** `<title or "strata-report">-<job>-<id>.<ext>`, reduced to characters safe in any file system and header. */
export function reportFileName(report: { id: string; job_id: string; format: ReportFormat; title?: string | null }): string {
  const base = (report.title ?? 'strata-report')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'strata-report'}-${report.job_id}-${report.id}.${report.format}`;
}
