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
    const read = cache.begin();
    now += 300; // the read took 300 ms
    cache.remember('h1', record('a'), read);
    now = read.at + 999;
    expect(cache.get('h1')?.id).toBe('a');
    now = read.at + 1000;
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets a revoked token at once', () => {
    const cache = new ActiveTokenCache(1000, 10, clock);
    cache.remember('h1', record('a'), cache.begin());
    cache.forget('h1');
    expect(cache.get('h1')).toBeUndefined();
  });

  it('does not remember a read that began before a revocation in this process (it may have read the token before it)', () => {
    const cache = new ActiveTokenCache(1000, 10, clock);
    const read = cache.begin();
    cache.forget('h1'); // revoked while the read was on its way
    cache.remember('h1', record('a'), read);
    expect(cache.get('h1')).toBeUndefined();
    cache.remember('h1', record('a'), cache.begin());
    expect(cache.get('h1')?.id).toBe('a');
  });

  it('holds at most its bound, dropping the oldest entries first', () => {
    const cache = new ActiveTokenCache(1000, 3, clock);
    for (const id of ['a', 'b', 'c', 'd']) cache.remember(`h-${id}`, record(id), cache.begin());
    expect(cache.size).toBe(3);
    expect(cache.get('h-a')).toBeUndefined();
    expect(['b', 'c', 'd'].map((id) => cache.get(`h-${id}`)?.id)).toEqual(['b', 'c', 'd']);
  });

  it('never serves an entry past its TTL, nor one forgotten or read before a revocation, whatever the interleaving (against an oracle)', () => {
    const random = new SeededRandom('active-token-cache');
    const ttl = 50;
    const bound = 5;
    const cache = new ActiveTokenCache(ttl, bound, clock);
    // The oracle: per hash, when the read it may serve began; reads on their way; revocations so far.
    const oracle = new Map<string, number>();
    const reads: { hash: string; read: ReturnType<ActiveTokenCache['begin']>; revocationsAtBegin: number }[] = [];
    let revocations = 0;
    let servedCount = 0;
    for (let step = 0; step < 20_000; step++) {
      const hash = `h${random.int(10)}`;
      // Mostly reads and lookups; revocations and time passing now and then.
      const action = [0, 0, 0, 1, 1, 1, 2, 3, 4, 4][random.int(10)]!;
      if (action === 0) {
        reads.push({ hash, read: cache.begin(), revocationsAtBegin: revocations });
      } else if (action === 1 && reads.length > 0) {
        const [{ hash: readHash, read, revocationsAtBegin }] = reads.splice(random.int(reads.length), 1) as [(typeof reads)[number]];
        cache.remember(readHash, record(readHash), read);
        if (revocationsAtBegin === revocations) oracle.set(readHash, read.at);
      } else if (action === 2) {
        cache.forget(hash);
        revocations++;
        oracle.delete(hash);
      } else if (action === 3) {
        now += random.int(31);
      } else {
        const served = cache.get(hash);
        if (served !== undefined) {
          servedCount++;
          const readAt = oracle.get(hash);
          expect(readAt).toBeDefined();
          expect(now - readAt!).toBeLessThan(ttl);
          expect(served.id).toBe(hash);
        }
      }
      expect(cache.size).toBeLessThanOrEqual(bound);
    }
    // The interleavings did exercise serving from the cache.
    expect(servedCount).toBeGreaterThan(200);
  });
});
