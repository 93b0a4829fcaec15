import type { JobReport } from '@strata/contracts';
import type { DurableConsumer, MessagingClient } from '@strata/platform-messaging';
import type { RecordRunReportHandler } from './record-run-report.handler';

/** The reports of every job, from `work.jobs.reports.<tenant>` (WORK stream: each handled once). */
export function consumeRunReports(messaging: MessagingClient, handler: RecordRunReportHandler): Promise<DurableConsumer<JobReport>> {
  return messaging.consume<JobReport>({
    stream: 'work',
    durable: 'job-orchestrator',
    filterSubject: 'work.jobs.reports.>',
    concurrency: 4,
    handler: (message) => handler.handle(message),
  });
}
