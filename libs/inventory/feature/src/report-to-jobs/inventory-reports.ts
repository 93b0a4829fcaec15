import { subjects, type InventoryFigures, type JobReport } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import type { Logger } from '@strata/platform-observability';
import type { JobRejections } from '../enforce-node-limit/job-rejections';
import type { JobRejection } from '../read-model/inventory-collections';
import type { IngestProgress } from '../reconcile-scope/scope-reconciler';

/**
 * What inventory tells the job orchestrator, on `work.jobs.reports.<tenant>`. Each report has a
 * deterministic msgId, so one sent again (a redelivery, a repeated reconcile) is a duplicate.
 */
export class InventoryReports {
  constructor(
    private readonly messaging: MessagingClient,
    private readonly rejections: JobRejections,
    private readonly logger: Logger,
  ) {}

  /** The job would take its tenant past the node limit: it fails with the rejection's error. */
  async rejected(tenantId: string, rejection: JobRejection): Promise<void> {
    await this.send({ type: 'InventoryRejected', tenantId, jobId: rejection.job_id, error: rejection.error }, `${rejection.job_id}:inventory-rejected`);
    await this.rejections.markReported(tenantId, rejection);
    this.logger.warn({ tenantId, jobId: rejection.job_id, error: rejection.error }, 'job rejected');
  }

  async reconciled(tenantId: string, jobId: string, stats: InventoryFigures, concurrentJobs: readonly string[]): Promise<void> {
    const report: JobReport = { type: 'InventoryReconciled', tenantId, jobId, ...stats, ...(concurrentJobs.length > 0 ? { concurrentJobs: [...concurrentJobs] } : {}) };
    await this.send(report, `${jobId}:inventory-reconciled`);
    this.logger.info({ tenantId, jobId, ...stats }, 'inventory reconciled');
  }

  /** What a job that failed or was cancelled kept, for its statistics; a repeat of the same figures is a duplicate. */
  async counted(tenantId: string, jobId: string, stats: InventoryFigures): Promise<void> {
    const figures = [stats.nodesDiscovered, stats.nodesUpdated, stats.nodesRemoved, stats.edgesCreated].join(':');
    await this.send({ type: 'InventoryCounted', tenantId, jobId, ...stats }, `${jobId}:inventory-counted:${figures}`);
    this.logger.info({ tenantId, jobId, ...stats }, 'counted what an ended job kept');
  }

  /**
   * How far ingest is while reconcile waits for a job's last batches, which also keeps a long
   * catch-up from looking like silence. Best effort: the reconcile goes on without it.
   */
  async progressed(tenantId: string, jobId: string, { batchesIngested, batchesTotal }: IngestProgress): Promise<void> {
    try {
      await this.send({ type: 'InventoryProgressed', tenantId, jobId, batchesIngested, batchesTotal }, `${jobId}:inventory-progress:${batchesIngested}`);
    } catch (error) {
      this.logger.warn({ tenantId, jobId, err: error }, 'could not report ingest progress');
    }
  }

  private async send(report: JobReport, msgId: string): Promise<void> {
    await this.messaging.publish(subjects.jobReports(report.tenantId), report, { msgId });
  }
}
