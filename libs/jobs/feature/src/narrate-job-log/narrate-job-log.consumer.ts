import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@strata/contracts';
import { JetStreamConsumer } from '@strata/platform-messaging';
import { NarrateJobLogHandler } from './narrate-job-log.handler';

/** Every job event, as the relay publishes it. */
@Controller()
export class NarrateJobLogConsumer {
  constructor(@Inject(NarrateJobLogHandler) private readonly handler: NarrateJobLogHandler) {}

  @JetStreamConsumer({
    stream: 'events',
    // Named when it wrote only the closing line; kept, as a new name would leave the old durable
    // behind on every server, collecting every job event unread.
    durable: 'job-log-closer',
    filterSubject: 'events.*.job.>',
    concurrency: 4,
  })
  narrate(@Payload() envelope: EventEnvelope): Promise<void> {
    return this.handler.handle(envelope);
  }
}
