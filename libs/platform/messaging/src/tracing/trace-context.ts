import { context, propagation, ROOT_CONTEXT, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import type { MsgHdrs } from '@nats-io/nats-core';

const setter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

const getter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => carrier?.keys() ?? [],
  // MsgHdrs.get answers "" for a missing key; propagators expect undefined.
  get: (carrier, key) => (carrier?.has(key) ? carrier.get(key) : undefined),
};

/** Writes the context's trace (`traceparent`, `tracestate`, per the global propagator) into NATS headers. */
export function injectTraceContext(hdrs: MsgHdrs, from: Context = context.active()): void {
  propagation.inject(from, hdrs, setter);
}

/**
 * The trace context a message carries. Extracted onto the root context, not the active one: the
 * receiving side's own context (whatever started the consumer) is not the message's parent.
 */
export function extractTraceContext(hdrs: MsgHdrs | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, hdrs, getter);
}
