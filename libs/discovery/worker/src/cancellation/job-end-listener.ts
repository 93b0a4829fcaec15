import type { Subscription } from '@nats-io/nats-core';
import type { MessagingClient } from '@strata/platform-messaging';
import type { Logger } from '@strata/platform-observability';
import { RUN_ABORTING_JOB_ENDS, jobEndSubjectPattern, parseJobEndEvent, type EndedJob } from './job-end-event';

/**
 * Hears every tenant's `JobCancelled` and `JobFailed` as the projector relays them, on a plain
 * core NATS subscription: each worker must hear every end (a durable consumer would share them
 * out), and one missed while disconnected only costs a run that finishes for nothing.
 */
export class JobEndListener {
  private constructor(private readonly subscriptions: Subscription[]) {}

  /** Subscribes and waits until the server has the interest, so no later end is missed. */
  static async listen(messaging: MessagingClient, onEnded: (job: EndedJob) => void, logger: Logger): Promise<JobEndListener> {
    const { connection, namespace } = messaging;
    const subscriptions = RUN_ABORTING_JOB_ENDS.map((type) =>
      connection.subscribe(namespace.subject(jobEndSubjectPattern(type)), {
        callback: (error, msg) => {
          if (error) {
            logger.warn({ err: error }, 'job end subscription failed');
            return;
          }
          let ended: EndedJob | undefined;
          try {
            ended = parseJobEndEvent(namespace.localSubject(msg.subject), msg.json<unknown>());
          } catch {
            ended = undefined;
          }
          if (ended) onEnded(ended);
          else logger.warn({ subject: msg.subject }, 'ignoring a job end event that names no job');
        },
      }),
    );
    await connection.flush();
    return new JobEndListener(subscriptions);
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
