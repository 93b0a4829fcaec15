import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '@strata/platform-sqlite';
import { defineCollection } from '../collection-definition';
import { ReadStoreClosedError } from '../errors';
import { planFind, type FindInput } from '../query-plan';
import type { FindQuery, TenantCollection } from '../read-store';
import { describeReadStoreContract } from '../read-store.contract';
import { openSqliteReadStore } from './sqlite-read-store';
import { findSegmentSql } from './sqlite-sql';

async function makeDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'strata-read-store-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The ids of every page of `query`, in the order read. */
async function readAll<TDoc extends object>(collection: TenantCollection<TDoc>, query: Omit<FindQuery<TDoc>, 'cursor'>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await collection.find({ ...query, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map(({ id }) => id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

// Every behaviour holds whether writes run on the caller's connection or in a writer thread, and
// counts on the caller's connection or in a reader thread (as the standalone app has them).
const WRITERS = [
  ['writing on its connection', { writerThread: false }],
  ['writing in a writer thread', { writerThread: true }],
  ['writing and counting in threads', { writerThread: true, readerThread: true }],
] as const;

describe.each(WRITERS)('SQLite read store, %s', (_writing, writerOptions) => {
  describeReadStoreContract({
    open: async () => {
      const dir = await makeDir();
      const store = openSqliteReadStore(join(dir.path, 'strata.db'), writerOptions);
      return {
        store,
        dispose: async () => {
          await store.close();
          await dir.remove();
        },
      };
    },
  });
});

interface InventoryNode {
  type: string;
  name: string;
  region: string;
  account?: string;
}

const nodesV1 = defineCollection<InventoryNode>({
  name: 'nodes',
  indexes: { type: 'string', name: 'string', region: 'string' },
  compoundIndexes: [['type', 'name']],
});

describe.each(WRITERS)('SQLite read store storage, %s', (_writing, writerOptions) => {
  let dir: Awaited<ReturnType<typeof makeDir>>;
  let file: string;
  beforeEach(async () => {
    dir = await makeDir();
    file = join(dir.path, 'strata.db');
  });
  afterEach(() => dir.remove());

  it('reads filtered, sorted pages through an index without sorting (EXPLAIN QUERY PLAN)', async () => {
    const store = openSqliteReadStore(file, writerOptions);
    const acme = store.collection(nodesV1).forTenant('acme');
    await acme.bulkUpsert(
      Array.from({ length: 2_000 }, (_, i) => ({
        id: `n${i}`,
        doc: { type: ['vm', 'disk'][i % 2] ?? 'vm', name: `node-${i % 300}`, region: ['eu', 'us'][i % 3] ?? 'ap' },
      })),
    );
    const db = openSqlite(file);
    const planOf = (query: FindInput) => {
      const plan = planFind(nodesV1, 'acme', query);
      return plan.segments.map((segment) => {
        const { sql, params } = findSegmentSql(nodesV1, 'acme', plan, segment, plan.limit + 1);
        return db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...params)
          .map((row) => String(row['detail']))
          .join(' | ');
      });
    };

    const byTypeSortedByName: FindQuery<InventoryNode> = { where: { type: 'vm' }, sort: { field: 'name' }, limit: 50 };
    const firstPage = planOf(byTypeSortedByName);
    expect(firstPage).toEqual([expect.stringContaining('USING INDEX rs_nodes.doc.type+doc.name (tenant=? AND doc.type=?)')]);

    const cursor = (await acme.find(byTypeSortedByName)).nextCursor;
    expect(cursor).toBeDefined();
    const nextPage = planOf({ ...byTypeSortedByName, cursor });
    expect(nextPage).toEqual([
      expect.stringContaining('USING INDEX rs_nodes.doc.type+doc.name (tenant=? AND doc.type=? AND doc.name=? AND id>?)'),
      expect.stringContaining('USING INDEX rs_nodes.doc.type+doc.name (tenant=? AND doc.type=? AND doc.name>?)'),
    ]);

    const byRegionDescending = planOf({ where: { region: { $in: ['eu', 'us'] } }, sort: { field: 'region', direction: 'desc' }, limit: 50 });
    expect(byRegionDescending).toEqual([expect.stringContaining('USING INDEX rs_nodes.doc.region (tenant=? AND doc.region=?)')]);

    for (const detail of [...firstPage, ...nextPage, ...byRegionDescending]) expect(detail).not.toContain('TEMP B-TREE');
    db.close();
    await store.close();
  });

  it('adds the column and index of a field declared later, covering documents already stored', async () => {
    const before = openSqliteReadStore(file, writerOptions);
    await before.collection(nodesV1).forTenant('acme').upsert('n1', { type: 'vm', name: 'web', region: 'eu', account: '123' });

    // A second process (here: connection) with a newer definition of the same collection.
    const nodesV2 = defineCollection<InventoryNode>({
      name: 'nodes',
      indexes: { ...nodesV1.indexes, account: 'string' },
      compoundIndexes: [['type', 'name']],
    });
    const after = openSqliteReadStore(file, writerOptions);
    const acme = after.collection(nodesV2).forTenant('acme');
    await expect(acme.find({ where: { account: '123' }, limit: 10 })).resolves.toMatchObject({ items: [{ id: 'n1' }] });

    // The older process keeps working on the changed table.
    await before.collection(nodesV1).forTenant('acme').upsert('n2', { type: 'vm', name: 'db', region: 'eu', account: '123' });
    await expect(acme.count({ account: '123' })).resolves.toBe(2);

    const db = openSqlite(file);
    const indexes = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'rs_nodes' AND sql IS NOT NULL ORDER BY name")
      .all()
      .map((row) => row['name']);
    expect(indexes).toEqual([
      'rs_nodes.doc.account',
      'rs_nodes.doc.name',
      'rs_nodes.doc.region',
      'rs_nodes.doc.type',
      'rs_nodes.doc.type+doc.name',
    ]);
    db.close();
    await Promise.all([before.close(), after.close()]);
  });

  it('drops the indexes a newer definition retires and keeps serving the documents; a view with fewer indexes drops none', async () => {
    const before = openSqliteReadStore(file, writerOptions);
    await before.collection(nodesV1).forTenant('acme').upsert('n1', { type: 'vm', name: 'web', region: 'eu', account: '123' });
    await before.close();
    const indexesNow = () => {
      const db = openSqlite(file);
      const names = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'rs_nodes' ORDER BY name")
        .all()
        .map((row) => row['name']);
      db.close();
      return names;
    };

    // A reader's view (as the audit engine declares the inventory's nodes): binding it drops nothing.
    const view = defineCollection<InventoryNode>({ name: 'nodes', indexes: { type: 'string' } });
    const reader = openSqliteReadStore(file, writerOptions);
    await expect(reader.collection(view).forTenant('acme').count({ type: 'vm' })).resolves.toBe(1);
    await reader.close();
    const all = ['rs_nodes.doc.name', 'rs_nodes.doc.region', 'rs_nodes.doc.type', 'rs_nodes.doc.type+doc.name', 'sqlite_autoindex_rs_nodes_1'];
    expect(indexesNow()).toEqual(all);

    const { region: _retired, ...rest } = nodesV1.indexes;
    const nodesV2 = defineCollection<InventoryNode>({ name: 'nodes', indexes: rest, compoundIndexes: [['type', 'name']], retiredIndexes: ['region', 'never_made'] });
    const after = openSqliteReadStore(file, writerOptions);
    await expect(after.collection(nodesV2).forTenant('acme').find({ where: { type: 'vm' }, limit: 10 })).resolves.toMatchObject({ items: [{ id: 'n1' }] });
    await after.close();
    expect(indexesNow()).toEqual(all.filter((name) => name !== 'rs_nodes.doc.region'));
  });

  it('checks the table once per definition, even when two definitions of it take turns', async () => {
    const store = openSqliteReadStore(file, writerOptions);
    const view = defineCollection<InventoryNode>({ name: 'nodes', indexes: { type: 'string' } });
    await store.collection(nodesV1).forTenant('acme').count();
    await store.collection(view).forTenant('acme').count();
    // An index gone behind the store's back is only noticed by a check of the table.
    const db = openSqlite(file);
    db.exec('DROP INDEX "rs_nodes.doc.region"');
    db.close();
    await store.collection(nodesV1).forTenant('acme').count();
    await store.close();
    const check = openSqlite(file);
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE name = 'rs_nodes.doc.region'").get()).toBeUndefined();
    check.close();
  });

  it('builds unordered own indexes without the id and none for fields only in compound indexes; queries still use them', async () => {
    interface Edge {
      from: string;
      job: string;
      scope: string;
    }
    const edges = defineCollection<Edge>({
      name: 'edges',
      indexes: { from: 'string', job: 'string', scope: 'string' },
      compoundIndexes: [['scope', 'from']],
      ownIndexes: { job: 'unordered', scope: 'none' },
    });
    const store = openSqliteReadStore(file, writerOptions);
    const acme = store.collection(edges).forTenant('acme');
    const entries = Array.from({ length: 30 }, (_, i) => ({ id: `e${String(29 - i).padStart(2, '0')}`, doc: { from: `n${i % 3}`, job: `j${i % 2}`, scope: 's' } }));
    await acme.bulkUpsert(entries);

    const db = openSqlite(file);
    const sqlOf = (name: string) => db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").get(name)?.['sql'];
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'rs_edges' AND sql IS NOT NULL ORDER BY name").all().map((row) => row['name'])).toEqual([
      'rs_edges.doc.from',
      'rs_edges.doc.job',
      'rs_edges.doc.scope+doc.from',
    ]);
    expect(sqlOf('rs_edges.doc.job')).toMatch(/\("tenant", "doc\.job"\)$/);
    const countPlan = db
      .prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM rs_edges WHERE tenant = ? AND "doc.job" = ?')
      .all('acme', 'j1')
      .map((row) => String(row['detail']));
    expect(countPlan.join(' | ')).toContain('USING INDEX rs_edges.doc.job (tenant=? AND doc.job=?)');
    db.close();

    await expect(acme.count({ job: 'j1' })).resolves.toBe(15);
    const expected = entries.filter(({ doc }) => doc.job === 'j1').map(({ id }) => id).sort();
    await expect(readAll(acme, { where: { job: 'j1' }, limit: 4 })).resolves.toEqual(expected);
    await expect(acme.count({ scope: 's' })).resolves.toBe(30);
    await store.close();
  });

  it('builds sparse own indexes of the documents with a value only; filters on values use them, filters on null still answer', async () => {
    interface Run {
      job: string;
      removedIn?: string | null;
    }
    const runs = defineCollection<Run>({ name: 'runs', indexes: { job: 'string', removedIn: 'string' }, ownIndexes: { removedIn: 'sparse' } });
    const store = openSqliteReadStore(file, writerOptions);
    const acme = store.collection(runs).forTenant('acme');
    const entries = Array.from({ length: 40 }, (_, i) => ({
      id: `r${String(i).padStart(2, '0')}`,
      doc: i % 4 === 0 ? { job: 'j', removedIn: `j${i % 8}` } : i % 4 === 1 ? { job: 'j', removedIn: null } : { job: 'j' },
    }));
    await acme.bulkUpsert(entries);

    const db = openSqlite(file);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'rs_runs.doc.removedIn'").get()?.['sql']).toMatch(
      /\("tenant", "doc\.removedIn", "id"\) WHERE "doc\.removedIn" IS NOT NULL$/,
    );
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM rs_runs WHERE tenant = ? AND "doc.removedIn" = ? ORDER BY id LIMIT 5')
      .all('acme', 'j0')
      .map((row) => String(row['detail']));
    expect(plan.join(' | ')).toContain('USING INDEX rs_runs.doc.removedIn (tenant=? AND doc.removedIn=?)');
    db.close();

    const ids = (test: (doc: Run) => boolean) => entries.filter(({ doc }) => test(doc)).map(({ id }) => id).sort();
    await expect(readAll(acme, { where: { removedIn: 'j4' }, limit: 2 })).resolves.toEqual(ids((doc) => doc.removedIn === 'j4'));
    await expect(readAll(acme, { where: { removedIn: { $in: ['j0', 'j4'] } }, sort: { field: 'removedIn' }, limit: 3 })).resolves.toHaveLength(10);
    await expect(acme.count({ removedIn: null })).resolves.toBe(30);
    await expect(readAll(acme, { where: { removedIn: null }, limit: 7 })).resolves.toEqual(ids((doc) => doc.removedIn == null));
    await expect(readAll(acme, { sort: { field: 'removedIn', direction: 'desc' }, limit: 9 })).resolves.toHaveLength(40);
    await store.close();
  });

  it('commits a checkpoint together with its documents, or neither', async () => {
    const store = openSqliteReadStore(file, writerOptions);
    const acme = store.collection(nodesV1).forTenant('acme');
    await acme.upsert('n0', { type: 'vm', name: 'first', region: 'eu' }, { checkpoint: { projection: 'inventory', value: '1' } });

    const saboteur = openSqlite(file);
    saboteur.exec(
      "CREATE TRIGGER refuse_checkpoint BEFORE UPDATE ON read_store_checkpoints BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    const batch = [1, 2, 3].map((i) => ({ id: `n${i}`, doc: { type: 'vm', name: `n${i}`, region: 'eu' } }));
    await expect(acme.bulkUpsert(batch, { checkpoint: { projection: 'inventory', value: '2' } })).rejects.toThrow('refused');

    await expect(acme.count()).resolves.toBe(1);
    await expect(store.checkpoints.get('inventory')).resolves.toBe('1');
    saboteur.close();
    await store.close();
  });

  it('fails a write alone: writes asked for at the same time still commit, each with its checkpoint', async () => {
    const store = openSqliteReadStore(file, writerOptions);
    const acme = store.collection(nodesV1).forTenant('acme');
    await acme.upsert('n0', { type: 'vm', name: 'first', region: 'eu' });
    const saboteur = openSqlite(file);
    saboteur.exec(
      "CREATE TRIGGER refuse_poison BEFORE INSERT ON rs_nodes WHEN NEW.id = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
    );
    const doc = (name: string) => ({ type: 'vm', name, region: 'eu' });
    const outcomes = await Promise.allSettled([
      acme.bulkUpsert([{ id: 'a1', doc: doc('a1') }, { id: 'a2', doc: doc('a2') }], { checkpoint: { projection: 'p', value: '1' } }),
      acme.bulkUpsert([{ id: 'b1', doc: doc('b1') }, { id: 'poison', doc: doc('poison') }], { checkpoint: { projection: 'q', value: '1' } }),
      acme.upsert('c1', doc('c1')),
      acme.delete('n0'),
    ]);
    expect(outcomes.map(({ status }) => status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain('poisoned');
    expect([...(await acme.getMany(['n0', 'a1', 'a2', 'b1', 'poison', 'c1'])).keys()].sort()).toEqual(['a1', 'a2', 'c1']);
    await expect(store.checkpoints.get('p')).resolves.toBe('1');
    await expect(store.checkpoints.get('q')).resolves.toBeUndefined();
    saboteur.close();
    await store.close();
  });

  it('commits the writes asked for before close, and refuses later ones', async () => {
    const store = openSqliteReadStore(file, writerOptions);
    const acme = store.collection(nodesV1).forTenant('acme');
    const pending = acme.bulkUpsert(Array.from({ length: 200 }, (_, i) => ({ id: `n${i}`, doc: { type: 'vm', name: `n${i}`, region: 'eu' } })));
    await store.close();
    await expect(pending).resolves.toBeUndefined();
    await expect(acme.upsert('late', { type: 'vm', name: 'late', region: 'eu' })).rejects.toThrow(ReadStoreClosedError);
    const reopened = openSqliteReadStore(file, writerOptions);
    await expect(reopened.collection(nodesV1).forTenant('acme').count()).resolves.toBe(200);
    await reopened.close();
  });

  it('keeps writes in the order asked for while a large batch is serialised in slices', async () => {
    const store = openSqliteReadStore(file, writerOptions);
    const acme = store.collection(nodesV1).forTenant('acme');
    // Large enough to take several slices: its write is posted after turns of the event loop.
    const padding = 'x'.repeat(2_000);
    const large = Array.from({ length: 5_000 }, (_, i) => ({ id: `n${i}`, doc: { type: 'vm', name: `first ${padding}`, region: 'eu' } }));
    let turned = false;
    setImmediate(() => (turned = true));
    const writes = [
      acme.bulkUpsert(large, { checkpoint: { projection: 'p', value: '1' } }),
      // Asked for later, serialised at once: they still commit after the batch, so they win.
      acme.upsert('n0', { type: 'vm', name: 'second', region: 'eu' }, { checkpoint: { projection: 'p', value: '2' } }),
      acme.delete('n1'),
    ];
    await Promise.all(writes);
    expect(turned).toBe(true);
    await expect(acme.get('n0')).resolves.toMatchObject({ name: 'second' });
    await expect(acme.get('n1')).resolves.toBeUndefined();
    await expect(acme.count()).resolves.toBe(4_999);
    await expect(store.checkpoints.get('p')).resolves.toBe('2');
    await store.close();
  });

  it('reads a large batch in slices, letting the event loop turn, and two such reads of one query at once each get every row', async () => {
    const store = openSqliteReadStore(file, writerOptions);
    const acme = store.collection(nodesV1).forTenant('acme');
    const padding = 'x'.repeat(2_000);
    const ids = Array.from({ length: 5_000 }, (_, i) => `n${i}`);
    await acme.bulkUpsert(ids.map((id) => ({ id, doc: { type: 'vm', name: `${id} ${padding}`, region: 'eu' } })));
    let turns = 0;
    let reading = true;
    const count = () => {
      turns += 1;
      if (reading) setImmediate(count);
    };
    setImmediate(count);
    const [first, second] = await Promise.all([acme.getMany(ids), acme.getMany(ids)]);
    reading = false;
    // One turn before each read, and more while ~10 MB of rows are stepped through and parsed.
    expect(turns).toBeGreaterThan(4);
    expect(first.size).toBe(5_000);
    expect(second.size).toBe(5_000);
    expect(first.get('n4999')).toEqual({ type: 'vm', name: `n4999 ${padding}`, region: 'eu' });
    await store.close();
  });

  it('lets the event loop turn on each page, batch read and count, so a loop of them does not hold it', async () => {
    const store = openSqliteReadStore(file, writerOptions);
    const acme = store.collection(nodesV1).forTenant('acme');
    await acme.bulkUpsert(Array.from({ length: 3 }, (_, i) => ({ id: `n${i}`, doc: { type: 'vm', name: `n${i}`, region: 'eu' } })));
    // What waits for the event loop: an HTTP request, a NATS message. The synchronous reads
    // resolved as microtasks, so the whole loop below ran before any of it.
    const turns = () => {
      let turned = false;
      setImmediate(() => (turned = true));
      return () => turned;
    };
    const afterFind = turns();
    await expect(readAll(acme, { limit: 1 })).resolves.toEqual(['n0', 'n1', 'n2']);
    expect(afterFind()).toBe(true);
    const afterGetMany = turns();
    await acme.getMany(['n0']);
    expect(afterGetMany()).toBe(true);
    const afterCount = turns();
    await acme.count({ type: 'vm' });
    expect(afterCount()).toBe(true);
    await store.close();
  });

  it('shares one file between stores, each seeing the others\' commits', async () => {
    const first = openSqliteReadStore(file, writerOptions);
    const second = openSqliteReadStore(file, writerOptions);
    await first.collection(nodesV1).forTenant('acme').upsert('n1', { type: 'vm', name: 'a', region: 'eu' });
    await second.collection(nodesV1).forTenant('acme').upsert('n2', { type: 'vm', name: 'b', region: 'eu' });
    await second.checkpoints.set('inventory', '2');
    await expect(first.collection(nodesV1).forTenant('acme').count()).resolves.toBe(2);
    await expect(first.checkpoints.get('inventory')).resolves.toBe('2');
    await Promise.all([first.close(), second.close()]);
  });
});
