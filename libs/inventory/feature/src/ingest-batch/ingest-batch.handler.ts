import type { ResourceBatch } from '@strata/contracts';
import { PoisonMessageError, type ConsumedMessage } from '@strata/platform-messaging';
import type { Logger } from '@strata/platform-observability';
import type { EndedJobCounter } from '../count-ended-job/ended-job-counter';
import type { ScopeReconciler } from '../reconcile-scope/scope-reconciler';
import { annotateJobSpan } from '../report-to-jobs/annotate-job-span';
import type { InventoryReports } from '../report-to-jobs/inventory-reports';
import type { BatchIngestor } from './batch-ingestor';

/** Stores one resource batch (`BatchIngestor`), or reports its job rejected over the node limit. */
export class IngestBatchHandler {
  constructor(
    private readonly ingestor: BatchIngestor,
    private readonly reconciler: ScopeReconciler,
    private readonly endedJobs: EndedJobCounter,
    private readonly reports: InventoryReports,
    private readonly logger: Logger,
  ) {}

  async handle({ subject, data: batch }: ConsumedMessage<ResourceBatch>): Promise<void> {
    // discovery.batches.<tenant>.<job>: the subject is what the stream's permissions vouch for.
    const [, , tenant, job] = subject.split('.');
    if (tenant !== batch.tenantId || job !== batch.jobId) {
      throw new PoisonMessageError(`batch for ${batch.tenantId}/${batch.jobId} arrived on ${subject}`);
    }
    annotateJobSpan(batch.tenantId, batch.jobId);
    const result = await this.ingestor.ingest(batch);
    if (result.outcome === 'rejected') {
      // Acknowledged once the report is out: the job fails, its batches are not retried.
      if (!result.rejection.reported) await this.reports.rejected(batch.tenantId, result.rejection);
      return;
    }
    this.reconciler.batchIngested();
    // After the batch is stored (see EndedJobCounter): a batch of an ended job adds to what it kept.
    if (result.outcome === 'ingested') await this.endedJobs.jobChanged(batch.tenantId, batch.jobId);
    this.logger.debug({ tenantId: batch.tenantId, jobId: batch.jobId, plugin: batch.plugin, attempt: batch.attempt, sequence: batch.sequence, ...result }, 'batch ingested');
  }
}
