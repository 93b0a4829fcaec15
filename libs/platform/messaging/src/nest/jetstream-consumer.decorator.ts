import { EventPattern } from '@nestjs/microservices';
import type { DurableConsumerOptions } from '../consumer/durable-consumer';

/** Everything a durable consumer takes except the handler, which is the decorated method. */
export type JetStreamConsumerOptions = Omit<DurableConsumerOptions<unknown>, 'handler'>;

/**
 * The tuning of a consumer (concurrency, retries, ack wait) when it is only known once the app's
 * providers exist (options built by an async factory): read when the transport starts listening.
 */
export type JetStreamConsumerTuning = () => Partial<Omit<JetStreamConsumerOptions, 'stream' | 'durable'>>;

const EXTRAS_KEY = 'strataJetStreamConsumer';
const TUNING_KEY = 'strataJetStreamConsumerTuning';

/**
 * Makes the method the handler of a durable JetStream consumer. Resolving acknowledges the
 * message; throwing redelivers it later; throwing `PoisonMessageError` terminates it.
 *
 * Registered as a Nest event handler keyed by stream and durable (not by subject), so two
 * durables on the same subject stay two separate consumers. `tuning`, when given, is merged over
 * `options` at start-up.
 */
export function JetStreamConsumer(options: JetStreamConsumerOptions, tuning?: JetStreamConsumerTuning): MethodDecorator {
  return EventPattern(`jetstream:${options.stream}:${options.durable}`, { [EXTRAS_KEY]: options, ...(tuning ? { [TUNING_KEY]: tuning } : {}) });
}

/** The consumer a `@JetStreamConsumer` method declared, its tuning applied; undefined for any other handler. */
export function jetStreamConsumerOptions(extras: Record<string, unknown> | undefined): JetStreamConsumerOptions | undefined {
  const options = extras?.[EXTRAS_KEY] as JetStreamConsumerOptions | undefined;
  const tuning = extras?.[TUNING_KEY] as JetStreamConsumerTuning | undefined;
  if (!options || !tuning) return options;
  const tuned = Object.fromEntries(Object.entries(tuning()).filter(([, value]) => value !== undefined));
  return { ...options, ...tuned, stream: options.stream, durable: options.durable };
}
