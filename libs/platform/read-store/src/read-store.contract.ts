/**
 * The behaviour every read-store adapter must show, as one Jest suite each adapter's integration
 * spec runs against a real store. Not exported from the library: it needs Jest globals.
 */
import { defineCollection } from './collection-definition';
import type { DocumentEntry } from './document-rules';
import {
  InvalidArgumentError,
  InvalidCursorError,
  InvalidDocumentError,
  InvalidQueryError,
  ReadStoreClosedError,
  UnindexedFieldError,
} from './errors';
import { upsertSet, type FindQuery, type ReadStore, type TenantCollection } from './read-store';

export interface OpenedStore {
  store: ReadStore;
  /** Closes the store and deletes what the test wrote. */
  dispose(): Promise<void>;
}

export interface ContractSubject {
  /** A store with no documents and no checkpoints, for one test. */
  open(): Promise<OpenedStore>;
}

interface Node {
  type: string;
  name?: string | null;
  size?: number | null;
  active?: boolean;
  stats?: { edges?: number };
  notes?: string;
}

const nodes = defineCollection<Node>({
  name: 'nodes',
  indexes: { type: 'string', name: 'string', size: 'number', active: 'boolean', 'stats.edges': 'number' },
  compoundIndexes: [['type', 'name']],
});

const edges = defineCollection<{ from: string; to: string }>({ name: 'edges', indexes: { from: 'string' } });

/** Deterministic pseudo-random numbers, so a failing case can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Documents with repeated, null and missing sort values, in shuffled order. */
function sampleNodes(count: number, seed = 7): DocumentEntry<Node>[] {
  const random = seeded(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const entries = Array.from({ length: count }, (_, i): DocumentEntry<Node> => {
    const doc: Node = { type: pick(['vm', 'disk', 'vpc']), active: random() < 0.5, stats: { edges: i % 5 } };
    const name = pick(['alpha', 'beta', 'gamma', null, undefined]);
    if (name !== undefined) doc.name = name;
    const size = pick([1, 2, 2.5, 10, -3, null, undefined]);
    if (size !== undefined) doc.size = size;
    return { id: `n${String(i).padStart(4, '0')}`, doc };
  });
  return entries.sort(() => random() - 0.5);
}

type Sortable = 'name' | 'size' | 'active';

/** The order the port promises: nulls lowest, ties by id in the same direction. */
function expectedOrder(entries: readonly DocumentEntry<Node>[], field: Sortable | undefined, direction: 'asc' | 'desc'): string[] {
  const rank = (value: unknown) => (value === undefined || value === null ? null : (value as string | number | boolean));
  const compare = (a: DocumentEntry<Node>, b: DocumentEntry<Node>): number => {
    if (field !== undefined) {
      const x = rank(a.doc[field]);
      const y = rank(b.doc[field]);
      if (x === null && y !== null) return -1;
      if (y === null && x !== null) return 1;
      if (x !== null && y !== null && x !== y) return x < y ? -1 : 1;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  const sorted = [...entries].sort(compare).map((entry) => entry.id);
  return direction === 'asc' ? sorted : sorted.reverse();
}

async function readAllPages<TDoc extends object>(
  collection: TenantCollection<TDoc>,
  query: Omit<FindQuery<TDoc>, 'cursor'>,
  betweenPages: (pageNumber: number) => Promise<void> = async () => undefined,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pageNumber = 0; ; pageNumber++) {
    if (pageNumber > 10_000) throw new Error('paging did not terminate');
    const page = await collection.find({ ...query, cursor });
    expect(page.items.length).toBeLessThanOrEqual(query.limit);
    ids.push(...page.items.map((item) => item.id));
    if (page.nextCursor === undefined) return ids;
    cursor = page.nextCursor;
    await betweenPages(pageNumber);
  }
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

const idsOf = (page: { items: DocumentEntry<unknown>[] }) => page.items.map((item) => item.id);

export function describeReadStoreContract(subject: ContractSubject): void {
  let opened: OpenedStore | undefined;
  let store: ReadStore;
  beforeEach(async () => {
    opened = await subject.open();
    store = opened.store;
  });
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });

  const tenantNodes = (tenant = 'acme') => store.collection(nodes).forTenant(tenant);

  describe('documents', () => {
    it('gets nothing for an unknown id, then the stored document; upsert replaces the whole document', async () => {
      const acme = tenantNodes();
      await expect(acme.get('n1')).resolves.toBeUndefined();
      await acme.upsert('n1', { type: 'vm', name: 'web', notes: 'first' });
      await expect(acme.get('n1')).resolves.toEqual({ type: 'vm', name: 'web', notes: 'first' });
      await acme.upsert('n1', { type: 'disk' });
      await expect(acme.get('n1')).resolves.toEqual({ type: 'disk' });
    });

    it('stores JSON: what comes back is what JSON.stringify kept', async () => {
      const acme = tenantNodes();
      const doc = { type: 'vm', notes: 'ünïcødé ✓ "quoted"', size: 2.5, extra: { list: [1, 'two', null], when: new Date(0) } };
      await acme.upsert('json', doc);
      await expect(acme.get('json')).resolves.toEqual(JSON.parse(JSON.stringify(doc)));
    });

    it('gets a document as JSON text too: parsed, it is what get returns; nothing for an unknown id or another tenant', async () => {
      const acme = tenantNodes();
      const doc = { type: 'vm', notes: 'ünïcødé ✓ "quoted" \u2028', size: 2.5, extra: { list: [1, 'two', null], big: 1e21, when: new Date(0) } };
      await acme.upsert('json', doc);
      const json = await acme.getJson('json');
      expect(typeof json).toBe('string');
      expect(JSON.parse(json!)).toEqual(await acme.get('json'));
      await expect(acme.getJson('missing')).resolves.toBeUndefined();
      await expect(tenantNodes('globex').getJson('json')).resolves.toBeUndefined();
      await expect(acme.getJson('')).rejects.toThrow(InvalidArgumentError);
    });

    it('bulk upserts thousands of documents in one call, and the last of a repeated id wins', async () => {
      const acme = tenantNodes();
      const entries = Array.from({ length: 3_000 }, (_, i) => ({ id: `bulk-${i}`, doc: { type: i % 2 ? 'vm' : 'disk', size: i } }));
      await acme.bulkUpsert([...entries, { id: 'bulk-7', doc: { type: 'vpc', size: -1 } }]);
      await expect(acme.count()).resolves.toBe(3_000);
      await expect(acme.count({ type: 'vm' })).resolves.toBe(1_499);
      await expect(acme.get('bulk-2999')).resolves.toEqual({ type: 'vm', size: 2_999 });
      await expect(acme.get('bulk-7')).resolves.toEqual({ type: 'vpc', size: -1 });

      await acme.bulkUpsert(entries.slice(0, 10).map(({ id }) => ({ id, doc: { type: 'updated' } })));
      await expect(acme.count()).resolves.toBe(3_000);
      await expect(acme.count({ type: 'updated' })).resolves.toBe(10);
    });

    it('sums a number field over what a filter selects, in the store, per tenant', async () => {
      const acme = tenantNodes();
      await acme.bulkUpsert([
        { id: 's-1', doc: { type: 'vm', size: 1.25 } },
        { id: 's-2', doc: { type: 'vm', size: 2.5 } },
        { id: 's-3', doc: { type: 'disk', size: 10 } },
        { id: 's-4', doc: { type: 'vm' } },
      ]);
      await expect(acme.sum('size')).resolves.toBeCloseTo(13.75, 10);
      await expect(acme.sum('size', { type: 'vm' })).resolves.toBeCloseTo(3.75, 10);
      await expect(acme.sum('size', { type: 'nothing' })).resolves.toBe(0);
      await expect(acme.sum('size', { size: { $gt: 2 } })).resolves.toBeCloseTo(12.5, 10);
      await expect(tenantNodes('globex-sums').sum('size')).resolves.toBe(0);
      await expect(acme.sum('type' as never)).rejects.toThrow('sum needs a number field');
    });

    it('validates every document before writing any', async () => {
      const acme = tenantNodes();
      const wrongType = { type: 'vm', size: 'large' } as unknown as Node;
      await expect(acme.bulkUpsert([{ id: 'ok', doc: { type: 'vm' } }, { id: 'bad', doc: wrongType }])).rejects.toThrow(
        InvalidDocumentError,
      );
      await expect(acme.upsert('', { type: 'vm' })).rejects.toThrow(InvalidArgumentError);
      await expect(acme.upsert('array', [] as unknown as Node)).rejects.toThrow(InvalidDocumentError);
      await expect(acme.count()).resolves.toBe(0);
    });

    it('gets many by id, skipping the missing ones', async () => {
      const acme = tenantNodes();
      await acme.bulkUpsert([
        { id: 'a', doc: { type: 'vm' } },
        { id: 'b', doc: { type: 'disk' } },
      ]);
      const found = await acme.getMany(['b', 'missing', 'a', 'b']);
      expect(Object.fromEntries(found)).toEqual({ a: { type: 'vm' }, b: { type: 'disk' } });
      await expect(acme.getMany([])).resolves.toEqual(new Map());
    });

    it('deletes one document or those matching a filter', async () => {
      const acme = tenantNodes();
      const all = sampleNodes(40);
      await acme.bulkUpsert(all);
      const vmIds = all.filter((entry) => entry.doc.type === 'vm').map((entry) => entry.id);
      const firstVm = defined(vmIds[0]);
      expect(vmIds.length).toBeGreaterThan(1);

      await expect(acme.delete(firstVm)).resolves.toBe(true);
      await expect(acme.delete(firstVm)).resolves.toBe(false);
      await expect(acme.get(firstVm)).resolves.toBeUndefined();
      await expect(acme.count()).resolves.toBe(all.length - 1);
    });
  });

  describe('upserts into several collections together', () => {
    it('writes every set, of several collections and tenants; the last of an id repeated in a set wins', async () => {
      const acmeEdges = store.collection(edges).forTenant('acme');
      await store.upsertTogether([
        upsertSet(tenantNodes('acme'), [
          { id: 'n1', doc: { type: 'vm' } },
          { id: 'n1', doc: { type: 'disk' } },
        ]),
        upsertSet(acmeEdges, [{ id: 'e1', doc: { from: 'n1', to: 'n2' } }]),
        upsertSet(tenantNodes('globex'), [{ id: 'n1', doc: { type: 'vpc' } }]),
      ]);
      await expect(tenantNodes('acme').get('n1')).resolves.toEqual({ type: 'disk' });
      await expect(acmeEdges.get('e1')).resolves.toEqual({ from: 'n1', to: 'n2' });
      await expect(tenantNodes('globex').get('n1')).resolves.toEqual({ type: 'vpc' });
      await expect(tenantNodes('acme').count({ type: 'disk' })).resolves.toBe(1);
      await store.upsertTogether([]);
    });

    it('validates every document of every set before writing any', async () => {
      const wrongType = { type: 'vm', size: 'large' } as unknown as Node;
      await expect(
        store.upsertTogether([
          upsertSet(store.collection(edges).forTenant('acme'), [{ id: 'e1', doc: { from: 'a', to: 'b' } }]),
          upsertSet(tenantNodes(), [{ id: 'bad', doc: wrongType }]),
        ]),
      ).rejects.toThrow(InvalidDocumentError);
      await expect(store.collection(edges).forTenant('acme').count()).resolves.toBe(0);
      const notOfAStore = { ...tenantNodes() } as TenantCollection<Node>;
      await expect(store.upsertTogether([upsertSet(notOfAStore, [{ id: 'n1', doc: { type: 'vm' } }])])).rejects.toThrow(InvalidArgumentError);
      await expect(tenantNodes().count()).resolves.toBe(0);
    });

    it('records a checkpoint with the sets it covers', async () => {
      await store.upsertTogether([upsertSet(tenantNodes(), [{ id: 'n1', doc: { type: 'vm' } }])], {
        checkpoint: { projection: 'inventory', value: '3' },
      });
      await expect(store.checkpoints.get('inventory')).resolves.toBe('3');
      await expect(store.upsertTogether([], { checkpoint: { projection: '', value: '4' } })).rejects.toThrow(InvalidArgumentError);
      await expect(store.checkpoints.get('inventory')).resolves.toBe('3');
    });
  });

  describe('queries', () => {
    const all = sampleNodes(60);
    const matching = (test: (doc: Node) => boolean) =>
      all
        .filter((entry) => test(entry.doc))
        .map((entry) => entry.id)
        .sort();
    const findIds = async (query: FindQuery<Node>) => idsOf(await tenantNodes().find(query)).sort();

    beforeEach(() => tenantNodes().bulkUpsert(all));

    it('filters by equality on string, number, boolean and nested fields, all conditions holding', async () => {
      await expect(findIds({ where: { type: 'disk' }, limit: 100 })).resolves.toEqual(matching((d) => d.type === 'disk'));
      await expect(findIds({ where: { size: 2.5 }, limit: 100 })).resolves.toEqual(matching((d) => d.size === 2.5));
      await expect(findIds({ where: { active: false }, limit: 100 })).resolves.toEqual(matching((d) => d.active === false));
      await expect(findIds({ where: { 'stats.edges': 3 }, limit: 100 })).resolves.toEqual(
        matching((d) => d.stats?.edges === 3),
      );
      await expect(findIds({ where: { type: 'vm', active: true, size: 10 }, limit: 100 })).resolves.toEqual(
        matching((d) => d.type === 'vm' && d.active === true && d.size === 10),
      );
      await expect(findIds({ where: { type: 'nope' }, limit: 100 })).resolves.toEqual([]);
    });

    it('matches null and missing values with null, in equality and in $in', async () => {
      const absent = (value: unknown) => value === null || value === undefined;
      expect(all.some((entry) => entry.doc.name === null)).toBe(true);
      expect(all.some((entry) => !('name' in entry.doc))).toBe(true);
      await expect(findIds({ where: { name: null }, limit: 100 })).resolves.toEqual(matching((d) => absent(d.name)));
      await expect(findIds({ where: { name: { $in: ['beta', null] } }, limit: 100 })).resolves.toEqual(
        matching((d) => d.name === 'beta' || absent(d.name)),
      );
      await expect(findIds({ where: { name: { $in: ['beta', 'gamma'] } }, limit: 100 })).resolves.toEqual(
        matching((d) => d.name === 'beta' || d.name === 'gamma'),
      );
      await expect(findIds({ where: { size: { $in: [] } }, limit: 100 })).resolves.toEqual([]);
    });

    it('filters by ranges, which never match null or missing values', async () => {
      const has = (value: number | null | undefined): value is number => typeof value === 'number';
      await expect(findIds({ where: { size: { $gt: 2 } }, limit: 100 })).resolves.toEqual(
        matching((d) => has(d.size) && d.size > 2),
      );
      await expect(findIds({ where: { size: { $gte: 2, $lt: 10 } }, limit: 100 })).resolves.toEqual(
        matching((d) => has(d.size) && d.size >= 2 && d.size < 10),
      );
      await expect(findIds({ where: { size: { $lte: 1 } }, limit: 100 })).resolves.toEqual(
        matching((d) => has(d.size) && d.size <= 1),
      );
      await expect(findIds({ where: { name: { $gt: 'alpha', $lte: 'gamma' } }, limit: 100 })).resolves.toEqual(
        matching((d) => typeof d.name === 'string' && d.name > 'alpha' && d.name <= 'gamma'),
      );
    });

    it('filters by document id ($id): ranges, equality and lists, with field filters, paged, counted and deleted', async () => {
      const ids = all.map((entry) => entry.id).sort();
      const inRange = (id: string) => id >= 'n0010' && id < 'n0030';
      await expect(findIds({ where: { $id: { $gte: 'n0010', $lt: 'n0030' } }, limit: 100 })).resolves.toEqual(ids.filter(inRange));
      await expect(findIds({ where: { $id: { $gt: 'n0050' } }, limit: 100 })).resolves.toEqual(ids.filter((id) => id > 'n0050'));
      await expect(findIds({ where: { $id: 'n0007' }, limit: 100 })).resolves.toEqual(['n0007']);
      await expect(findIds({ where: { $id: { $in: ['n0003', 'n0041', 'nope'] } }, limit: 100 })).resolves.toEqual(['n0003', 'n0041']);
      await expect(findIds({ where: { $id: { $gte: 'n0010', $lt: 'n0030' }, type: 'vm' }, limit: 100 })).resolves.toEqual(
        matching((d) => d.type === 'vm').filter(inRange),
      );
      const paged = await readAllPages(tenantNodes(), { where: { $id: { $gte: 'n0010', $lt: 'n0030' } }, limit: 3 });
      expect(paged).toEqual(ids.filter(inRange));
      await expect(tenantNodes().count({ $id: { $lt: 'n0020' } })).resolves.toBe(20);
      await expect(tenantNodes().count({ $id: { $gte: 'n0050' } })).resolves.toBe(10);
      for (const where of [{ $id: null }, { $id: { $in: ['n0001', null] } }, { $id: 7 }]) {
        await expect(tenantNodes().find({ where: where as unknown as FindQuery<Node>['where'], limit: 10 })).rejects.toThrow(InvalidQueryError);
      }
    });

    it('counts with and without filters', async () => {
      await expect(tenantNodes().count()).resolves.toBe(all.length);
      await expect(tenantNodes().count({ type: 'vpc', size: { $lt: 5 } })).resolves.toBe(
        matching((d) => d.type === 'vpc' && typeof d.size === 'number' && d.size < 5).length,
      );
    });

    it.each([
      ['name', 'asc'],
      ['name', 'desc'],
      ['size', 'asc'],
      ['size', 'desc'],
      ['active', 'desc'],
      ['id only', 'asc'],
      ['id only', 'desc'],
    ] as const)('sorts by %s %s, ties broken by id, nulls lowest', async (label, direction) => {
      const field = label === 'id only' ? undefined : label;
      const page = await tenantNodes().find({ sort: { field, direction }, limit: all.length });
      expect(idsOf(page)).toEqual(expectedOrder(all, field, direction));
      expect(page.nextCursor).toBeUndefined();
    });

    it.each([
      ['name', 'asc', 7],
      ['name', 'desc', 7],
      ['size', 'asc', 4],
      ['size', 'desc', 1],
      ['active', 'asc', 9],
      ['id only', 'desc', 6],
    ] as const)('pages by %s %s, %i per page, visiting every document exactly once', async (label, direction, limit) => {
      const field = label === 'id only' ? undefined : label;
      const ids = await readAllPages(tenantNodes(), { sort: { field, direction }, limit });
      expect(ids).toEqual(expectedOrder(all, field, direction));
    });

    it('pages a filtered query, ending exactly at the last page', async () => {
      const disks = all.filter((entry) => entry.doc.type === 'disk');
      const ids = await readAllPages(tenantNodes(), { where: { type: 'disk' }, sort: { field: 'name' }, limit: 5 });
      expect(ids).toEqual(expectedOrder(disks, 'name', 'asc'));
      const exact = await tenantNodes().find({ where: { type: 'disk' }, limit: disks.length });
      expect(exact.items).toHaveLength(disks.length);
      expect(exact.nextCursor).toBeUndefined();
    });

    it('keeps paging consistent while documents are inserted between pages', async () => {
      const acme = tenantNodes();
      const behind: string[] = [];
      const ahead: string[] = [];
      const ids = await readAllPages(acme, { sort: { field: 'name' }, limit: 6 }, async (pageNumber) => {
        // (null, "a-…") sorts before every page already read; ("zzz", "z-…") after the cursor, always.
        const suffix = String(pageNumber).padStart(4, '0');
        behind.push(`a-late-${suffix}`);
        ahead.push(`z-late-${suffix}`);
        await acme.bulkUpsert([
          { id: `a-late-${suffix}`, doc: { type: 'vm', name: null } },
          { id: `z-late-${suffix}`, doc: { type: 'vm', name: 'zzz' } },
        ]);
      });
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => behind.includes(id))).toEqual([]);
      expect(ids.filter((id) => ahead.includes(id))).toEqual(ahead);
      expect(ids.filter((id) => !id.includes('-late-'))).toEqual(expectedOrder(all, 'name', 'asc'));
    });

    it('refuses a cursor issued for another filter, sort or tenant, and garbage', async () => {
      const query = { where: { type: 'vm' }, sort: { field: 'name' }, limit: 2 } as const;
      const cursor = defined((await tenantNodes().find(query)).nextCursor);
      await expect(tenantNodes().find({ ...query, limit: 3, cursor })).resolves.toHaveProperty('items');
      const misuses: FindQuery<Node>[] = [
        { ...query, where: { type: 'disk' }, cursor },
        { ...query, where: { type: 'vm', active: true }, cursor },
        { ...query, sort: { field: 'name', direction: 'desc' }, cursor },
        { ...query, sort: { field: 'size' }, cursor },
        { ...query, cursor: 'not-a-cursor' },
        { ...query, cursor: Buffer.from('{"q":1}').toString('base64url') },
      ];
      for (const misuse of misuses) await expect(tenantNodes().find(misuse)).rejects.toThrow(InvalidCursorError);
      await expect(tenantNodes('globex').find({ ...query, cursor })).rejects.toThrow(InvalidCursorError);
    });

    it('rejects filters and sorts on unindexed fields, and malformed queries', async () => {
      const acme = tenantNodes();
      const unindexed = { notes: 'x' } as FindQuery<Node>['where'] & object;
      await expect(acme.find({ where: unindexed, limit: 10 })).rejects.toThrow(UnindexedFieldError);
      await expect(acme.count(unindexed)).rejects.toThrow(UnindexedFieldError);
      await expect(acme.find({ sort: { field: 'notes' as 'name' }, limit: 10 })).rejects.toThrow(UnindexedFieldError);
      const malformed: unknown[] = [
        { size: '10' },
        { size: { $gt: null } },
        { size: { $ne: 1 } },
        { size: { $in: 1 } },
        { size: { $in: [1], $gt: 0 } },
        { size: {} },
        { type: ['vm'] },
      ];
      for (const where of malformed) {
        await expect(acme.find({ where: where as FindQuery<Node>['where'], limit: 10 })).rejects.toThrow(InvalidQueryError);
      }
      for (const limit of [0, -1, 1.5, 10_001]) await expect(acme.find({ limit })).rejects.toThrow(InvalidQueryError);
      await expect(acme.count()).resolves.toBe(all.length);
    });
  });

  describe('tenants', () => {
    it("never lets one tenant read, count, page or delete another tenant's documents", async () => {
      const acme = tenantNodes('acme');
      const globex = tenantNodes('globex');
      await acme.bulkUpsert([
        { id: 'shared', doc: { type: 'vm', name: 'acme-web' } },
        { id: 'acme-only', doc: { type: 'vm', name: 'acme-db' } },
      ]);
      await globex.upsert('shared', { type: 'vm', name: 'globex-web' });

      await expect(acme.get('shared')).resolves.toEqual({ type: 'vm', name: 'acme-web' });
      await expect(globex.get('shared')).resolves.toEqual({ type: 'vm', name: 'globex-web' });
      await expect(globex.get('acme-only')).resolves.toBeUndefined();
      await expect(globex.getMany(['shared', 'acme-only'])).resolves.toEqual(
        new Map([['shared', { type: 'vm', name: 'globex-web' }]]),
      );
      expect(idsOf(await globex.find({ where: { type: 'vm' }, limit: 10 }))).toEqual(['shared']);
      await expect(readAllPages(acme, { sort: { field: 'name' }, limit: 1 })).resolves.toEqual(['acme-only', 'shared']);
      await expect(globex.count()).resolves.toBe(1);

      await expect(globex.delete('acme-only')).resolves.toBe(false);
      await expect(globex.delete('shared')).resolves.toBe(true);
      await expect(acme.count()).resolves.toBe(2);
      await expect(acme.get('shared')).resolves.toEqual({ type: 'vm', name: 'acme-web' });
    });

    it('refuses an empty tenant id', () => {
      expect(() => tenantNodes('')).toThrow(InvalidArgumentError);
    });

    it('lists the tenants that have documents in a collection, sorted, each once', async () => {
      await expect(store.collection(nodes).tenants()).resolves.toEqual([]);
      await tenantNodes('globex').upsert('a', { type: 'vm', name: 'a' });
      await tenantNodes('acme').bulkUpsert([
        { id: 'a', doc: { type: 'vm', name: 'a' } },
        { id: 'b', doc: { type: 'vm', name: 'b' } },
      ]);
      await expect(store.collection(nodes).tenants()).resolves.toEqual(['acme', 'globex']);
      await tenantNodes('globex').delete('a');
      await expect(store.collection(nodes).tenants()).resolves.toEqual(['acme']);
    });
  });

  describe('checkpoints and rebuilds', () => {
    it('gets, sets and overwrites a checkpoint per projection', async () => {
      await expect(store.checkpoints.get('inventory')).resolves.toBeUndefined();
      await store.checkpoints.set('inventory', '42');
      await store.checkpoints.set('audit', 'a-1');
      await store.checkpoints.set('inventory', '43');
      await expect(store.checkpoints.get('inventory')).resolves.toBe('43');
      await expect(store.checkpoints.get('audit')).resolves.toBe('a-1');
      await expect(store.checkpoints.set('', '1')).rejects.toThrow(InvalidArgumentError);
      await expect(store.checkpoints.set('inventory', 44 as unknown as string)).rejects.toThrow(InvalidArgumentError);
      await expect(store.checkpoints.get('inventory')).resolves.toBe('43');
    });

    it('records a checkpoint with the writes it covers', async () => {
      const acme = tenantNodes();
      const at = (value: string) => ({ checkpoint: { projection: 'inventory', value } });
      await acme.bulkUpsert([{ id: 'n1', doc: { type: 'vm' } }], at('7'));
      await expect(store.checkpoints.get('inventory')).resolves.toBe('7');
      await acme.upsert('n2', { type: 'vm' }, at('8'));
      await expect(store.checkpoints.get('inventory')).resolves.toBe('8');
      await acme.delete('n1', at('9'));
      await expect(store.checkpoints.get('inventory')).resolves.toBe('9');
      await acme.delete('n2', at('10'));
      await expect(store.checkpoints.get('inventory')).resolves.toBe('10');
      await acme.bulkUpsert([], at('11'));
      await expect(store.checkpoints.get('inventory')).resolves.toBe('11');
      await expect(acme.count()).resolves.toBe(0);
    });

    it("rebuilds from zero in one call: every tenant's documents in the projection's collections and its checkpoint go", async () => {
      for (const tenant of ['acme', 'globex']) {
        await tenantNodes(tenant).bulkUpsert(sampleNodes(20), { checkpoint: { projection: 'inventory', value: '20' } });
        await store.collection(edges).forTenant(tenant).upsert('e1', { from: 'n0001', to: 'n0002' });
      }
      const audit = defineCollection<{ action: string }>({ name: 'audit_log', indexes: { action: 'string' } });
      await store.collection(audit).forTenant('acme').upsert('a1', { action: 'login' });
      await store.checkpoints.set('audit', '5');

      await store.resetProjection('inventory', [nodes, edges]);

      await expect(store.checkpoints.get('inventory')).resolves.toBeUndefined();
      for (const tenant of ['acme', 'globex']) {
        await expect(tenantNodes(tenant).count()).resolves.toBe(0);
        await expect(store.collection(edges).forTenant(tenant).count()).resolves.toBe(0);
      }
      await expect(store.collection(audit).forTenant('acme').count()).resolves.toBe(1);
      await expect(store.checkpoints.get('audit')).resolves.toBe('5');

      await tenantNodes().upsert('again', { type: 'vm' }, { checkpoint: { projection: 'inventory', value: '1' } });
      await expect(tenantNodes().find({ where: { type: 'vm' }, limit: 10 })).resolves.toEqual({
        items: [{ id: 'again', doc: { type: 'vm' } }],
      });
    });

    it('resets a projection whose collections were never written', async () => {
      await store.checkpoints.set('inventory', '3');
      await store.resetProjection('inventory', [edges]);
      await expect(store.checkpoints.get('inventory')).resolves.toBeUndefined();
    });
  });

  it('refuses calls after close', async () => {
    const acme = tenantNodes();
    await store.close();
    await expect(acme.get('n1')).rejects.toThrow(ReadStoreClosedError);
    await expect(store.checkpoints.get('inventory')).rejects.toThrow(ReadStoreClosedError);
  });
}
