/**
 * How an internal service follows Strata's events on NATS with a durable consumer of its own:
 * here every tenant's `job.JobCompleted`. Run it with
 *   NATS_URL=nats://127.0.0.1:4222 STRATA_NS= node -r @swc-node/register libs/events/feature/examples/subscribe.example.ts
 * Each message is one envelope (id, type, tenant_id, time, version, data); `GET /api/v1/events/types`
 * and `/api/v1/asyncapi.json` describe every type's `data`.
 */
// #region readme (the root README shows this region verbatim; readme-example.spec.ts checks it)
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { EventEnvelope } from '@strata/contracts';

export interface EventSubscription {
  /** Stops reading (what is being handled finishes) and closes the connection. */
  stop(): Promise<void>;
}

export async function subscribeToEvents(options: {
  servers: string;
  /** The installation's STRATA_NS: it prefixes every subject (`<ns>.events...`) and the stream (`<ns>_EVENTS`). */
  namespace: string;
  /** Your service's own durable name: the server remembers where it got to, across restarts. */
  durable: string;
  /** `events.<tenant>.<category>.<Name>`, `*` for a token: `events.*.job.JobCompleted`, `events.acme.finding.>`. */
  filter: string;
  onEvent: (event: EventEnvelope) => Promise<void>;
}): Promise<EventSubscription> {
  const prefix = options.namespace ? `${options.namespace}.` : '';
  const stream = options.namespace ? `${options.namespace}_EVENTS` : 'EVENTS';
  const nc = await connect({ servers: options.servers });
  const jsm = await jetstreamManager(nc);
  // Idempotent: a restart finds its durable and carries on where it acknowledged up to.
  await jsm.consumers.add(stream, {
    durable_name: options.durable,
    filter_subject: prefix + options.filter,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.New, // DeliverPolicy.All replays what the stream keeps (30 days) first
  });
  const consumer = await jetstream(nc).consumers.get(stream, options.durable);
  const messages = await consumer.consume({ max_messages: 10 });
  const reading = (async () => {
    for await (const message of messages) {
      let handled = false;
      try {
        await options.onEvent(message.json<EventEnvelope>());
        handled = true;
      } catch (error) {
        console.error(`event ${message.seq} failed; redelivered in 5 s`, error);
      }
      // Redelivery is at least once: dedupe on the envelope's id if an effect must happen once.
      if (handled) message.ack();
      else message.nak(5_000);
    }
  })();
  return {
    async stop() {
      await messages.close();
      await reading;
      await nc.drain();
    },
  };
}
// #endregion readme

if (require.main === module) {
  void subscribeToEvents({
    servers: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
    namespace: process.env['STRATA_NS'] ?? '',
    durable: 'my-service-job-completed',
    filter: 'events.*.job.JobCompleted',
    onEvent: async (event) => console.log(event.tenant_id, event.type, event.id, JSON.stringify(event.data)),
  }).then((subscription) => process.once('SIGINT', () => void subscription.stop()));
}
