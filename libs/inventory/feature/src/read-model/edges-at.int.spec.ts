import { edgeId, type ResourceEdge } from '@strata/contracts';
import { observeEdge } from '@strata/inventory-domain';
import { openSqliteReadStore } from '@strata/platform-read-store';
import { edgesAt, edgesFromWhere } from './edges-at';
import { edgesCollection } from './inventory-collections';

const context = { jobId: 'job-1', scope: 'aws:1', at: '2026-12-02T10:00:00.000Z' };
const edge = (from: string, type: string, to: string): ResourceEdge => ({ from, type, to });

describe('edgesAt', () => {
  // Node ids may hold "|" too: "a|b"'s edges fall inside the id range of "a"'s (`a|…`).
  const stored = [
    edge('a', 'in_vpc', 'vpc-1'),
    edge('a', 'attached_to', 'b'),
    edge('a|b', 'in_vpc', 'vpc-1'),
    edge('a-b', 'in_vpc', 'a'),
    edge('b', 'attached_to', 'a'),
    edge('c', 'in_vpc', 'vpc-2'),
  ];
  const store = openSqliteReadStore(':memory:');
  const edges = store.collection(edgesCollection).forTenant('acme');
  const ids = async (end: 'from' | 'to', nodeIds: string[], pageSize = 1) => {
    const found: string[] = [];
    for await (const record of edgesAt(edges, end, nodeIds, pageSize)) found.push(edgeId(record));
    return found;
  };

  beforeAll(() => edges.bulkUpsert(stored.map((e) => ({ id: edgeId(e), doc: observeEdge(undefined, e, context).record }))));
  afterAll(() => store.close());

  it('reads the edges leaving nodes from the primary key, none of another node whose id extends theirs', async () => {
    await expect(ids('from', ['a'])).resolves.toEqual(['a|attached_to|b', 'a|in_vpc|vpc-1']);
    await expect(ids('from', ['a|b', 'c', 'a', 'a'], 2)).resolves.toEqual(['a|attached_to|b', 'a|in_vpc|vpc-1', 'a|b|in_vpc|vpc-1', 'c|in_vpc|vpc-2']);
    await expect(ids('from', ['vpc-1', 'nope'])).resolves.toEqual([]);
    // The range alone would also hold "a|b"'s edge: edgesAt is what leaves it out.
    const range = await edges.find({ where: edgesFromWhere('a'), limit: 10 });
    expect(range.items.map(({ id }) => id)).toEqual(['a|attached_to|b', 'a|b|in_vpc|vpc-1', 'a|in_vpc|vpc-1']);
  });

  it('reads the edges entering nodes from the to index, by node then edge id, a page at a time', async () => {
    await expect(ids('to', ['vpc-1', 'a'])).resolves.toEqual(['a-b|in_vpc|a', 'b|attached_to|a', 'a|b|in_vpc|vpc-1', 'a|in_vpc|vpc-1']);
    await expect(ids('to', ['c'])).resolves.toEqual([]);
  });
});
