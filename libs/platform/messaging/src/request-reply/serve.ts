import type { Msg, MsgHdrs, Subscription } from '@nats-io/nats-core';
import { SpanKind } from '@opentelemetry/api';
import { decodeJson, encodeJson, type PayloadSchema } from '../codec/json-codec';
import { fromMsgHdrs, toMsgHdrs } from '../codec/message-headers';
import type { MessagingRuntime } from '../messaging-runtime';
import { inMessagingSpan, markFailed } from '../tracing/messaging-spans';
import { extractTraceContext } from '../tracing/trace-context';
import { BAD_REQUEST, HANDLER_FAILED, SERVICE_ERROR_CODE_HEADER, SERVICE_ERROR_HEADER } from './reply-status';

/** Instances of one service share requests: each goes to one member of the queue group. */
export const DEFAULT_QUEUE_GROUP = 'strata';

export interface IncomingRequest<TRequest> {
  /** The subject as the contracts name it (without the namespace). */
  subject: string;
  data: TRequest;
  headers: Readonly<Record<string, string>>;
}

export type RequestHandler<TRequest, TResponse> = (request: IncomingRequest<TRequest>) => Promise<TResponse> | TResponse;

export interface ServeOptions<TRequest> {
  /** Queue group the instances of a service share (default {@link DEFAULT_QUEUE_GROUP}). */
  queue?: string;
  /** Validates requests; a mismatch is answered with a 400 error reply without calling the handler. */
  schema?: PayloadSchema<TRequest>;
}

/** A running request handler. */
export interface Responder {
  readonly subject: string;
  /** Stops taking requests and waits for those being answered. */
  stop(): Promise<void>;
}

type Reply = { data: Uint8Array; headers?: MsgHdrs };

/** Answers requests on `subject` with the handler's result as JSON, or with an error reply. */
export function serveRequests<TRequest, TResponse>(
  runtime: MessagingRuntime,
  subject: string,
  handler: RequestHandler<TRequest, TResponse>,
  { queue = DEFAULT_QUEUE_GROUP, schema }: ServeOptions<TRequest> = {},
): Responder {
  const inFlight = new Set<Promise<void>>();
  const answer = async (msg: Msg): Promise<void> => {
    const attributes = { 'messaging.destination.name': subject, 'messaging.operation.type': 'process' };
    const parent = extractTraceContext(msg.headers);
    await inMessagingSpan({ name: `serve ${subject}`, kind: SpanKind.SERVER, parent, attributes }, async (span) => {
      const reply = await replyTo(msg, runtime.namespace.localSubject(msg.subject), handler, schema, (error, code) => {
        markFailed(span, error);
        if (code === HANDLER_FAILED) runtime.logger.error({ err: error, subject }, 'request handler failed');
      });
      msg.respond(reply.data, reply.headers ? { headers: reply.headers } : undefined);
    });
  };

  const subscription: Subscription = runtime.nc.subscribe(runtime.namespace.subject(subject), {
    queue,
    callback: (error, msg) => {
      if (error) {
        runtime.logger.error({ err: error, subject }, 'request subscription failed');
        return;
      }
      const answering = answer(msg).catch((failure: unknown) =>
        runtime.logger.error({ err: failure, subject }, 'could not send a reply'),
      );
      inFlight.add(answering);
      void answering.finally(() => inFlight.delete(answering));
    },
  });

  let stopped: Promise<void> | undefined;
  return {
    subject,
    stop: () =>
      (stopped ??= (async () => {
        if (!subscription.isClosed()) await subscription.drain();
        await Promise.all(inFlight);
      })()),
  };
}

async function replyTo<TRequest, TResponse>(
  msg: Msg,
  localSubject: string,
  handler: RequestHandler<TRequest, TResponse>,
  schema: PayloadSchema<TRequest> | undefined,
  onFailure: (error: unknown, code: number) => void,
): Promise<Reply> {
  let data: TRequest;
  try {
    data = decodeJson(msg.data, schema);
  } catch (error) {
    onFailure(error, BAD_REQUEST);
    return errorReply(BAD_REQUEST, messageOf(error));
  }
  try {
    return { data: encodeJson(await handler({ subject: localSubject, data, headers: fromMsgHdrs(msg.headers) })) };
  } catch (error) {
    onFailure(error, HANDLER_FAILED);
    return errorReply(HANDLER_FAILED, messageOf(error));
  }
}

function errorReply(code: number, message: string): Reply {
  // A header value cannot span lines.
  const oneLine = message.replace(/[\r\n]+/g, ' ');
  return { data: new Uint8Array(0), headers: toMsgHdrs({ [SERVICE_ERROR_HEADER]: oneLine, [SERVICE_ERROR_CODE_HEADER]: String(code) }) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
