import type { JobError } from '@strata/contracts';
import type { ReadStore, TenantCollection } from '@strata/platform-read-store';
import { jobRejectionsCollection, type JobRejection } from '../read-model/inventory-collections';

/** The jobs inventory refused, per tenant: their batches are skipped and they are never reconciled. */
export class JobRejections {
  constructor(private readonly readStore: ReadStore) {}

  get(tenantId: string, jobId: string): Promise<JobRejection | undefined> {
    return this.of(tenantId).get(jobId);
  }

  /** Records the refusal (the first one stands if the job was refused already) and returns it. */
  async reject(tenantId: string, jobId: string, error: JobError, now: string): Promise<JobRejection> {
    const rejections = this.of(tenantId);
    const existing = await rejections.get(jobId);
    if (existing) return existing;
    const rejection: JobRejection = { job_id: jobId, error, rejected_at: now, reported: false };
    await rejections.upsert(jobId, rejection);
    return rejection;
  }

  /** The `InventoryRejected` report of the job was published. */
  async markReported(tenantId: string, rejection: JobRejection): Promise<void> {
    if (!rejection.reported) await this.of(tenantId).upsert(rejection.job_id, { ...rejection, reported: true });
  }

  private of(tenantId: string): TenantCollection<JobRejection> {
    return this.readStore.collection(jobRejectionsCollection).forTenant(tenantId);
  }
}
