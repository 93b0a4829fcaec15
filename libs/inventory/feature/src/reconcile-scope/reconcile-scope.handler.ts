import { PoisonMessageError, type ConsumedMessage } from '@strata/platform-messaging';
import type { EndedJobCounter } from '../count-ended-job/ended-job-counter';
import type { CloudNodeLinker } from '../link-cloud-nodes/cloud-node-linker';
import type { ScopeChangedEvents } from '../job-changes/scope-changed-events';
import { annotateJobSpan } from '../report-to-jobs/annotate-job-span';
import type { InventoryReports } from '../report-to-jobs/inventory-reports';
import type { RelayedDiscoveryFinished } from './discovery-finished.schema';
import type { ScopeReconciler } from './scope-reconciler';

/**
 * Reconciles a job whose discovery finished (`ScopeReconciler`), draws the links to other
 * providers' nodes its nodes now have (`CloudNodeLinker`), and reports its figures: the audit
 * that follows the report sees the links.
 */
export class ReconcileScopeHandler {
  constructor(
    private readonly reconciler: ScopeReconciler,
    private readonly endedJobs: EndedJobCounter,
    private readonly reports: InventoryReports,
    private readonly links: CloudNodeLinker,
    private readonly scopeChanges?: ScopeChangedEvents,
  ) {}

  async handle({ subject, data: event }: ConsumedMessage<RelayedDiscoveryFinished>): Promise<void> {
    const { tenantId, jobId, runs, startedAt } = event.data;
    // events.<tenant>.job.DiscoveryFinished
    if (subject.split('.')[1] !== tenantId || event.tenant_id !== tenantId) {
      throw new PoisonMessageError(`DiscoveryFinished of job ${jobId} names tenant ${tenantId} but arrived on ${subject}`);
    }
    annotateJobSpan(tenantId, jobId);
    const outcome = await this.reconciler.reconcile({ tenantId, jobId, runs, ...(startedAt ? { startedAt } : {}) }, (progress) =>
      this.reports.progressed(tenantId, jobId, progress),
    );
    if (outcome.kind === 'rejected') {
      // Said again in case the orchestrator missed it; the msgId makes it a duplicate otherwise.
      await this.reports.rejected(tenantId, outcome.rejection);
      return;
    }
    // Also when this reconcile is a repeat: linking is idempotent, and a crash may have come between.
    await this.links.link(tenantId, jobId);
    // Before the report that completes the job: whoever sees it completed can find its ScopeChanged events.
    await this.scopeChanges?.publish(tenantId, jobId);
    await this.reports.reconciled(tenantId, jobId, outcome.stats, outcome.concurrentJobs);
    // A job cancelled while it reconciled keeps what the reconcile removed in its statistics too.
    await this.endedJobs.jobChanged(tenantId, jobId);
  }
}
