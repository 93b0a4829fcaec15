import { rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { defineCollection } from '../collection-definition';
import { openSqliteReadStore, type SqliteReadStore } from './sqlite-read-store';

const items = defineCollection<{ n: number }>({ name: 'items', indexes: { n: 'number' } });

/** The reader's current thread: what an out-of-memory or a crash would end. */
const threadOf = (store: SqliteReadStore): Worker => (store as unknown as { reader: { worker: Worker } }).reader.worker;

describe.each([
  ['inline writes', false],
  ['a writer thread', true],
])('SQLite reader thread, with %s', (_, writerThread) => {
  let dir: string;
  let store: SqliteReadStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-reader-'));
    store = openSqliteReadStore(join(dir, 'strata.db'), { writerThread, readerThread: true });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts on its own connection and sees every write committed before', async () => {
    const acme = store.collection(items).forTenant('acme');
    await expect(acme.count()).resolves.toBe(0);
    await acme.bulkUpsert(Array.from({ length: 1_000 }, (_, n) => ({ id: `i${n}`, doc: { n: n % 10 } })));
    await expect(acme.count()).resolves.toBe(1_000);
    await expect(acme.count({ n: 3 })).resolves.toBe(100);
    await acme.delete('i3');
    await expect(acme.count({ n: 3 })).resolves.toBe(99);
    await expect(store.collection(items).forTenant('other').count()).resolves.toBe(0);
  });

  it('answers a count the thread held with an error when the thread ends unasked, and the next count on a new thread', async () => {
    const acme = store.collection(items).forTenant('acme');
    await acme.upsert('a', { n: 1 });
    const first = threadOf(store);
    const [held] = await Promise.allSettled([acme.count(), first.terminate()]);
    // The count goes through the thread: unless it answered before it ended, the caller is told.
    if (held.status === 'rejected') expect(String(held.reason)).toContain('reader thread stopped');
    else expect(held.value).toBe(1);
    await expect(acme.count()).resolves.toBe(1);
    expect(threadOf(store)).not.toBe(first);
  });

  it('reports a query error to the caller and goes on', async () => {
    await expect(store.scan({ sql: 'SELECT count(*) AS n FROM no_such_table', params: [] })).rejects.toThrow('no such table');
    await expect(store.collection(items).forTenant('acme').count()).resolves.toBe(0);
  });

  it('refuses counts once the store is closed', async () => {
    const acme = store.collection(items).forTenant('acme');
    await store.close();
    await expect(acme.count()).rejects.toThrow('closed');
  });
});
