import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { JetStreamConsumer, NatsMessageContext, type JetStreamConsumerOptions } from '@strata/platform-messaging';
import { INVENTORY_DURABLES } from '../inventory-durables';
import { CountEndedJobHandler } from './count-ended-job.handler';
import { relayedJobEndedSchema, type RelayedJobEnded } from './job-ended.schema';

const jobEnded = (durable: string, type: 'JobCancelled' | 'JobFailed'): JetStreamConsumerOptions => ({
  stream: 'events',
  durable,
  filterSubject: `events.*.job.${type}`,
  // Created by the upgrade that brought it: the ends of jobs long over, still in the stream,
  // would each be counted and recorded at once, a burst of events about old jobs.
  deliverPolicy: 'new',
  schema: relayedJobEndedSchema,
});

/** Every job's `JobCancelled` and `JobFailed`: one durable each (nats-server 2.9 takes one filter per consumer). */
@Controller()
export class CountEndedJobConsumer {
  constructor(@Inject(CountEndedJobHandler) private readonly handler: CountEndedJobHandler) {}

  @JetStreamConsumer(jobEnded(INVENTORY_DURABLES.jobCancelled, 'JobCancelled'))
  cancelled(@Payload() event: RelayedJobEnded, @Ctx() context: NatsMessageContext): Promise<void> {
    return this.handler.handle(context.toConsumedMessage(event));
  }

  @JetStreamConsumer(jobEnded(INVENTORY_DURABLES.jobFailed, 'JobFailed'))
  failed(@Payload() event: RelayedJobEnded, @Ctx() context: NatsMessageContext): Promise<void> {
    return this.handler.handle(context.toConsumedMessage(event));
  }
}
