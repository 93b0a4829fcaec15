import { EgressRefusedError, TooManyRedirectsError } from '@strata/notify-egress';
import { nextStep, RETRY_WINDOW_MS, type AttemptResult, type RetryPolicy } from './retry-policy';

const HOUR = 3_600_000;
const START = Date.parse('2026-12-05T10:00:00Z');
const POLICY: RetryPolicy = { baseMs: 1_000, capMs: HOUR, windowMs: RETRY_WINDOW_MS };

const result = (overrides: Partial<AttemptResult>): AttemptResult => ({ attempt: 1, windowStartedAt: START, now: START, random: () => 0.5, ...overrides });

describe('delivery retry policy', () => {
  it('is delivered on any 2xx', () => {
    for (const status of [200, 201, 202, 204, 299]) expect(nextStep(result({ status }), POLICY)).toEqual({ status: 'delivered' });
  });

  it('retries 408, 429, 5xx, timeouts and connection errors after full-jitter exponential backoff', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    for (const outcome of [{ status: 408 }, { status: 429 }, { status: 500 }, { status: 502 }, { status: 503 }, { status: 599 }, { error: timeout }, { error: refused }]) {
      // attempt 3: the ceiling is 1 s · 2² = 4 s, and random 0.5 takes half of it.
      expect(nextStep(result({ ...outcome, attempt: 3, now: START + 10_000 }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START + 10_000 + 2_000 });
    }
  });

  it('draws the delay from the whole [0, ceiling) range and caps the ceiling', () => {
    expect(nextStep(result({ status: 500, attempt: 1, random: () => 0 }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START });
    expect(nextStep(result({ status: 500, attempt: 1, random: () => 0.999 }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START + 999 });
    expect(nextStep(result({ status: 500, attempt: 30, random: () => 0.5 }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START + HOUR / 2 });
  });

  it('honours Retry-After on 429 and 503, in seconds or as an HTTP date, capped', () => {
    expect(nextStep(result({ status: 429, retryAfter: '120' }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START + 120_000 });
    expect(nextStep(result({ status: 503, retryAfter: new Date(START + 90_000).toUTCString() }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START + 90_000 });
    // A date in the past: at once.
    expect(nextStep(result({ status: 429, retryAfter: 'Thu, 01 Jan 2026 00:00:00 GMT' }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START });
    // Ten days: the cap (1 h) instead.
    expect(nextStep(result({ status: 429, retryAfter: String(10 * 24 * 3600) }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START + HOUR });
    // Unreadable: backoff as without it.
    expect(nextStep(result({ status: 429, retryAfter: 'soon', random: () => 0.5 }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START + 500 });
    // Only 429 and 503 are asked to wait: a 500's Retry-After is ignored.
    expect(nextStep(result({ status: 500, retryAfter: '120', random: () => 0.5 }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START + 500 });
  });

  it('is final on other 4xx, an unfollowed 3xx, a refused target and too many redirects', () => {
    for (const status of [400, 401, 403, 404, 410, 413, 422, 301]) expect(nextStep(result({ status }), POLICY)).toEqual({ status: 'failed', reason: `the receiver answered ${status}` });
    expect(nextStep(result({ error: new EgressRefusedError('host resolves to 10.0.0.1, a private (RFC 1918) address: refused') }), POLICY)).toEqual({ status: 'failed', reason: 'host resolves to 10.0.0.1, a private (RFC 1918) address: refused' });
    expect(nextStep(result({ error: new TooManyRedirectsError(5, 'https://x.example/') }), POLICY)).toMatchObject({ status: 'failed' });
  });

  it('gives up when the next attempt would fall more than 24 h after the window started', () => {
    const late = START + RETRY_WINDOW_MS - 1_000;
    // A delay of 999 ms lands inside the window; one of 2 s outside it.
    expect(nextStep(result({ status: 500, attempt: 1, now: late, random: () => 0.999 }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: late + 999 });
    expect(nextStep(result({ status: 500, attempt: 2, now: late, random: () => 0.999 }), POLICY)).toEqual({ status: 'failed', reason: 'gave up after 2 attempts: still failing 24 h after the first' });
    expect(nextStep(result({ status: 429, retryAfter: '3600', attempt: 7, now: START + 23 * HOUR + 1 }), POLICY)).toMatchObject({ status: 'failed' });
    // Exactly at the edge is still inside.
    expect(nextStep(result({ status: 429, retryAfter: '3600', attempt: 7, now: START + 23 * HOUR }), POLICY)).toEqual({ status: 'pending', nextAttemptAt: START + RETRY_WINDOW_MS });
    // A success is a success, however late.
    expect(nextStep(result({ status: 204, now: START + 30 * HOUR }), POLICY)).toEqual({ status: 'delivered' });
  });
});
