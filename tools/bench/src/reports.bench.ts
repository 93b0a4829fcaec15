import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { ScopeEvaluator, TenantAuditInputs, findingsCollection } from '@strata/audit-feature';
import { reportSources } from '@strata/gateway-feature';
import { nodesCollection } from '@strata/inventory-feature';
import type { JobView } from '@strata/jobs-domain';
import { jobsCollection } from '@strata/jobs-feature';
import { findAll, openSqliteReadStore, type SqliteReadStore } from '@strata/platform-read-store';
import { DemoEstate } from '@strata/plugins-demo';
import { FilesystemBlobStore, GenerateReportHandler, reportsCollection, type ReportRecord } from '@strata/reports-feature';
import { PLATFORM_SCOPE, tenantsCollection } from '@strata/tenancy-limits';
import { ingestJob } from './audit.bench';
import { settle } from './cpu';

/**
 * Reports (issue 22) of the 100k-slot demo estate's job, through the generator's own code
 * (`GenerateReportHandler`, as the reporter app runs it, files to the filesystem store): the PDF
 * (every section with data: summary, findings, waste, compliance, inventory) and the CSV of every
 * node, each timed with the peak RSS of its window; and, in the same run, the baseline: the same
 * rows (read beforehand, in memory) written with csv-stringify alone to a file, streamed row by
 * row (the goal's baseline: what "writing the rows with csv-stringify" does) and a page of 5,000
 * rows per call (the way the report itself calls it; printed as the stricter reading).
 *
 * The estate is built in this process as the audit benchmark builds it (inventory's ingestor and
 * reconciler into a fresh SQLite file, then a full audit with every pack, for real findings).
 * `BENCH_REPORTS_SIZE` (100000) slots. Self-contained: a diagram part may be added beside it.
 */
const SIZE = Number(process.env['BENCH_REPORTS_SIZE'] ?? 100_000);
const SETTLE_SECONDS = Number(process.env['BENCH_SETTLE_SECONDS'] ?? 15);
const TENANT = 'bench';
const TARGET_CSV_SHARE = 0.5;
const TARGET_PDF_SECONDS = 10;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

/** Runs `work`, sampling this process's RSS every 20 ms: its time and the highest RSS seen. */
async function measured<T>(what: string, work: () => Promise<T>): Promise<{ ms: number; peakRss: number; startRss: number; value: T }> {
  const note = await settle(SETTLE_SECONDS * 1000);
  if (note) console.log(`reports: ${what}: ${note}`);
  global.gc?.();
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const started = performance.now();
  try {
    const value = await work();
    return { ms: performance.now() - started, peakRss: Math.max(peakRss, process.memoryUsage.rss()), startRss, value };
  } finally {
    clearInterval(sampler);
  }
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-reports-'));
  let readStore: SqliteReadStore | undefined;
  try {
    // As the reporter app opens it (and the standalone app: writer and reader threads).
    readStore = openSqliteReadStore(join(dir, 'strata.db'), { writerThread: true, readerThread: true });
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const building = performance.now();
    const job = await ingestJob(readStore, 'job-1', new DemoEstate(SIZE, 'one'), new Date(t0));
    const audit = await new ScopeEvaluator({ readStore, inputs: new TenantAuditInputs(readStore), clock: () => new Date(t0 + 60_000) }).evaluate({ tenantId: TENANT, jobId: 'job-1' });
    const findings = await readStore.collection(findingsCollection).forTenant(TENANT).count({ status: 'open' });
    await readStore.collection(tenantsCollection).forTenant(PLATFORM_SCOPE).upsert(TENANT, { id: TENANT, name: 'Bench Corp', created_at: new Date(t0).toISOString() });
    const jobView = {
      id: 'job-1', tenant_id: TENANT, name: 'demo 100k', status: 'completed', plugins: ['demo'], credential_id: 'c', config: {},
      stats: { nodes_discovered: job.nodes, nodes_updated: 0, nodes_removed: 0, edges_created: job.edges, findings_created: audit.findingsCreated, findings_resolved: 0, duration_seconds: 60 },
      progress: { phase: 'completed', percent: 100, counts: {} }, created_at: new Date(t0).toISOString(), started_at: new Date(t0).toISOString(), completed_at: new Date(t0 + 60_000).toISOString(),
      internal: { plugin_counts: {}, plugins_completed: 1, last_activity_at: new Date(t0).toISOString() },
    } as unknown as JobView;
    await readStore.collection(jobsCollection).forTenant(TENANT).upsert('job-1', jobView);
    console.log(`reports: demo estate of ${fmt(SIZE)} slots: ${fmt(job.nodes)} nodes, ${fmt(job.edges)} edges, ${fmt(findings)} open findings; built and audited in ${seconds(performance.now() - building)}`);

    const blobStore = new FilesystemBlobStore(join(dir, 'reports'));
    const handler = new GenerateReportHandler({ readStore, blobStore, sources: reportSources(readStore) });
    const reports = readStore.collection(reportsCollection).forTenant(TENANT);
    const generate = async (id: string, format: ReportRecord['format'], sections: ReportRecord['sections']): Promise<ReportRecord> => {
      const now = new Date().toISOString();
      await reports.upsert(id, { id, tenant_id: TENANT, format, status: 'queued', title: null, job_id: 'job-1', sections, created_at: now, updated_at: now, completed_at: null, error: null, file: null, progress: { phase: 'queued', percent: 0 } });
      await handler.handle({ tenant_id: TENANT, report_id: id });
      const done = (await reports.get(id))!;
      if (done.status !== 'ready') throw new Error(`report ${id} ${done.status}: ${done.error?.message}`);
      return done;
    };

    // Warm-up (module loading, fonts, the store's caches), not timed.
    await generate('warm-pdf', 'pdf', ['summary']);
    const pdf = await measured('pdf', () => generate('bench-pdf', 'pdf', []));
    const csv = await measured('csv', () => generate('bench-csv', 'csv', ['inventory']));

    // The baseline: the same rows, already in memory, written with csv-stringify alone.
    const nodes = readStore.collection(nodesCollection).forTenant(TENANT);
    const rows: unknown[][] = [];
    for await (const { id, doc } of findAll(nodes, { where: { scope: `demo:${SIZE}`, status: 'active' }, limit: 5_000 })) {
      rows.push([id, doc.type, doc.name, doc.provider, doc.account ?? '', doc.region ?? '', doc.scope, doc.first_seen, doc.last_seen, doc.last_seen_job]);
    }
    // Two ways of csv-stringify alone: its stream fed row by row (the goal's baseline), and a page per call.
    const columns = ['id', 'type', 'name', 'provider', 'account', 'region', 'scope', 'first_seen', 'last_seen', 'last_seen_job'];
    const streamFile = join(dir, 'baseline-stream.csv');
    const streamed = await measured('csv-stringify alone, streamed', async () => {
      await pipeline(Readable.from(rows), stringify({ header: true, columns }), createWriteStream(streamFile));
    });
    const pagedFile = join(dir, 'baseline-paged.csv');
    const paged = await measured('csv-stringify alone, paged', async () => {
      const pages = function* (): Generator<string> {
        for (let at = 0; at < rows.length; at += 5_000) yield stringifySync(rows.slice(at, at + 5_000), at === 0 ? { header: true, columns } : {});
      };
      await pipeline(Readable.from(pages()), createWriteStream(pagedFile));
    });
    const baselineBytes = (await stat(streamFile)).size;
    if ((await stat(pagedFile)).size !== baselineBytes) throw new Error('the two baselines wrote different files');

    const csvRows = csv.value.rows ?? 0;
    const share = streamed.ms / csv.ms;
    const pagedShare = paged.ms / csv.ms;
    console.log(`\nReports of the demo estate's job (${fmt(job.nodes)} nodes, ${fmt(findings)} open findings), generated by GenerateReportHandler to the filesystem store`);
    console.log(`  PDF, every section with data: ${seconds(pdf.ms)}, ${fmt(pdf.value.file!.size_bytes)} bytes; peak RSS ${mib(pdf.peakRss)} (${mib(pdf.peakRss - pdf.startRss)} over the ${mib(pdf.startRss)} before)`);
    console.log(`  CSV of every node:            ${seconds(csv.ms)}, ${fmt(csvRows)} rows (${fmt(csvRows / (csv.ms / 1000))} rows/s), ${fmt(csv.value.file!.size_bytes)} bytes; peak RSS ${mib(csv.peakRss)} (${mib(csv.peakRss - csv.startRss)} over the ${mib(csv.startRss)} before)`);
    console.log(`  csv-stringify alone, same rows from memory, ${fmt(baselineBytes)} bytes: streamed row by row ${seconds(streamed.ms)} (${fmt(rows.length / (streamed.ms / 1000))} rows/s), a page of 5,000 per call ${seconds(paged.ms)} (${fmt(rows.length / (paged.ms / 1000))} rows/s)`);
    console.log('  goals:');
    console.log(`    CSV ≥ ${TARGET_CSV_SHARE * 100} % of csv-stringify alone (its stream, row by row): ${(share * 100).toFixed(1)} % → ${verdict(share >= TARGET_CSV_SHARE && csvRows === rows.length)}`);
    console.log(`      (of csv-stringify a page per call, the stricter reading: ${(pagedShare * 100).toFixed(1)} % → ${verdict(pagedShare >= TARGET_CSV_SHARE && csvRows === rows.length)})`);
    console.log(`    PDF < ${TARGET_PDF_SECONDS} s: ${seconds(pdf.ms)} → ${verdict(pdf.ms < TARGET_PDF_SECONDS * 1000)}`);
  } finally {
    await readStore?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
