import { headers as createHeaders, type MsgHdrs } from '@nats-io/nats-core';

/** NATS headers carrying `values`; a fresh object each time, so callers may add to it. */
export function toMsgHdrs(values: Readonly<Record<string, string>> = {}): MsgHdrs {
  const hdrs = createHeaders();
  for (const [key, value] of Object.entries(values)) hdrs.set(key, value);
  return hdrs;
}

/** Headers as a plain record (the last value of a repeated key), so handlers need no NATS types. */
export function fromMsgHdrs(hdrs: MsgHdrs | undefined): Readonly<Record<string, string>> {
  const values: Record<string, string> = {};
  if (!hdrs) return values;
  for (const key of hdrs.keys()) values[key] = hdrs.last(key);
  return values;
}
