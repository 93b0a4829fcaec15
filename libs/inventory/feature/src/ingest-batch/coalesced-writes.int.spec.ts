import { defineCollection, openSqliteReadStore, upsertSet, type ReadStore, type UpsertSet } from '@strata/platform-read-store';
import { CoalescedWrites } from './coalesced-writes';

interface Item {
  size: number;
}
const items = defineCollection<Item>({ name: 'items', indexes: { size: 'number' } });

describe('CoalescedWrites', () => {
  let store: ReadStore;
  beforeEach(() => {
    store = openSqliteReadStore(':memory:');
  });
  afterEach(() => store.close());

  const setOf = (id: string, doc: Item): UpsertSet => upsertSet(store.collection(items).forTenant('acme'), [{ id, doc }]);

  it('writes the sets of callers waiting together in one upsertTogether, each caller settled when stored', async () => {
    const together = jest.spyOn(store, 'upsertTogether');
    const writes = new CoalescedWrites(store);
    await Promise.all([writes.write([setOf('a', { size: 1 })]), writes.write([setOf('b', { size: 2 })]), writes.write([setOf('c', { size: 3 })])]);
    expect(together).toHaveBeenCalledTimes(1);
    expect(together.mock.calls[0]?.[0]).toHaveLength(3);
    await expect(store.collection(items).forTenant('acme').count()).resolves.toBe(3);

    // A caller arriving after a flush gets a write of its own.
    await writes.write([setOf('d', { size: 4 })]);
    expect(together).toHaveBeenCalledTimes(2);
  });

  it('fails only the caller whose set cannot be written; its neighbours are stored', async () => {
    const writes = new CoalescedWrites(store);
    const notANumber = { size: 'large' } as unknown as Item;
    const outcomes = await Promise.allSettled([
      writes.write([setOf('a', { size: 1 })]),
      writes.write([setOf('bad', notANumber)]),
      writes.write([setOf('c', { size: 3 })]),
    ]);
    expect(outcomes.map(({ status }) => status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await store.collection(items).forTenant('acme').getMany(['a', 'bad', 'c']);
    expect([...stored.keys()].sort()).toEqual(['a', 'c']);
  });
});
