import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { eventEnvelopeSchema, type EventEnvelope } from '@strata/contracts';
import { JetStreamConsumer, NatsMessageContext } from '@strata/platform-messaging';
import { EventRecorder } from './event-recorder';

/** The feed's durable on the events stream; one per installation. */
export const EVENT_FEED_DURABLE = 'event-feed';

/**
 * Every event published on `events.>`, as its envelope. One at a time: the feed's positions
 * must follow the order events are recorded in (see `EventRecorder`). A message that is not an
 * envelope is terminated without being recorded.
 */
@Controller()
export class RecordEventConsumer {
  constructor(@Inject(EventRecorder) private readonly recorder: EventRecorder) {}

  @JetStreamConsumer({ stream: 'events', durable: EVENT_FEED_DURABLE, filterSubject: 'events.>', schema: eventEnvelopeSchema, concurrency: 1 })
  async record(@Payload() envelope: EventEnvelope, @Ctx() context: NatsMessageContext): Promise<void> {
    await this.recorder.record(context.toConsumedMessage(envelope).subject, envelope);
  }
}
