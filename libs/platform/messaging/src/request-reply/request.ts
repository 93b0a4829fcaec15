import { RequestError, TimeoutError, type Msg } from '@nats-io/nats-core';
import { context, SpanKind } from '@opentelemetry/api';
import { decodeJson, encodeJson, type PayloadSchema } from '../codec/json-codec';
import { toMsgHdrs } from '../codec/message-headers';
import { NoRespondersError, NotConnectedError, RemoteHandlerError, RequestTimeoutError } from '../errors';
import type { MessagingRuntime } from '../messaging-runtime';
import { inMessagingSpan } from '../tracing/messaging-spans';
import { injectTraceContext } from '../tracing/trace-context';
import { HANDLER_FAILED, SERVICE_ERROR_CODE_HEADER, SERVICE_ERROR_HEADER } from './reply-status';

export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

export interface RequestOptions<TResponse> {
  /** Give up after this long with a {@link RequestTimeoutError} (default 5 s). */
  timeoutMs?: number;
  headers?: Readonly<Record<string, string>>;
  /** Validates the reply; a mismatch is a `PayloadDecodeError`. */
  schema?: PayloadSchema<TResponse>;
  /**
   * While the connection is down, wait for it to come back within the timeout (default), or
   * fail at once with {@link NotConnectedError}: for a caller that someone is waiting on.
   */
  waitForReconnect?: boolean;
}

/**
 * Sends `payload` as JSON over core NATS and returns the decoded reply. Fails with
 * {@link RequestTimeoutError}, {@link NoRespondersError}, {@link RemoteHandlerError} or (see
 * `waitForReconnect`) {@link NotConnectedError}.
 */
export async function sendRequest<TResponse>(
  runtime: MessagingRuntime,
  subject: string,
  payload: unknown,
  { timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS, headers, schema, waitForReconnect = true }: RequestOptions<TResponse> = {},
): Promise<TResponse> {
  if (!waitForReconnect && runtime.connection?.connected === false) throw new NotConnectedError(subject);
  const data = encodeJson(payload);
  const attributes = { 'messaging.destination.name': subject, 'messaging.operation.type': 'send' };
  return inMessagingSpan({ name: `request ${subject}`, kind: SpanKind.CLIENT, parent: context.active(), attributes }, async () => {
    const hdrs = toMsgHdrs(headers);
    injectTraceContext(hdrs);
    let reply: Msg;
    try {
      reply = await runtime.nc.request(runtime.namespace.subject(subject), data, { timeout: timeoutMs, headers: hdrs });
    } catch (error) {
      throw translateRequestError(error, subject, timeoutMs);
    }
    if (reply.headers?.has(SERVICE_ERROR_HEADER)) {
      const code = Number(reply.headers.get(SERVICE_ERROR_CODE_HEADER)) || HANDLER_FAILED;
      throw new RemoteHandlerError(subject, code, reply.headers.get(SERVICE_ERROR_HEADER));
    }
    return decodeJson(reply.data, schema);
  });
}

function translateRequestError(error: unknown, subject: string, timeoutMs: number): unknown {
  if (error instanceof TimeoutError) return new RequestTimeoutError(subject, timeoutMs, { cause: error });
  if (error instanceof RequestError && error.isNoResponders()) return new NoRespondersError(subject, { cause: error });
  return error;
}
