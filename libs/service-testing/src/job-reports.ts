import type { JobReport } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';

/** The durable consumer {@link collectReports} reads with (on the `WORK` stream), for tests that wait until it has read everything. */
export const REPORT_COLLECTOR_DURABLE = 'test-report-collector';

/**
 * Collects every report sent to the job orchestrator (the `work.jobs.reports.>` subjects), in
 * the array returned, as they arrive. The consumer stops when `messaging` closes.
 */
export async function collectReports(messaging: MessagingClient): Promise<JobReport[]> {
  const reports: JobReport[] = [];
  await messaging.consume<JobReport>({
    stream: 'work',
    durable: REPORT_COLLECTOR_DURABLE,
    filterSubject: 'work.jobs.reports.>',
    pullExpiresMs: 1_000,
    handler: async ({ data }) => {
      reports.push(data);
    },
  });
  return reports;
}
