import type { JetStreamPublishOptions } from '@nats-io/jetstream';
import { RequestError } from '@nats-io/nats-core';
import { context, SpanKind } from '@opentelemetry/api';
import { encodeJson } from '../codec/json-codec';
import { toMsgHdrs } from '../codec/message-headers';
import { MessagingError, NoStreamForSubjectError, PublishConflictError } from '../errors';
import { isJetStreamApiError, JetStreamErrorCode } from '../jetstream-api-errors';
import type { MessagingRuntime } from '../messaging-runtime';
import { inMessagingSpan } from '../tracing/messaging-spans';
import { injectTraceContext } from '../tracing/trace-context';

export interface PublishOptions {
  /**
   * Identifies the message for deduplication: a second publish with the same id within the
   * stream's duplicate window is not stored again. Derive it from what the message is (an event
   * id, `job:<id>:batch:<n>`), never from the time or a random value, so a retried publish
   * carries the same id.
   */
  msgId: string;
  /**
   * Store the message only if the last message on this subject still has this stream sequence
   * (0: only if the subject has none yet); otherwise a {@link PublishConflictError} is thrown.
   */
  expectedLastSubjectSequence?: number;
  headers?: Readonly<Record<string, string>>;
  /** How long to wait for the stream to confirm (default: the client's JetStream timeout, 5 s). */
  timeoutMs?: number;
}

export interface PublishAck {
  stream: string;
  seq: number;
  /** True when the `msgId` was seen within the duplicate window and nothing new was stored. */
  duplicate: boolean;
}

/** Publishes `payload` as JSON to a stream, carrying the active trace in its headers. */
export async function publishToStream(
  runtime: MessagingRuntime,
  subject: string,
  payload: unknown,
  options: PublishOptions,
): Promise<PublishAck> {
  if (!options?.msgId) throw new MessagingError(`publish to ${subject}: a msgId is required for deduplication`);
  const data = encodeJson(payload);
  const attributes = { 'messaging.destination.name': subject, 'messaging.message.id': options.msgId, 'messaging.operation.type': 'send' };

  return inMessagingSpan({ name: `send ${subject}`, kind: SpanKind.PRODUCER, parent: context.active(), attributes }, async () => {
    const hdrs = toMsgHdrs(options.headers);
    injectTraceContext(hdrs);
    const publishOptions: Partial<JetStreamPublishOptions> = { msgID: options.msgId, headers: hdrs };
    if (options.expectedLastSubjectSequence !== undefined) {
      publishOptions.expect = { lastSubjectSequence: options.expectedLastSubjectSequence };
    }
    if (options.timeoutMs !== undefined) publishOptions.timeout = options.timeoutMs;
    try {
      const ack = await runtime.js.publish(runtime.namespace.subject(subject), data, publishOptions);
      return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    } catch (error) {
      throw translatePublishError(error, subject, options);
    }
  });
}

function translatePublishError(error: unknown, subject: string, options: PublishOptions): unknown {
  if (isJetStreamApiError(error, JetStreamErrorCode.wrongLastSequence) && options.expectedLastSubjectSequence !== undefined) {
    return new PublishConflictError(subject, options.expectedLastSubjectSequence, { cause: error });
  }
  // The 3.x client reports "no stream listens on this subject" as a "jetstream is not enabled"
  // error (a class it does not export) caused by a no-responders request error.
  if (error instanceof Error && error.cause instanceof RequestError && error.cause.isNoResponders()) {
    return new NoStreamForSubjectError(subject, { cause: error });
  }
  return error;
}
