import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '@strata/platform-sqlite';
import { defineCollection } from '../collection-definition';
import { planFind, type FindInput } from '../query-plan';
import type { FindQuery } from '../read-store';
import { describeReadStoreContract } from '../read-store.contract';
import { openSqliteReadStore } from './sqlite-read-store';
import { findSegmentSql } from './sqlite-sql';

async function makeDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'strata-read-store-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

describe('SQLite read store', () => {
  describeReadStoreContract({
    open: async () => {
      const dir = await makeDir();
      const store = openSqliteReadStore(join(dir.path, 'strata.db'));
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

describe('SQLite read store storage', () => {
  let dir: Awaited<ReturnType<typeof makeDir>>;
  let file: string;
  beforeEach(async () => {
    dir = await makeDir();
    file = join(dir.path, 'strata.db');
  });
  afterEach(() => dir.remove());

  it('reads filtered, sorted pages through an index without sorting (EXPLAIN QUERY PLAN)', async () => {
    const store = openSqliteReadStore(file);
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
    const before = openSqliteReadStore(file);
    await before.collection(nodesV1).forTenant('acme').upsert('n1', { type: 'vm', name: 'web', region: 'eu', account: '123' });

    // A second process (here: connection) with a newer definition of the same collection.
    const nodesV2 = defineCollection<InventoryNode>({
      name: 'nodes',
      indexes: { ...nodesV1.indexes, account: 'string' },
      compoundIndexes: [['type', 'name']],
    });
    const after = openSqliteReadStore(file);
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

  it('commits a checkpoint together with its documents, or neither', async () => {
    const store = openSqliteReadStore(file);
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

  it('shares one file between stores, each seeing the others\' commits', async () => {
    const first = openSqliteReadStore(file);
    const second = openSqliteReadStore(file);
    await first.collection(nodesV1).forTenant('acme').upsert('n1', { type: 'vm', name: 'a', region: 'eu' });
    await second.collection(nodesV1).forTenant('acme').upsert('n2', { type: 'vm', name: 'b', region: 'eu' });
    await second.checkpoints.set('inventory', '2');
    await expect(first.collection(nodesV1).forTenant('acme').count()).resolves.toBe(2);
    await expect(first.checkpoints.get('inventory')).resolves.toBe('2');
    await Promise.all([first.close(), second.close()]);
  });
});
