import { createHmac, timingSafeEqual } from 'node:crypto';

export const STRATA_EVENT_HEADER = 'X-Strata-Event';
export const STRATA_TIMESTAMP_HEADER = 'X-Strata-Timestamp';
export const STRATA_DELIVERY_HEADER = 'X-Strata-Delivery';
export const STRATA_SIGNATURE_HEADER = 'X-Strata-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface SignDeliveryInput {
  readonly secret: string;
  /** Unix seconds. */
  readonly timestamp: number;
  /** The raw body exactly as sent. */
  readonly body: string | Uint8Array;
  readonly deliveryId: string;
  readonly eventType: string;
}

export type StrataDeliveryHeaders = Readonly<Record<'X-Strata-Event' | 'X-Strata-Timestamp' | 'X-Strata-Delivery' | 'X-Strata-Signature', string>>;

/** `sha256=` + hex HMAC-SHA256(secret, "<timestamp>.<raw body>"). */
export function computeSignature(secret: string, timestamp: number | string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export function signDelivery(input: SignDeliveryInput): StrataDeliveryHeaders {
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0) throw new RangeError('timestamp must be whole unix seconds');
  return {
    [STRATA_EVENT_HEADER]: input.eventType,
    [STRATA_TIMESTAMP_HEADER]: String(input.timestamp),
    [STRATA_DELIVERY_HEADER]: input.deliveryId,
    [STRATA_SIGNATURE_HEADER]: computeSignature(input.secret, input.timestamp, input.body),
  } as StrataDeliveryHeaders;
}

export type HeaderSource = Headers | { get(name: string): string | null } | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifySignatureInput {
  readonly secret: string;
  readonly headers: HeaderSource;
  readonly body: string | Uint8Array;
  /** Milliseconds since the epoch; default `Date.now()`. */
  readonly now?: number;
  readonly toleranceSeconds?: number;
}

export type VerifyResult =
  | { readonly ok: true; readonly timestamp: number; readonly deliveryId: string | null; readonly eventType: string | null }
  | { readonly ok: false; readonly reason: string };

const SIGNATURE = /^sha256=[0-9a-f]{64}$/;

/** Checks a delivery's signature and freshness, in constant time over the signature. */
export function verifySignature(input: VerifySignatureInput): VerifyResult {
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const timestampHeader = header(input.headers, STRATA_TIMESTAMP_HEADER);
  const signature = header(input.headers, STRATA_SIGNATURE_HEADER);
  if (timestampHeader === null) return { ok: false, reason: `missing ${STRATA_TIMESTAMP_HEADER}` };
  if (signature === null) return { ok: false, reason: `missing ${STRATA_SIGNATURE_HEADER}` };
  if (!/^\d{1,15}$/.test(timestampHeader)) return { ok: false, reason: `malformed ${STRATA_TIMESTAMP_HEADER}` };
  if (!SIGNATURE.test(signature)) return { ok: false, reason: `malformed ${STRATA_SIGNATURE_HEADER}: expected sha256=<64 hex digits>` };
  const timestamp = Number(timestampHeader);
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  if (timestamp < nowSeconds - tolerance) return { ok: false, reason: `timestamp older than ${tolerance} s` };
  if (timestamp > nowSeconds + tolerance) return { ok: false, reason: `timestamp more than ${tolerance} s in the future` };
  const expected = Buffer.from(computeSignature(input.secret, timestampHeader, input.body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
  return {
    ok: true,
    timestamp,
    deliveryId: header(input.headers, STRATA_DELIVERY_HEADER),
    eventType: header(input.headers, STRATA_EVENT_HEADER),
  };
}

function header(source: HeaderSource, name: string): string | null {
  if (typeof (source as { get?: unknown }).get === 'function') return (source as { get(name: string): string | null }).get(name);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(source as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value.length === 1 ? (value[0] ?? null) : null;
  }
  return null;
}
