import { isJobEndEvent, subjects, type EventEnvelope } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import { KeyedLock } from '@strata/shared-domain';
import { jobEventOfEnvelope } from '../orchestrator/job-command-handler';
import { closingLine, progressLine } from './job-log-lines';

/** Header on a job's last log line: the SSE stream ends after it. */
export const LOG_END_HEADER = 'Strata-Log-End';

/**
 * Writes the job's own lines into its log: how storing, reconciling and auditing go, and a
 * summary marked as the last line once it has ended. Each line's message id is its event's, so
 * a redelivered event does not repeat it.
 */
export class NarrateJobLogHandler {
  /** A job's log lines are written one at a time, in the order of its events. */
  private readonly logLock = new KeyedLock();

  constructor(
    private readonly messaging: MessagingClient,
    private readonly now: () => Date,
  ) {}

  async handle(envelope: EventEnvelope): Promise<void> {
    const event = jobEventOfEnvelope(envelope);
    const { jobId } = event.data as { jobId: string };
    const subject = subjects.logs(envelope.tenant_id, jobId);
    await this.logLock.run(jobId, async () => {
      if (isJobEndEvent(event.type)) {
        const line = closingLine(event, this.now().toISOString());
        if (line) await this.messaging.publish(subject, line, { msgId: `${jobId}:log:end`, headers: { [LOG_END_HEADER]: 'true' } });
        return;
      }
      const line = progressLine(event);
      if (line) await this.messaging.publish(subject, line, { msgId: `${jobId}:log:${envelope.id}` });
    });
  }
}
