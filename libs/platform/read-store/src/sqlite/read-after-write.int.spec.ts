import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineCollection } from '../collection-definition';
import { openSqliteReadStore, type SqliteReadStore } from './sqlite-read-store';

const docs = defineCollection<{ n: number; pad: string }>({ name: 'docs', indexes: {} });

/**
 * A projection reads the document it wrote a moment ago and writes the next version of it: the
 * read must see the write even while another read of the same connection is under way (a large
 * page, read while the event loop takes turns). A statement left open across those turns kept
 * its read transaction, and the projection's read saw the snapshot from before the write: the
 * next version lost the change (a job completed without its resource counts).
 */
describe('SQLite read store: a read after a write sees it, whatever other reads are under way', () => {
  let dir: string;
  let store: SqliteReadStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-raw-'));
    store = openSqliteReadStore(join(dir, 'strata.db'), { writerThread: true });
    const many = Array.from({ length: 10_000 }, (_, i) => ({ id: `d-${String(i).padStart(5, '0')}`, doc: { n: i, pad: 'x'.repeat(200) } }));
    await store.collection(docs).forTenant('acme').bulkUpsert(many);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads each version just written while large pages are read beside it', async () => {
    const collection = store.collection(docs).forTenant('acme');
    let reading = true;
    const pages = (async () => {
      for (let round = 0; round < 5; round++) await collection.find({ limit: 10_000 });
      reading = false;
    })();
    const seen: number[] = [];
    for (let version = 1; reading && version <= 200; version++) {
      await collection.upsert('counter', { n: version, pad: '' });
      seen.push((await collection.get('counter'))?.n ?? -1);
    }
    await pages;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual(seen.map((_, i) => i + 1));
  });
});
