import type { StoredEvent } from '@strata/platform-event-store';
import type { DurableConsumer, MessagingClient } from '@strata/platform-messaging';
import type { NarrateJobLogHandler } from './narrate-job-log.handler';

/** Every job event, as the relay publishes it. */
export function consumeJobEventsForLog(messaging: MessagingClient, handler: NarrateJobLogHandler): Promise<DurableConsumer<StoredEvent>> {
  return messaging.consume<StoredEvent>({
    stream: 'events',
    // Named when it wrote only the closing line; kept, as a new name would leave the old durable
    // behind on every server, collecting every job event unread.
    durable: 'job-log-closer',
    filterSubject: 'events.*.job.>',
    concurrency: 4,
    handler: ({ data }) => handler.handle(data),
  });
}
