import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqlite } from '@strata/platform-sqlite';
import { InvalidEventStoreConfigError } from '../errors';
import type { NewEvent } from '../event-store';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { Follower } from '../testing/follower';
import { SqliteEventStore } from './sqlite-event-store';
import { spawnAppendWorker } from './test-support/spawn-append-worker';

const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { tenantId: 'acme-corp' },
});

describe('SqliteEventStore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-event-store-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describeEventStoreContract('sqlite', async () => new SqliteEventStore({ path: join(dir, 'contract.db') }), {
    uniqueEventIds: true,
  });

  describe('embedded specifics', () => {
    const stores: SqliteEventStore[] = [];
    const open = (name: string, options: { pollIntervalMs?: number; pageSize?: number; clock?: () => Date } = {}) => {
      const store = new SqliteEventStore({ path: join(dir, `${name}.db`), ...options });
      stores.push(store);
      return store;
    };
    afterEach(() => Promise.all(stores.splice(0).map((store) => store.close())));

    it.each([{ pageSize: 0 }, { pollIntervalMs: 0.5 }])('refuses tuning that would spin: %j', (tuning) => {
      expect(() => new SqliteEventStore({ path: join(dir, 'never.db'), ...tuning })).toThrow(InvalidEventStoreConfigError);
    });

    it('stamps events with the injected clock', async () => {
      const store = open('clock', { clock: () => new Date('2030-01-02T03:04:05.678Z') });
      await store.append('job-1', [event('A')], 'no_stream');
      expect((await store.read('job-1'))[0]?.createdAt).toBe('2030-01-02T03:04:05.678Z');
    });

    it('catches up on a backlog larger than one page, in order', async () => {
      const store = open('paged', { pageSize: 4 });
      const types = Array.from({ length: 10 }, (_, i) => `E${i}`);
      await store.append('a', types.slice(0, 3).map((type) => event(type)), 'no_stream');
      await store.append('b', types.slice(3).map((type) => event(type)), 'no_stream');
      const follower = new Follower(store.subscribeAll());

      expect((await follower.take(10)).map((stored) => stored.type)).toEqual(types);
      await follower.stop();
    });

    it('stops following as soon as the consumer breaks or the signal aborts', async () => {
      const store = open('release');
      await store.append('a', [event('A')], 'no_stream');

      for await (const _ of store.subscribeAll()) break;
      expect(store.activeSubscriptions).toBe(0);

      const abort = new AbortController();
      const follower = new Follower(store.subscribeAll({ signal: abort.signal }));
      await follower.take(1);
      const ended = follower.ends();
      expect(store.activeSubscriptions).toBe(1);
      abort.abort();
      expect(await ended).toBe(true);
      expect(store.activeSubscriptions).toBe(0);
    });

    it("wakes a live subscriber for another process's append well before the safety-net poll", async () => {
      const store = open('cross-process', { pollIntervalMs: 5_000 });
      const worker = spawnAppendWorker([join(dir, 'cross-process.db'), 'on-request']);
      const follower = new Follower(store.subscribeAll());
      try {
        expect(await worker.nextLine()).toBe('ready');
        const latencies: number[] = [];
        for (let i = 0; i < 3; i++) {
          // Shorter than the poll: an append the watcher missed fails here instead of arriving late.
          const received = follower.take(1, 4_000);
          const requestedAt = performance.now();
          worker.child.stdin.write(`remote-${i}\n`);
          const [delivered] = await received;
          latencies.push(performance.now() - requestedAt);
          expect(await worker.nextLine()).toBe(`appended ${delivered?.id}`);
          expect(delivered?.streamName).toBe(`remote-${i}`);
        }
        expect(Math.max(...latencies)).toBeLessThan(750);
      } finally {
        worker.child.stdin.end();
        await worker.exited;
        await follower.stop();
      }
    });

    it("waits for another connection's write lock without holding the event loop, and close lets it finish", async () => {
      const store = open('locked');
      const other = openSqlite(join(dir, 'locked.db'));
      other.exec('BEGIN IMMEDIATE');
      const order: string[] = [];
      const appended = store.append('job-1', [event('A')], 'no_stream').then(() => order.push('appended'));
      // A wait inside SQLite would hold this thread, so this timer could not fire before the append.
      await sleep(30);
      order.push('timer');
      const closed = store.close();
      other.exec('COMMIT');
      other.close();
      await Promise.all([appended, closed]);
      expect(order).toEqual(['timer', 'appended']);
      const reopened = open('locked');
      expect((await reopened.read('job-1')).map((stored) => stored.type)).toEqual(['A']);
    });

    it('lets several processes append to one file at once without losing or duplicating events', async () => {
      const path = join(dir, 'contended.db');
      const names = ['w1', 'w2', 'w3'];
      const rounds = 20;
      const workers = names.map((name) => spawnAppendWorker([path, 'contend', name, String(rounds)]));
      await Promise.all(workers.map((worker) => worker.exited));
      const store = open('contended');

      const batches = await store.read('shared-any');
      expect(batches.map((stored) => stored.revision)).toEqual(range(names.length * rounds * 3));
      for (let start = 0; start < batches.length; start += 3) {
        // Each append of three is atomic: its events sit together, in order.
        const batch = batches.slice(start, start + 3).map((stored) => stored.data);
        expect(batch.map((data) => data['item'])).toEqual([0, 1, 2]);
        expect(new Set(batch.map((data) => `${String(data['worker'])}/${String(data['round'])}`)).size).toBe(1);
      }

      const exact = await store.read('shared-exact');
      expect(exact.map((stored) => stored.revision)).toEqual(range(names.length * rounds));
      const appended = exact.map((stored) => `${String(stored.data['worker'])}/${String(stored.data['round'])}`);
      expect(appended.sort()).toEqual(names.flatMap((name) => range(rounds).map((round) => `${name}/${round}`)).sort());

      const follower = new Follower(store.subscribeAll());
      const all = await follower.take(batches.length + exact.length);
      await follower.stop();
      const positions = all.map((stored) => Number(stored.globalPosition));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(all.length);
      expect(new Set(all.map((stored) => stored.id)).size).toBe(all.length);
    });
  });
});

function range(length: number): number[] {
  return Array.from({ length }, (_, i) => i);
}
