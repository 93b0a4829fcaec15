import type { StoredEvent } from '@strata/platform-event-store';
import type { DurableConsumer, MessagingClient } from '@strata/platform-messaging';
import type { DispatchWorkHandler } from './dispatch-work.handler';

/** Every job's `JobStarted`, as the relay publishes it. */
export function consumeJobsStarted(messaging: MessagingClient, handler: DispatchWorkHandler): Promise<DurableConsumer<StoredEvent>> {
  return messaging.consume<StoredEvent>({
    stream: 'events',
    durable: 'job-dispatcher',
    filterSubject: 'events.*.job.JobStarted',
    concurrency: 4,
    handler: ({ data }) => handler.handle(data),
  });
}
