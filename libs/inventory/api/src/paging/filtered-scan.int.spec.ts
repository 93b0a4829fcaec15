import { join } from 'node:path';
import { defineCollection, openSqliteReadStore, type ReadStore, type TenantCollection } from '@strata/platform-read-store';
import { makeTempDir, type TempDir } from '@strata/testing';
import { queryIdOf } from './api-cursor';
import { scanPage, type FilteredScan, type ScanPage } from './filtered-scan';

interface Item {
  kind: string;
  name: string;
  wanted: boolean;
}

const items = defineCollection<Item>({ name: 'scan_items', indexes: { kind: 'string', name: 'string' } });

describe('scanPage (real SQLite)', () => {
  let dir: TempDir;
  let store: ReadStore;
  let collection: TenantCollection<Item>;

  beforeAll(async () => {
    dir = await makeTempDir();
    store = openSqliteReadStore(join(dir.path, 'scan.db'));
    collection = store.collection(items).forTenant('acme');
    // 1,000 items of kind "a": every 37th is wanted (27 of them); names run backwards to ids.
    await collection.bulkUpsert(
      Array.from({ length: 1_000 }, (_, i) => ({
        id: `item-${String(i).padStart(4, '0')}`,
        doc: { kind: 'a', name: `name-${String(999 - i).padStart(4, '0')}`, wanted: i % 37 === 0 },
      })),
    );
  });

  afterAll(async () => {
    await store.close();
    await dir.remove();
  });

  const wantedScan = (overrides: Partial<FilteredScan<Item>> = {}): FilteredScan<Item> => ({
    collection,
    where: { kind: 'a' },
    sort: {},
    matches: (item) => item.wanted,
    queryId: queryIdOf('items', 'acme', { wanted: true }),
    ...overrides,
  });

  async function all(scan: FilteredScan<Item>, limit: number, budget?: number): Promise<{ pages: ScanPage<Item>[]; ids: string[] }> {
    const pages: ScanPage<Item>[] = [];
    let cursor: string | undefined;
    do {
      const page = await scanPage(scan, { limit, ...(cursor ? { cursor } : {}), ...(budget ? { budget } : {}) });
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 1_000);
    return { pages, ids: pages.flatMap((page) => page.items.map((item) => item.id)) };
  }

  const expectedIds = Array.from({ length: 1_000 }, (_, i) => i)
    .filter((i) => i % 37 === 0)
    .map((i) => `item-${String(i).padStart(4, '0')}`);

  it('visits every match once, in order, resuming pages that filled mid-chunk', async () => {
    for (const limit of [1, 2, 5, 27, 100]) {
      const { pages, ids } = await all(wantedScan(), limit);
      expect({ limit, ids }).toEqual({ limit, ids: expectedIds });
      expect(pages.every((page) => page.items.length <= limit)).toBe(true);
    }
  });

  it('returns short (even empty) pages with a cursor when the scan budget runs out first', async () => {
    const lastOnly = wantedScan({ matches: (item) => item.name === 'name-0000', queryId: queryIdOf('items', 'acme', { last: true }) });
    const { pages, ids } = await all(lastOnly, 10, 100);
    expect(ids).toEqual(['item-0999']);
    // Chunks of 100 rows, one per request with a budget of 100: nine empty pages, then the match.
    expect(pages.map((page) => [page.items.length, page.nextCursor !== undefined])).toEqual([...Array.from({ length: 9 }, () => [0, true]), [1, false]]);
    const dense = await all(wantedScan(), 10, 100);
    expect(dense.ids).toEqual(expectedIds);
  });

  it('keeps the order of a sort field, comparing values as the store does', async () => {
    const { ids } = await all(wantedScan({ sort: { field: 'name' }, sortValue: (item) => item.name }), 4);
    expect(ids).toEqual([...expectedIds].reverse());
  });

  it('is one store page per request without a filter of its own', async () => {
    const { matches: _none, ...unfiltered } = wantedScan();
    const { pages, ids } = await all({ ...unfiltered, queryId: queryIdOf('items', 'acme', {}) }, 250);
    expect(pages.map((page) => page.items.length)).toEqual([250, 250, 250, 250]);
    expect(pages.at(-1)?.nextCursor).toBeUndefined();
    expect(new Set(ids).size).toBe(1_000);
  });

  it('shows a match written between pages once it sorts after the cursor', async () => {
    const first = await scanPage(wantedScan(), { limit: 3 });
    await collection.upsert('item-0999x', { kind: 'a', name: 'late', wanted: true });
    const rest: string[] = [];
    for (let cursor = first.nextCursor; cursor; ) {
      const page = await scanPage(wantedScan(), { limit: 50, cursor });
      rest.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    }
    expect([...first.items.map((item) => item.id), ...rest]).toEqual([...expectedIds, 'item-0999x']);
    await collection.delete('item-0999x');
  });

  it('refuses a cursor of another query with invalid_cursor', async () => {
    const { nextCursor } = await scanPage(wantedScan(), { limit: 1 });
    await expect(scanPage(wantedScan({ queryId: queryIdOf('items', 'acme', { wanted: false }) }), { limit: 1, ...(nextCursor ? { cursor: nextCursor } : {}) })).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
    await expect(scanPage(wantedScan({ queryId: queryIdOf('items', 'globex', { wanted: true }) }), { limit: 1, ...(nextCursor ? { cursor: nextCursor } : {}) })).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
  });
});
