import { createHmac } from 'node:crypto';
import { signDelivery, verifySignature } from './signing';

const secret = 'whsec_test_secret';
const timestamp = 1767225600; // 2026-01-01T00:00:00Z
const body = '{"event":"finding.opened","id":"f-1"}';
const now = timestamp * 1000;
const signed = () => signDelivery({ secret, timestamp, body, deliveryId: 'dlv-1', eventType: 'finding.opened' });

describe('signDelivery', () => {
  it('signs "<timestamp>.<raw body>" with HMAC-SHA256 (vector computed with openssl)', () => {
    // printf '%s' '1767225600.{"event":"finding.opened","id":"f-1"}' | openssl dgst -sha256 -hmac whsec_test_secret
    expect(signed()).toEqual({
      'X-Strata-Event': 'finding.opened',
      'X-Strata-Timestamp': '1767225600',
      'X-Strata-Delivery': 'dlv-1',
      'X-Strata-Signature': 'sha256=378079fa820699ab9f00e0036555a628b96eb3710c76588aab4fcfc1319fb5cf',
    });
  });

  it.each([
    ['a unicode body', 'whsec_other', 1700000000, '{"name":"café ☕"}'],
    ['an empty body', 'k', 0, ''],
  ])('agrees with node:crypto computed independently for %s', (_, key, ts, raw) => {
    const expected = createHmac('sha256', key).update(Buffer.from(`${ts}.${raw}`, 'utf8')).digest('hex');
    const headers = signDelivery({ secret: key, timestamp: ts, body: raw, deliveryId: 'd', eventType: 'e' });
    expect(headers['X-Strata-Signature']).toBe(`sha256=${expected}`);
    expect(signDelivery({ secret: key, timestamp: ts, body: Buffer.from(raw), deliveryId: 'd', eventType: 'e' })['X-Strata-Signature']).toBe(`sha256=${expected}`);
  });

  it('refuses a timestamp that is not whole seconds', () => {
    expect(() => signDelivery({ secret, timestamp: Date.now() + 0.5, body, deliveryId: 'd', eventType: 'e' })).toThrow(RangeError);
  });
});

describe('verifySignature', () => {
  it('accepts a signed delivery, from headers in any case or a Headers object', () => {
    const headers = signed();
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const expected = { ok: true, timestamp, deliveryId: 'dlv-1', eventType: 'finding.opened' };
    expect(verifySignature({ secret, headers, body, now })).toEqual(expected);
    expect(verifySignature({ secret, headers: lower, body, now: now + 299_000 })).toEqual(expected);
    expect(verifySignature({ secret, headers: new Headers(headers), body: Buffer.from(body), now: now - 300_000 })).toEqual(expected);
  });

  it.each([
    ['a tampered body', { body: body.replace('f-1', 'f-2') }, 'signature does not match'],
    ['a wrong secret', { secret: 'whsec_wrong' }, 'signature does not match'],
    ['an old timestamp', { now: now + 301_000 }, 'timestamp older than 300 s'],
    ['a future timestamp', { now: now - 301_000 }, 'timestamp more than 300 s in the future'],
    ['a tighter tolerance', { now: now + 61_000, toleranceSeconds: 60 }, 'timestamp older than 60 s'],
  ])('rejects %s', (_, change, reason) => {
    expect(verifySignature({ secret, headers: signed(), body, now, ...change })).toEqual({ ok: false, reason });
  });

  it.each([
    ['a missing signature', { 'X-Strata-Signature': undefined }, 'missing X-Strata-Signature'],
    ['a missing timestamp', { 'X-Strata-Timestamp': undefined }, 'missing X-Strata-Timestamp'],
    ['a timestamp that is not digits', { 'X-Strata-Timestamp': '1767225600.5' }, 'malformed X-Strata-Timestamp'],
    ['a negative timestamp', { 'X-Strata-Timestamp': '-1' }, 'malformed X-Strata-Timestamp'],
    ['another algorithm', { 'X-Strata-Signature': 'sha1=0123456789abcdef0123456789abcdef01234567' }, 'malformed X-Strata-Signature: expected sha256=<64 hex digits>'],
    ['a short signature', { 'X-Strata-Signature': 'sha256=abc' }, 'malformed X-Strata-Signature: expected sha256=<64 hex digits>'],
    ['a signature with a suffix', { 'X-Strata-Signature': `${signed()['X-Strata-Signature']},sha256=00` }, 'malformed X-Strata-Signature: expected sha256=<64 hex digits>'],
  ])('rejects %s', (_, change, reason) => {
    expect(verifySignature({ secret, headers: { ...signed(), ...change }, body, now })).toEqual({ ok: false, reason });
  });

  it('rejects a signature made for another timestamp (the timestamp is signed)', () => {
    const headers = { ...signed(), 'X-Strata-Timestamp': String(timestamp + 1) };
    expect(verifySignature({ secret, headers, body, now })).toEqual({ ok: false, reason: 'signature does not match' });
  });
});
