import { join } from 'node:path';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { SqliteReadStore } from '@strata/platform-read-store';
import { openSqlite } from '@strata/platform-sqlite';
import { makeTempDir, type TempDir } from '@strata/testing';
import { runJob, variedNode } from '../fixtures/graph-fixtures';
import type { ListNodesQuery } from '../graph-api.schemas';
import { EdgeListing } from '../list-edges/edge-listing';
import { NeighborTraversal } from '../node-neighbors/neighbor-traversal';
import { NodeListing } from './node-listing';

interface Executed {
  sql: string;
  params: SQLInputValue[];
}

/** The database, recording every statement the read store runs through it. */
function recording(db: DatabaseSync, executed: Executed[]): DatabaseSync {
  const forward = <T extends object>(target: T, prop: string | symbol) => {
    const value: unknown = Reflect.get(target, prop, target);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop !== 'prepare') return forward(target, prop);
      return (sql: string) =>
        new Proxy(target.prepare(sql), {
          get(statement: StatementSync, method) {
            // Pages are read with `iterate` (stepped through in slices), other reads with `all`.
            if (method !== 'all' && method !== 'iterate') return forward(statement, method);
            return (...params: SQLInputValue[]) => {
              executed.push({ sql, params });
              return method === 'all' ? statement.all(...params) : statement.iterate(...params);
            };
          },
        });
    },
  });
}

describe('Graph API queries use an index, read in order (EXPLAIN QUERY PLAN)', () => {
  let dir: TempDir;
  let raw: DatabaseSync;
  let store: SqliteReadStore;
  const executed: Executed[] = [];

  beforeAll(async () => {
    dir = await makeTempDir();
    raw = openSqlite(join(dir.path, 'strata.db'));
    store = new SqliteReadStore(recording(raw, executed));
    const nodes = Array.from({ length: 400 }, (_, i) => variedNode(i));
    const edges = nodes.slice(1).map((node, i) => ({ from: node.id, to: nodes[i]?.id ?? node.id, type: i % 2 ? 'attached_to' : 'in_vpc' }));
    await runJob(store, 'acme', 'job-1', [{ plugin: 'aws', scope: 'aws:1', nodes, edges }], new Date('2026-11-22T10:00:00.000Z'));
  });

  afterAll(async () => {
    await store.close();
    raw.close();
    await dir.remove();
  });

  /** The plan of every SELECT `read` ran on `table`, as SQLite explains it with the same parameters. */
  async function plansOf(table: string, read: () => Promise<unknown>): Promise<string[]> {
    executed.length = 0;
    await read();
    const selects = executed.filter(({ sql }) => sql.startsWith('SELECT id, doc FROM') && sql.includes(`"${table}"`));
    expect(selects.length).toBeGreaterThan(0);
    return selects.map(({ sql, params }) =>
      raw
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((row) => String(row['detail']))
        .join(' | '),
    );
  }

  const query = (filters: Partial<ListNodesQuery>): ListNodesQuery => ({ status: 'active', limit: 3, ...filters });

  it.each<[string, Partial<ListNodesQuery>, string]>([
    ['status only', {}, 'rs_nodes.doc.status (tenant=? AND doc.status=?)'],
    ['one type', { type: ['aws.ec2.instance'] }, 'rs_nodes.doc.status_type (tenant=? AND doc.status_type=?)'],
    ['several types', { type: ['aws.ec2.instance', 'aws.s3.bucket'] }, 'rs_nodes.doc.status_type (tenant=? AND doc.status_type=?)'],
    ['provider', { provider: 'aws' }, 'rs_nodes.doc.status_type (tenant=? AND doc.status_type>? AND doc.status_type<?)'],
    ['account', { account: '222' }, 'rs_nodes.doc.status_account (tenant=? AND doc.status_account=?)'],
    ['region', { region: 'eu-west-1' }, 'rs_nodes.doc.status_region (tenant=? AND doc.status_region=?)'],
    // Sightings are apart from the nodes' documents: the job a node was last seen by is checked per node.
    ['last_seen_job, checked per node', { last_seen_job: 'job-1' }, 'rs_nodes.doc.status (tenant=? AND doc.status=?)'],
    ['name prefix', { name_prefix: 'web' }, 'rs_nodes.doc.status_name (tenant=? AND doc.status_name>? AND doc.status_name<?)'],
    ['type with tag, account and region checked per node', { type: ['aws.ec2.volume'], tag: ['env:prod'], account: '111', region: 'eu-west-1' }, 'rs_nodes.doc.status_type (tenant=? AND doc.status_type=?)'],
  ])('lists nodes by %s through one index, first and later pages, without sorting', async (_name, filters, index) => {
    const listing = new NodeListing(store);
    const firstPage = await plansOf('rs_nodes', () => listing.list('acme', query(filters)));
    const first = await listing.list('acme', query(filters));
    expect(first.next_cursor).toBeDefined();
    const nextPage = await plansOf('rs_nodes', () => listing.list('acme', query({ ...filters, cursor: first.next_cursor })));
    for (const plan of [...firstPage, ...nextPage]) {
      expect(plan).toContain(`USING INDEX ${index.split(' ')[0]}`);
      expect(plan).not.toContain('TEMP B-TREE');
      expect(plan).not.toMatch(/^SCAN/);
    }
    expect(firstPage[0]).toContain(`USING INDEX ${index}`);
  });

  it('reads edges of a node, and traverses, through the primary key (leaving) and the to index (entering)', async () => {
    const target = variedNode(10).id;
    const edges = new EdgeListing(store);
    for (const [filters, index] of [
      [{ from: target, status: 'active' }, 'sqlite_autoindex_rs_edges_1 (tenant=? AND id>? AND id<?)'],
      [{ to: target, status: 'active' }, 'rs_edges.doc.to (tenant=? AND doc.to=?)'],
    ] as const) {
      for (const plan of await plansOf('rs_edges', () => edges.list('acme', filters, { limit: 10 }))) {
        expect(plan).toContain(`USING INDEX ${index}`);
        expect(plan).not.toContain('TEMP B-TREE');
      }
    }
    const traversal = await plansOf('rs_edges', () => new NeighborTraversal(store).traverse('acme', target, { depth: 3, limit: 500, direction: 'both' }));
    for (const plan of traversal) {
      expect(plan).toMatch(/USING INDEX (sqlite_autoindex_rs_edges_1 \(tenant=\? AND id>\? AND id<\?\)|rs_edges\.doc\.to \(tenant=\? AND doc\.to=\?\))/);
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});
