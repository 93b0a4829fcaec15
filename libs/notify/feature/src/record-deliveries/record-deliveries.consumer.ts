import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { envelopeMatchesSubject, eventEnvelopeSchema } from '@strata/contracts';
import { JetStreamConsumer, NatsMessageContext, PoisonMessageError } from '@strata/platform-messaging';
import { DeliveryRecorder } from './delivery-recorder';

/** The notifier's durable consumer of every relayed event. */
export const RECORD_DELIVERIES_DURABLE = 'notifier-webhooks';

/** Every event on `events.>`, as an envelope: recorded as deliveries for the webhooks that want it. */
@Controller()
export class RecordDeliveriesConsumer {
  constructor(@Inject(DeliveryRecorder) private readonly recorder: DeliveryRecorder) {}

  // A new durable starts at the stream's end: the first notifier of an installation does not send
  // its webhooks the 30 days of events the stream already holds. From then on the durable keeps
  // its place, so events published while the notifier is down are sent when it is back.
  // 256 at once: each message waits for its batch to commit (on the writer thread), so at 32 the
  // consumer was bound by that wait and recorded 10,000 events in about 6 s; at 256 in about 3.5 s.
  @JetStreamConsumer({ stream: 'events', durable: RECORD_DELIVERIES_DURABLE, filterSubject: 'events.>', concurrency: 256, deliverPolicy: 'new' })
  async record(@Payload() payload: unknown, @Ctx() context: NatsMessageContext): Promise<void> {
    // A message that is not an envelope (a publisher not yet switched to it) is nothing a webhook
    // can be sent: skipped quietly rather than terminated with an error line per event.
    const envelope = eventEnvelopeSchema.safeParse(payload);
    if (!envelope.success) return;
    const { subject } = context.toConsumedMessage(envelope.data);
    // Never sent to a tenant the subject does not name.
    if (!envelopeMatchesSubject(subject, envelope.data)) throw new PoisonMessageError(`envelope ${envelope.data.id} (${envelope.data.type} of tenant ${envelope.data.tenant_id}) arrived on ${subject}`);
    await this.recorder.record(envelope.data);
  }
}
