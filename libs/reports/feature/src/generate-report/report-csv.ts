import type { Readable } from 'node:stream';
import type { CsvSection } from '@strata/reports-domain';
import type { ReportDataReader } from './report-data-reader';
import type { ReportedJob } from '../sources/report-sources';
import { CsvPages } from './csv-pages';

export const FINDINGS_CSV_COLUMNS = ['rule_id', 'title', 'severity', 'kind', 'node_id', 'node_name', 'node_type', 'account', 'region', 'scope', 'monthly_savings', 'currency', 'opened_at'] as const;
export const INVENTORY_CSV_COLUMNS = ['id', 'type', 'name', 'provider', 'account', 'region', 'scope', 'first_seen', 'last_seen', 'last_seen_job'] as const;

/** A CSV being written: its bytes, and the number of data rows once they have all been read. */
export interface CsvReport {
  stream: Readable;
  rows(): number;
}

/**
 * The job's open findings or the active nodes of its scopes as CSV (a header row, then one row
 * each), streamed: rows are read from the read store a keyset page at a time and each page is
 * stringified by csv-stringify as it comes ({@link CsvPages}), with backpressure from the
 * stream's reader to the reads, so a million rows never sit in memory together. Amounts are in
 * the report's currency.
 */
export function reportCsv(reader: ReportDataReader, job: ReportedJob, section: CsvSection, money: { currency: string; amount(usd: number): number }): CsvReport {
  let rows = 0;
  const csv = new CsvPages(section === 'findings' ? FINDINGS_CSV_COLUMNS : INVENTORY_CSV_COLUMNS);
  const produce = async (): Promise<void> => {
    if (section === 'findings') {
      for await (const page of reader.openFindingPages(job)) {
        rows += page.length;
        await csv.write(page.map(({ doc }) => [doc.rule_id, doc.title, doc.severity, doc.kind, doc.node_id, doc.node_name, doc.node_type, doc.account ?? '', doc.region ?? '', doc.scope, doc.monthly_savings_usd === null ? '' : money.amount(doc.monthly_savings_usd), money.currency, doc.opened_at]));
      }
    } else {
      for await (const page of reader.activeNodePages(job)) {
        rows += page.length;
        const sighted = await reader.withSightings(job, page);
        await csv.write(sighted.map(({ id, doc }) => [id, doc.type, doc.name, doc.provider, doc.account ?? '', doc.region ?? '', doc.scope, doc.first_seen, doc.last_seen, doc.last_seen_job]));
      }
    }
    csv.end();
  };
  produce().catch((error: unknown) => csv.fail(error instanceof Error ? error : new Error(String(error))));
  return { stream: csv.stream, rows: () => rows };
}
