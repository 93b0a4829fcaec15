import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@strata/contracts';
import { JetStreamConsumer } from '@strata/platform-messaging';
import { DispatchWorkHandler } from './dispatch-work.handler';

/** Every job's `JobStarted`, as the relay publishes it. */
@Controller()
export class DispatchWorkConsumer {
  constructor(@Inject(DispatchWorkHandler) private readonly handler: DispatchWorkHandler) {}

  @JetStreamConsumer({ stream: 'events', durable: 'job-dispatcher', filterSubject: 'events.*.job.JobStarted', concurrency: 4 })
  dispatch(@Payload() started: EventEnvelope): Promise<void> {
    return this.handler.handle(started);
  }
}
