import { join } from 'node:path';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { makeTempDir, type TempDir } from '@strata/testing';
import { observeNode } from '@strata/inventory-domain';
import { vm } from '../fixtures/inventory-fixtures';
import { nodeDocument, nodesCollection } from '../read-model/inventory-collections';
import { ActiveNodeCounts } from './active-node-counts';

describe('ActiveNodeCounts (real SQLite)', () => {
  let dir: TempDir;
  let readStore: ReadStore;

  beforeAll(async () => {
    dir = await makeTempDir();
    readStore = openSqliteReadStore(join(dir.path, 'strata.db'));
  });

  afterAll(async () => {
    await readStore.close();
    await dir.remove();
  });

  const write = (tenantId: string, ids: string[]) =>
    readStore
      .collection(nodesCollection)
      .forTenant(tenantId)
      .bulkUpsert(ids.map((id) => ({ id, doc: nodeDocument({ ...observeNode(undefined, vm(id), { jobId: 'job-1', scope: 's', at: '2026-11-22T10:00:00.000Z' }).record, updated_in_job: null }) })));

  it('counts once, then keeps the count with what this process activates, until forgotten or too old', async () => {
    let now = 0;
    const counts = new ActiveNodeCounts({ readStore, maxAgeMs: 1_000, now: () => now });
    await write('acme', ['a', 'b']);
    expect(await counts.current('acme')).toBe(2);

    await write('acme', ['c']); // by another process: not seen while the count is fresh
    expect(await counts.current('acme')).toBe(2);
    counts.activated('acme', 5); // what this process says it wrote, trusted as is
    expect(await counts.current('acme')).toBe(7);

    await write('acme', ['d']);
    counts.forget('acme');
    expect(await counts.current('acme')).toBe(4);

    await write('acme', ['e']);
    now = 1_000;
    expect(await counts.current('acme')).toBe(5);
    expect(await counts.current('globex')).toBe(0);
  });
});
