import type { DurableConsumer, MessagingClient } from '@strata/platform-messaging';
import { INVENTORY_DURABLES } from '../inventory-durables';
import type { CountEndedJobHandler } from './count-ended-job.handler';
import { relayedJobEndedSchema, type RelayedJobEnded } from './job-ended.schema';

/** Every job's `JobCancelled` and `JobFailed`: one durable each (nats-server 2.9 takes one filter per consumer). */
export async function consumeJobsEnded(messaging: MessagingClient, handler: CountEndedJobHandler): Promise<DurableConsumer<RelayedJobEnded>[]> {
  const consumers: DurableConsumer<RelayedJobEnded>[] = [];
  for (const [durable, type] of [
    [INVENTORY_DURABLES.jobCancelled, 'JobCancelled'],
    [INVENTORY_DURABLES.jobFailed, 'JobFailed'],
  ] as const) {
    consumers.push(
      await messaging.consume<RelayedJobEnded>({
        stream: 'events',
        durable,
        filterSubject: `events.*.job.${type}`,
        // Created by the upgrade that brought it: the ends of jobs long over, still in the stream,
        // would each be counted and recorded at once, a burst of events about old jobs.
        deliverPolicy: 'new',
        schema: relayedJobEndedSchema,
        handler: (message) => handler.handle(message),
      }),
    );
  }
  return consumers;
}
