import { backoffDelay, BACKOFF_CAP_MS, classifyDeliveryOutcome, retryAfterMs } from './delivery-outcome';
import { EgressRefusedError } from './egress-refused-error';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const top = () => 1 - Number.EPSILON; // the largest value below 1 that Math.random may return, near enough

describe('classifyDeliveryOutcome', () => {
  it.each([200, 201, 202, 204, 299])('%s is delivered', (status) => {
    expect(classifyDeliveryOutcome({ status, attempt: 1 })).toEqual({ kind: 'delivered' });
  });

  it.each([408, 429, 500, 502, 503, 504, 599])('%s is retried', (status) => {
    expect(classifyDeliveryOutcome({ status, attempt: 3, random: () => 0.5 })).toEqual({ kind: 'retry', delayMs: 2_000 });
  });

  it.each([400, 401, 403, 404, 405, 410, 413, 422, 301, 304, 100])('%s is final', (status) => {
    expect(classifyDeliveryOutcome({ status, attempt: 1 })).toEqual({ kind: 'final', reason: `the receiver answered ${status}` });
  });

  it.each([
    ['a timeout', Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })],
    ['a refused connection', new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a name that does not resolve', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })],
  ])('%s is retried', (_, error) => {
    expect(classifyDeliveryOutcome({ error, attempt: 1, random: () => 0.5 })).toEqual({ kind: 'retry', delayMs: 500 });
  });

  it('a refused target is final, with its reason', () => {
    const error = new EgressRefusedError('host resolves to 127.0.0.1, a loopback address: refused');
    expect(classifyDeliveryOutcome({ error, attempt: 1 })).toEqual({ kind: 'final', reason: 'host resolves to 127.0.0.1, a loopback address: refused' });
  });

  it.each([
    [429, '120', 120_000],
    [503, '0', 0],
    [429, 'Sun, 01 Mar 2026 12:00:30 GMT', 30_000],
    [503, 'Sun, 01 Mar 2026 11:00:00 GMT', 0], // in the past: now
    [429, '86400', BACKOFF_CAP_MS], // within the cap
  ])('%s with Retry-After %s waits %s ms', (status, retryAfter, delayMs) => {
    expect(classifyDeliveryOutcome({ status, retryAfter, attempt: 1, now: NOW, random: top })).toEqual({ kind: 'retry', delayMs });
  });

  it.each([
    [429, 'soon'],
    [503, '-5'],
    [503, null],
    [500, '120'], // only 429 and 503 are honoured
  ])('%s with Retry-After %s falls back to the backoff', (status, retryAfter) => {
    expect(classifyDeliveryOutcome({ status, retryAfter, attempt: 2, now: NOW, random: () => 0.25 })).toEqual({ kind: 'retry', delayMs: 500 });
  });
});

describe('backoffDelay (full jitter)', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [10, 512_000],
    [12, 2_048_000],
    [13, BACKOFF_CAP_MS],
    [1_000, BACKOFF_CAP_MS],
  ])('attempt %s waits below %s ms', (attempt, ceiling) => {
    expect(backoffDelay({ attempt, random: () => 0 })).toBe(0);
    expect(backoffDelay({ attempt, random: top })).toBe(ceiling - 1);
    expect(backoffDelay({ attempt, random: () => 0.5 })).toBe(ceiling / 2);
  });

  it('takes another base and cap', () => {
    expect(backoffDelay({ attempt: 4, baseMs: 100, capMs: 500, random: () => 0.5 })).toBe(250);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterMs(' 5 ', NOW)).toBe(5_000);
    expect(retryAfterMs('Sunday, 01-Mar-26 12:01:00 GMT', NOW)).toBe(60_000);
    expect(retryAfterMs('2026-03-01', NOW)).toBeNull();
    expect(retryAfterMs('1.5', NOW)).toBeNull();
    expect(retryAfterMs(undefined, NOW)).toBeNull();
  });
});
