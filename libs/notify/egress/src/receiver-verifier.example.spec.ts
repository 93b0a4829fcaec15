import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyStrataWebhook } from './receiver-verifier.example';
import { signDelivery } from './signing';

const secret = 'whsec_receiver';
const body = '{"event":"job.completed","jobId":"j-1"}';
const timestamp = 1767225600;
const lowerCased = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
const delivery = () => lowerCased(signDelivery({ secret, timestamp, body, deliveryId: 'dlv-9', eventType: 'job.completed' }));

describe('the README receiver verifier', () => {
  it('is quoted in the README as it is here, and is ten lines', () => {
    const snippet = readFileSync(join(__dirname, 'receiver-verifier.example.ts'), 'utf8');
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain('```ts\n' + snippet + '```');
    expect(snippet.trimEnd().split('\n')).toHaveLength(10);
  });

  it('accepts a signed delivery within 300 s', () => {
    expect(verifyStrataWebhook(secret, delivery(), body, timestamp + 300)).toBe(true);
    expect(verifyStrataWebhook(secret, delivery(), body, timestamp - 300)).toBe(true);
  });

  it.each([
    ['a tampered body', { rawBody: body + ' ' }],
    ['a wrong secret', { key: 'whsec_other' }],
    ['a timestamp older than 300 s', { now: timestamp + 301 }],
    ['a timestamp more than 300 s ahead', { now: timestamp - 301 }],
    ['no signature', { headers: { ...delivery(), 'x-strata-signature': undefined } }],
    ['a repeated signature header', { headers: { ...delivery(), 'x-strata-signature': [delivery()['x-strata-signature']!, 'sha256=00'] } }],
    ['a malformed timestamp', { headers: { ...delivery(), 'x-strata-timestamp': '1e9' } }],
  ])('rejects %s', (_, change: { rawBody?: string; key?: string; now?: number; headers?: Record<string, string | string[] | undefined> }) => {
    expect(verifyStrataWebhook(change.key ?? secret, change.headers ?? delivery(), change.rawBody ?? body, change.now ?? timestamp)).toBe(false);
  });
});
