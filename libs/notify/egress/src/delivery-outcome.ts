import { EgressRefusedError } from './egress-refused-error';
import { TooManyRedirectsError } from './safe-fetch';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60 * 60 * 1_000;

export interface DeliveryAttempt {
  /** The response's status, when one came back. */
  readonly status?: number;
  /** What went wrong when no response came back (timeout, connection error, refusal). */
  readonly error?: unknown;
  /** The response's `Retry-After` header (delta seconds or an HTTP date). */
  readonly retryAfter?: string | null;
  /** The attempt just made, from 1. */
  readonly attempt: number;
  /** Milliseconds since the epoch, for a `Retry-After` date; default `Date.now()`. */
  readonly now?: number;
  /** [0, 1); default `Math.random`. */
  readonly random?: () => number;
  readonly baseMs?: number;
  readonly capMs?: number;
}

export type DeliveryOutcome =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'retry'; readonly delayMs: number }
  | { readonly kind: 'final'; readonly reason: string };

/**
 * What a delivery attempt means: 2xx delivered; 408, 429, 5xx, timeouts and connection errors
 * retried after exponential backoff with full jitter (or the server's `Retry-After` on 429 and
 * 503, within the cap); any other status, a refused target and too many redirects are final.
 */
export function classifyDeliveryOutcome(input: DeliveryAttempt): DeliveryOutcome {
  const { status, error } = input;
  if (status === undefined) {
    if (error instanceof EgressRefusedError) return { kind: 'final', reason: error.reason };
    if (error instanceof TooManyRedirectsError) return { kind: 'final', reason: error.message };
    return { kind: 'retry', delayMs: backoffDelay(input) };
  }
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 429 || status === 503) {
    const asked = retryAfterMs(input.retryAfter, input.now ?? Date.now());
    if (asked !== null) return { kind: 'retry', delayMs: Math.min(asked, input.capMs ?? BACKOFF_CAP_MS) };
  }
  if (status === 408 || status === 429 || (status >= 500 && status < 600)) return { kind: 'retry', delayMs: backoffDelay(input) };
  return { kind: 'final', reason: `the receiver answered ${status}` };
}

/** Full jitter: uniform in [0, min(cap, base · 2^(attempt − 1))). */
export function backoffDelay(input: Pick<DeliveryAttempt, 'attempt' | 'random' | 'baseMs' | 'capMs'>): number {
  const base = input.baseMs ?? BACKOFF_BASE_MS;
  const cap = input.capMs ?? BACKOFF_CAP_MS;
  const exponent = Math.max(0, Math.min(input.attempt - 1, 40));
  const ceiling = Math.min(cap, base * 2 ** exponent);
  return Math.floor((input.random ?? Math.random)() * ceiling);
}

/** `Retry-After` in milliseconds from `now`, or null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its weekday and GMT (IMF-fixdate, RFC 850 and asctime forms).
  if (!/[A-Za-z]{3}/.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
