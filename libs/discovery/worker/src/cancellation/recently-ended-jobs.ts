/**
 * The jobs this worker heard end most recently, so a work item of such a job that is picked up
 * later is skipped instead of run for nothing. Bounded: the oldest entries go first; a job not
 * remembered any more is simply run, and the orchestrator ignores its reports.
 */
export class RecentlyEndedJobs {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = 1_000) {}

  add(tenantId: string, jobId: string): void {
    const key = jobKey(tenantId, jobId);
    this.keys.delete(key);
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
  }

  has(tenantId: string, jobId: string): boolean {
    return this.keys.has(jobKey(tenantId, jobId));
  }
}

/** Both ids are subject tokens, which cannot contain a dot. */
export const jobKey = (tenantId: string, jobId: string): string => `${tenantId}.${jobId}`;
