import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { eventEnvelopeSchema, type EventEnvelope } from '@strata/contracts';
import { JetStreamConsumer } from '@strata/platform-messaging';
import { DeliveryRecorder } from './delivery-recorder';

/** The notifier's durable consumer of every relayed event. */
export const RECORD_DELIVERIES_DURABLE = 'notifier-webhooks';

/** Every event on `events.>`, as an envelope: recorded as deliveries for the webhooks that want it. */
@Controller()
export class RecordDeliveriesConsumer {
  constructor(@Inject(DeliveryRecorder) private readonly recorder: DeliveryRecorder) {}

  @JetStreamConsumer({ stream: 'events', durable: RECORD_DELIVERIES_DURABLE, filterSubject: 'events.>', schema: eventEnvelopeSchema, concurrency: 8 })
  async record(@Payload() envelope: EventEnvelope): Promise<void> {
    await this.recorder.record(envelope);
  }
}
