import { edgeId, type ResourceEdge } from '@strata/contracts';
import { observeEdge } from '@strata/inventory-domain';
import { edgesCollection } from '@strata/inventory-feature';
import { openSqliteReadStore } from '@strata/platform-read-store';
import { EdgeListing } from './edge-listing';

describe('EdgeListing by source node', () => {
  const store = openSqliteReadStore(':memory:');
  const context = { jobId: 'job-1', scope: 'aws:1', at: '2026-12-02T10:00:00.000Z' };
  // "a|b" is a node id too: its edges' ids start with "a|", inside the id range of "a"'s edges.
  const stored: ResourceEdge[] = [
    { from: 'a', type: 'in_vpc', to: 'vpc-1' },
    { from: 'a|b', type: 'in_vpc', to: 'vpc-1' },
    { from: 'a', type: 'attached_to', to: 'b' },
  ];

  beforeAll(() =>
    store
      .collection(edgesCollection)
      .forTenant('acme')
      .bulkUpsert(stored.map((edge) => ({ id: edgeId(edge), doc: observeEdge(undefined, edge, context).record }))),
  );
  afterAll(() => store.close());

  it("lists only the node's own edges, a page at a time, never one of a node whose id extends it", async () => {
    const listing = new EdgeListing(store);
    const first = await listing.list('acme', { from: 'a', status: 'active' }, { limit: 1 });
    expect(first.items.map((edge) => edge.to)).toEqual(['b']);
    const second = await listing.list('acme', { from: 'a', status: 'active' }, { limit: 1, cursor: first.next_cursor! });
    const rest = second.next_cursor ? await listing.list('acme', { from: 'a', status: 'active' }, { limit: 5, cursor: second.next_cursor }) : { items: [] };
    expect([...second.items, ...rest.items].map((edge) => `${edge.from}->${edge.to}`)).toEqual(['a->vpc-1']);
    const filtered = await listing.list('acme', { from: 'a', to: 'vpc-1', status: 'active' }, { limit: 10 });
    expect(filtered.items.map((edge) => edge.from)).toEqual(['a']);
  });
});
