import { DeliverPolicy, type ConsumerMessages, type OrderedConsumerOptions } from '@nats-io/jetstream';
import type { StreamKey } from '@strata/contracts';
import { decodeJson } from '../codec/json-codec';
import { fromMsgHdrs } from '../codec/message-headers';
import type { MessagingRuntime } from '../messaging-runtime';

export interface FollowOptions {
  /** Start at this stream sequence (e.g. one past the last a client saw); default: the first. */
  fromSequence?: number;
  /** Ends the iteration and releases the server-side consumer. */
  signal?: AbortSignal;
}

export interface FollowedMessage<T> {
  /** The subject as the contracts name it (without the namespace). */
  subject: string;
  data: T;
  headers: Readonly<Record<string, string>>;
  streamSequence: number;
  /** Messages on the subject stored after this one and not yet delivered: 0 once replay has caught up. */
  pending: number;
}

/**
 * Everything stored on one subject, in order, then what arrives live, through an ordered
 * (ephemeral, unacknowledged) consumer: for readers such as a log stream that replay history and
 * keep following, and cost nothing once they stop.
 */
export async function* followSubject<T>(
  runtime: MessagingRuntime,
  stream: StreamKey,
  subject: string,
  { fromSequence, signal }: FollowOptions = {},
): AsyncGenerator<FollowedMessage<T>> {
  const options: Partial<OrderedConsumerOptions> = {
    filter_subjects: runtime.namespace.subject(subject),
    // If this process dies without deleting it, the server drops the consumer soon anyway.
    inactive_threshold: 30_000,
    ...(fromSequence !== undefined && fromSequence > 1
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSequence }
      : { deliver_policy: DeliverPolicy.All }),
  };
  if (signal?.aborted) return;
  const consumer = await runtime.js.consumers.get(runtime.namespace.streamName(stream), options);
  const messages: ConsumerMessages = await consumer.consume();
  const stop = () => void messages.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of messages) {
      yield {
        subject: runtime.namespace.localSubject(message.subject),
        data: decodeJson<T>(message.data),
        headers: fromMsgHdrs(message.headers),
        streamSequence: message.seq,
        pending: message.info.pending,
      };
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    messages.stop();
    // Deleted at once: a reader that went away (an SSE client disconnecting) leaves nothing behind.
    await consumer.delete().catch(() => false);
  }
}
