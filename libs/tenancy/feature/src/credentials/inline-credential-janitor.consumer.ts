import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { JOB_CATEGORY, type EventEnvelope } from '@strata/contracts';
import { JetStreamConsumer } from '@strata/platform-messaging';
import { InlineCredentialJanitor } from './inline-credential-janitor';

/** Every job event, as the relay publishes it: the janitor acts on the ends. */
@Controller()
export class InlineCredentialJanitorConsumer {
  constructor(@Inject(InlineCredentialJanitor) private readonly janitor: InlineCredentialJanitor) {}

  @JetStreamConsumer({ stream: 'events', durable: 'inline-credential-janitor', filterSubject: `events.*.${JOB_CATEGORY}.>`, concurrency: 4 })
  onJobEvent(@Payload() event: EventEnvelope): Promise<void> {
    return this.janitor.onJobEvent(event);
  }
}
