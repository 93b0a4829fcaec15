import { SeededRandom } from '@strata/testing';
import type { ApiTokenRecord } from '../storage/tenancy-collections';
import { ActiveTokenCache } from './active-token-cache';

const record = (id: string): ApiTokenRecord => ({
  id,
  tenant_id: 'acme',
  name: id,
  permissions: ['jobs:read'],
  hash: `hash-${id}`,
  created_at: '2026-12-05T00:00:00.000Z',
  revoked_at: null,
  bootstrap: false,
});

describe('ActiveTokenCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1000));

  it('serves an entry for less than its TTL, counted from when the read began', () => {
    const cache = new ActiveTokenCache(1000, 10, clock);
    const readAt = cache.time();
    now += 300; // the read took 300 ms
    cache.remember('h1', record('a'), readAt);
    now = readAt + 999;
    expect(cache.get('h1')?.id).toBe('a');
    now = readAt + 1000;
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets a revoked token at once', () => {
    const cache = new ActiveTokenCache(1000, 10, clock);
    cache.remember('h1', record('a'), cache.time());
    cache.forget('h1');
    expect(cache.get('h1')).toBeUndefined();
  });

  it('holds at most its bound, dropping the oldest entries first', () => {
    const cache = new ActiveTokenCache(1000, 3, clock);
    for (const id of ['a', 'b', 'c', 'd']) cache.remember(`h-${id}`, record(id), cache.time());
    expect(cache.size).toBe(3);
    expect(cache.get('h-a')).toBeUndefined();
    expect(['b', 'c', 'd'].map((id) => cache.get(`h-${id}`)?.id)).toEqual(['b', 'c', 'd']);
  });

  it('never serves an entry past its TTL nor one forgotten, whatever the interleaving (against an oracle)', () => {
    const random = new SeededRandom('active-token-cache');
    const ttl = 50;
    const bound = 5;
    const cache = new ActiveTokenCache(ttl, bound, clock);
    // The oracle: when each hash was last remembered (read start), unless forgotten since.
    const oracle = new Map<string, number>();
    for (let step = 0; step < 20_000; step++) {
      const hash = `h${random.int(10)}`;
      const action = random.int(4);
      if (action === 0) {
        const readAt = now - random.int(21);
        cache.remember(hash, record(hash), readAt);
        oracle.set(hash, readAt);
      } else if (action === 1) {
        cache.forget(hash);
        oracle.delete(hash);
      } else if (action === 2) {
        now += random.int(31);
      } else {
        const served = cache.get(hash);
        const rememberedAt = oracle.get(hash);
        if (served !== undefined) {
          expect(rememberedAt).toBeDefined();
          expect(now - rememberedAt!).toBeLessThan(ttl);
          expect(served.id).toBe(hash);
        }
      }
      expect(cache.size).toBeLessThanOrEqual(bound);
    }
  });
});
