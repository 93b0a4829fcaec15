import { PoisonMessageError, type ConsumedMessage } from '@strata/platform-messaging';
import { annotateJobSpan } from '../report-to-jobs/annotate-job-span';
import type { InventoryReports } from '../report-to-jobs/inventory-reports';
import type { EndedJobCounter } from './ended-job-counter';
import type { RelayedJobEnded } from './job-ended.schema';

/** Counts what a job that failed or was cancelled kept (`EndedJobCounter`) and reports it. */
export class CountEndedJobHandler {
  constructor(
    private readonly endedJobs: EndedJobCounter,
    private readonly reports: InventoryReports,
  ) {}

  async handle({ subject, data: event }: ConsumedMessage<RelayedJobEnded>): Promise<void> {
    const tenantId = event.tenant_id;
    const { jobId } = event.data;
    // events.<tenant>.job.<type>
    if (subject.split('.')[1] !== tenantId) throw new PoisonMessageError(`${event.type} of job ${jobId} names tenant ${tenantId} but arrived on ${subject}`);
    annotateJobSpan(tenantId, jobId);
    const ended =
      event.type === 'job.JobCancelled'
        ? { job_id: jobId, outcome: 'cancelled' as const, ended_at: event.data.cancelledAt }
        : { job_id: jobId, outcome: 'failed' as const, ended_at: event.data.failedAt };
    await this.reports.counted(tenantId, jobId, await this.endedJobs.jobEnded(tenantId, ended));
  }
}
