import { openSqliteReadStore, type ReadStore, type TenantCollection } from '@strata/platform-read-store';
import type { FindingRecord } from '@strata/audit-domain';
import { bucket, reconciledInventory, volume } from '../fixtures/audit-fixtures';
import { fixtureInputs } from '../fixtures/fixture-rules';
import { findingsCollection, inventoryNodesView, type InventoryNodeView } from '../read-model/audit-collections';
import { ScopeEvaluator, type AuditProgress } from './scope-evaluator';

/** Public buckets and unencrypted, unattached volumes: each node violates at least one rule. */
const violating = (count: number) =>
  Array.from({ length: count }, (_, i) => (i % 2 === 0 ? bucket(`b-${String(i).padStart(3, '0')}`, false) : volume(`v-${String(i).padStart(3, '0')}`, 'available', false)));

/**
 * The store, but findings writes take 20 ms and fail from the `failAt`-th on (1-based); counts
 * the writes, and the node pages read while a findings write was still running.
 */
function failingFindingWrites(store: ReadStore, failAt: number): { store: ReadStore; writes: () => number; readsDuringWrite: () => number } {
  let writes = 0;
  let writing = 0;
  let readsDuringWrite = 0;
  const proxy: ReadStore = Object.create(store) as ReadStore;
  proxy.collection = ((definition) => {
    const collection = store.collection(definition);
    if (definition === inventoryNodesView) {
      return {
        ...collection,
        forTenant: (tenantId: string) => {
          const nodes = collection.forTenant(tenantId) as unknown as TenantCollection<InventoryNodeView>;
          const wrapped: TenantCollection<InventoryNodeView> = Object.create(nodes) as TenantCollection<InventoryNodeView>;
          // The job's nodes are read by id (after their sightings), the removed ones by `find`.
          wrapped.getMany = (ids) => {
            if (writing > 0) readsDuringWrite += 1;
            return nodes.getMany(ids);
          };
          wrapped.find = (query) => {
            if (writing > 0) readsDuringWrite += 1;
            return nodes.find(query);
          };
          return wrapped;
        },
      };
    }
    if (definition !== findingsCollection) return collection;
    return {
      ...collection,
      forTenant: (tenantId: string) => {
        const findings = collection.forTenant(tenantId) as unknown as TenantCollection<FindingRecord>;
        const wrapped: TenantCollection<FindingRecord> = Object.create(findings) as TenantCollection<FindingRecord>;
        wrapped.bulkUpsert = async (entries, options) => {
          const write = (writes += 1);
          writing += 1;
          try {
            await new Promise((resolve) => setTimeout(resolve, 20));
            if (write >= failAt) throw new Error(`findings write ${write} failed`);
            return await findings.bulkUpsert(entries, options);
          } finally {
            writing -= 1;
          }
        };
        return wrapped;
      },
    };
  }) as ReadStore['collection'];
  return { store: proxy, writes: () => writes, readsDuringWrite: () => readsDuringWrite };
}

describe('ScopeEvaluator', () => {
  let store: ReadStore;

  beforeEach(() => {
    store = openSqliteReadStore(':memory:');
  });
  afterEach(() => store.close());

  it('writes the findings of every page, with a write still running while the next page is read', async () => {
    await reconciledInventory(store, 'acme', 'job-1', { seen: violating(25) });
    const { store: slow, writes, readsDuringWrite } = failingFindingWrites(store, Number.POSITIVE_INFINITY);
    const stats = await new ScopeEvaluator({ readStore: slow, inputs: fixtureInputs(), pageSize: 4 }).evaluate({ tenantId: 'acme', jobId: 'job-1' });
    expect(writes()).toBe(7); // 25 nodes, 4 a page
    // Every page after the first (6) is read while the write before it runs; so are some of the edges' ends its rules load.
    expect(readsDuringWrite()).toBeGreaterThanOrEqual(6);
    const findings = await store.collection(findingsCollection).forTenant('acme').find({ limit: 1000 });
    expect(stats.findingsCreated).toBe(findings.items.length);
    expect(new Set(findings.items.map(({ doc }) => doc.node_id)).size).toBe(25);
  });

  it('fails with the first failed write, once every write it started has settled', async () => {
    await reconciledInventory(store, 'acme', 'job-1', { seen: violating(25) });
    const { store: failing, writes } = failingFindingWrites(store, 3);
    await expect(new ScopeEvaluator({ readStore: failing, inputs: fixtureInputs(), pageSize: 4 }).evaluate({ tenantId: 'acme', jobId: 'job-1' })).rejects.toThrow('findings write 3 failed');
    const started = writes();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(writes()).toBe(started); // nothing kept writing after the audit gave up
    // No audit outcome is recorded, so a redelivery audits again.
    const second = await new ScopeEvaluator({ readStore: store, inputs: fixtureInputs(), pageSize: 4 }).evaluate({ tenantId: 'acme', jobId: 'job-1' });
    expect(second.findingsCreated).toBeGreaterThanOrEqual(25);
  });

  it('tells how many of the job\'s nodes, present and removed, it has evaluated, page by page', async () => {
    await reconciledInventory(store, 'acme', 'job-1', { seen: violating(9), removed: [bucket('gone-1', false), bucket('gone-2', false)] });
    const heard: AuditProgress[] = [];
    let now = 0;
    // A clock that moves a second per reading: every page is past the interval.
    const evaluator = new ScopeEvaluator({ readStore: store, inputs: fixtureInputs(), pageSize: 4, clock: () => new Date((now += 1_000)) });
    await evaluator.evaluate({ tenantId: 'acme', jobId: 'job-1' }, async (progress) => void heard.push(progress));
    expect(heard.map(({ nodesAudited }) => nodesAudited)).toEqual([4, 8, 9, 11]);
    expect(heard.every(({ nodesTotal }) => nodesTotal === 11)).toBe(true);

    // Within the interval only the first page is told.
    const quiet: AuditProgress[] = [];
    // Another tenant: its scope was never audited, so the audit is whole again.
    await reconciledInventory(store, 'quiet', 'job-2', { seen: violating(9) });
    await new ScopeEvaluator({ readStore: store, inputs: fixtureInputs(), pageSize: 4, clock: () => new Date(0) }).evaluate({ tenantId: 'quiet', jobId: 'job-2' }, async (progress) => void quiet.push(progress));
    expect(quiet).toEqual([{ nodesAudited: 4, nodesTotal: 9 }]);
  });
});
