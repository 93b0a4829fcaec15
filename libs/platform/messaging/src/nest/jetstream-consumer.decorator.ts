import { EventPattern } from '@nestjs/microservices';
import type { DurableConsumerOptions } from '../consumer/durable-consumer';

/** Everything a durable consumer takes except the handler, which is the decorated method. */
export type JetStreamConsumerOptions = Omit<DurableConsumerOptions<unknown>, 'handler'>;

const EXTRAS_KEY = 'strataJetStreamConsumer';

/**
 * Makes the method the handler of a durable JetStream consumer. Resolving acknowledges the
 * message; throwing redelivers it later; throwing `PoisonMessageError` terminates it.
 *
 * Registered as a Nest event handler keyed by stream and durable (not by subject), so two
 * durables on the same subject stay two separate consumers.
 */
export function JetStreamConsumer(options: JetStreamConsumerOptions): MethodDecorator {
  return EventPattern(`jetstream:${options.stream}:${options.durable}`, { [EXTRAS_KEY]: options });
}

export function jetStreamConsumerOptions(extras: Record<string, unknown> | undefined): JetStreamConsumerOptions | undefined {
  return extras?.[EXTRAS_KEY] as JetStreamConsumerOptions | undefined;
}
