import type { InventoryFigures } from '@strata/contracts';
import type { ReadStore } from '@strata/platform-read-store';
import { endedJobsCollection, reconciliationsCollection, type EndedJob } from '../read-model/inventory-collections';
import { countJobInventory, reconciledStats } from '../read-model/job-counts';

export interface EndedJobCounterOptions {
  readStore: ReadStore;
  /** Told each count made after a change to what an ended job holds; its failure goes to `onReportError`. */
  report: (tenantId: string, jobId: string, stats: InventoryFigures) => Promise<void>;
  onReportError: (tenantId: string, jobId: string, error: unknown) => void;
  /**
   * How long after a change to what an ended job holds it is counted again (default 1 s), so that the
   * handful of batches still on their way when a job ends make one count, not one each.
   */
  recountDelayMs?: number;
  /** Documents read per round trip while counting (default 1000). */
  pageSize?: number;
}

const DEFAULT_RECOUNT_DELAY_MS = 1_000;
const DEFAULT_PAGE_SIZE = 1_000;

/**
 * Counts what a job that failed or was cancelled kept, the figures reconcile would report for it
 * (a job that ended after its reconcile: the reconcile's own). Its end is recorded before the
 * count, and every change to what the job holds (a stored batch, a reconcile that was under way
 * when the job was cancelled) looks for that record after it is written, so a change is either in
 * the count or looks after the record exists and makes the job be counted again.
 */
export class EndedJobCounter {
  private readonly recounts = new Map<string, { timer: NodeJS.Timeout; run: () => void }>();
  private readonly counting = new Set<Promise<void>>();

  constructor(private readonly options: EndedJobCounterOptions) {}

  /** Records that `jobId` ended (again: a redelivery changes nothing) and counts what it kept. */
  async jobEnded(tenantId: string, job: EndedJob): Promise<InventoryFigures> {
    const ended = this.options.readStore.collection(endedJobsCollection).forTenant(tenantId);
    if (!(await ended.get(job.job_id))) await ended.upsert(job.job_id, job);
    return this.count(tenantId, job.job_id);
  }

  /**
   * After inventory changed what `jobId` holds (stored one of its batches, reconciled its scope):
   * if the job has ended, counts it again shortly.
   */
  async jobChanged(tenantId: string, jobId: string): Promise<void> {
    const ended = await this.options.readStore.collection(endedJobsCollection).forTenant(tenantId).get(jobId);
    if (!ended) return;
    const key = `${tenantId}/${jobId}`;
    if (this.recounts.has(key)) return;
    const timer = setTimeout(() => this.recount(key, tenantId, jobId), this.options.recountDelayMs ?? DEFAULT_RECOUNT_DELAY_MS);
    this.recounts.set(key, { timer, run: () => this.recount(key, tenantId, jobId) });
  }

  /** Makes the counts still waiting now, rather than lose them, and waits for every count under way. */
  async stop(): Promise<void> {
    for (const { timer, run } of [...this.recounts.values()]) {
      clearTimeout(timer);
      run();
    }
    await Promise.all(this.counting);
  }

  private recount(key: string, tenantId: string, jobId: string): void {
    this.recounts.delete(key);
    const counting: Promise<void> = this.count(tenantId, jobId)
      .then((stats) => this.options.report(tenantId, jobId, stats))
      .catch((error: unknown) => this.options.onReportError(tenantId, jobId, error))
      .finally(() => this.counting.delete(counting));
    this.counting.add(counting);
  }

  private async count(tenantId: string, jobId: string): Promise<InventoryFigures> {
    const { readStore } = this.options;
    const reconciled = await readStore.collection(reconciliationsCollection).forTenant(tenantId).get(jobId);
    if (reconciled) return reconciledStats(reconciled);
    return countJobInventory(readStore, tenantId, jobId, this.options.pageSize ?? DEFAULT_PAGE_SIZE);
  }
}
