import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { makeTempDir, type TempDir } from '@strata/testing';
import { batchesOf, chainEstate, runOutput, type RunAddress } from '../fixtures/inventory-fixtures';
import { BatchIngestor } from '../ingest-batch/batch-ingestor';
import { edgeSightingsCollection, nodesCollection, nodeSightingsCollection } from '../read-model/inventory-collections';
import { readEdges, readNodes } from '../read-model/sightings';
import { ScopeReconciler } from '../reconcile-scope/scope-reconciler';
import { SightingsMigration } from './sightings-migration';

/**
 * `fixtures/legacy-inventory.db` was written by inventory as it was before sightings were kept
 * apart (`fixtures/write-legacy-file.ts`): tenant acme, scope aws:1, job-1 saw i-0..i-59, job-2
 * i-0..i-49 (i-5 changed, i-50..i-59 removed); tenant globex, job-3 saw other-0..other-4.
 */
describe('SightingsMigration on a data file written before sightings were kept apart', () => {
  let dir: TempDir;
  let file: string;
  let readStore: ReadStore;

  beforeEach(async () => {
    dir = await makeTempDir();
    file = join(dir.path, 'strata.db');
    await copyFile(join(__dirname, 'fixtures', 'legacy-inventory.db'), file);
    readStore = openSqliteReadStore(file);
  });
  afterEach(async () => {
    await readStore.close();
    await dir.remove();
  });

  const ids = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);

  it('gives every node and edge its sighting from its document, once, and drops the indexes sightings replaced', async () => {
    const before = await readNodes(readStore, 'acme', ids('i', 0, 60));
    const migration = new SightingsMigration(readStore);
    expect(await migration.run()).toEqual({ ran: true, tenants: 2, nodes: 65, edges: 126 });
    expect(await migration.run()).toEqual({ ran: false, tenants: 0, nodes: 0, edges: 0 });

    const sightings = await readStore.collection(nodeSightingsCollection).forTenant('acme').getMany(ids('i', 0, 60));
    expect(sightings.get('i-0')).toMatchObject({ last_seen_job: 'job-2', seen_in: 'aws:1|job-2', last_seen: before.records.get('i-0')!.last_seen });
    expect(sightings.get('i-55')).toMatchObject({ last_seen_job: 'job-1', seen_in: null });
    expect(await readStore.collection(edgeSightingsCollection).forTenant('acme').count({ seen_in: 'aws:1|job-2' })).toBe(98);
    expect(await readStore.collection(nodeSightingsCollection).forTenant('globex').count({ seen_in: 'aws:1|job-3' })).toBe(5);
    // Read back, every node is what it was.
    expect((await readNodes(readStore, 'acme', ids('i', 0, 60))).records).toEqual(before.records);

    const db = new DatabaseSync(file);
    const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").all().map((row) => String(row['name']));
    db.close();
    expect(indexes).not.toContain('rs_nodes.doc.last_seen_job');
    expect(indexes).not.toContain('rs_edges.doc.live_in');
    expect(indexes).toContain('rs_node_sightings.doc.seen_in');
  });

  it('then a re-scan of the old estate writes sightings only for what did not change, and reconcile removes what it no longer saw', async () => {
    await new SightingsMigration(readStore).run();
    const at = '2026-12-02T00:00:00.000Z';
    const ingestor = new BatchIngestor({ readStore, clock: () => new Date(at) });
    const reconciler = new ScopeReconciler({ readStore, clock: () => new Date(at), batchWaitMs: 1_000, batchPollIntervalMs: 10 });
    const run: RunAddress = { tenantId: 'acme', jobId: 'job-4', plugin: 'aws', attempt: 1, scope: 'aws:1' };
    // job-4 sees i-0..i-44 as job-2 left them (i-5 stopped again), i-45..i-49 gone.
    const estate = chainEstate(45);
    estate.nodes[5] = { ...estate.nodes[5]!, attributes: { state: 'stopped' } };
    const batches = batchesOf(estate, run, 20).map((batch) => ({ ...batch, observedAt: at }));
    for (const batch of batches) await ingestor.ingest(batch);
    const outcome = await reconciler.reconcile({ tenantId: 'acme', jobId: 'job-4', runs: [{ ...runOutput(run, batches), startedAt: at }], startedAt: at });
    expect(outcome).toMatchObject({ kind: 'reconciled', stats: { nodesDiscovered: 45, nodesUpdated: 0, nodesRemoved: 5, edgesCreated: 0 } });

    const nodes = (await readNodes(readStore, 'acme', ids('i', 0, 50))).records;
    expect(ids('i', 0, 50).map((id) => `${id}:${nodes.get(id)!.status}`)).toEqual([...ids('i', 0, 45).map((id) => `${id}:active`), ...ids('i', 45, 50).map((id) => `${id}:removed`)]);
    expect(nodes.get('i-3')).toMatchObject({ last_seen_job: 'job-4', last_seen: at, first_seen_job: 'job-1' });
    // The unchanged node's document was not rewritten: it still says job-2 saw it last; its sighting says job-4.
    expect(await readStore.collection(nodesCollection).forTenant('acme').get('i-3')).toMatchObject({ last_seen_job: 'job-2' });
    const edges = (await readEdges(readStore, 'acme', ['i-3|depends_on|i-2', 'i-46|depends_on|i-45'])).records;
    expect(edges.get('i-3|depends_on|i-2')).toMatchObject({ status: 'active', last_seen_job: 'job-4' });
    expect(edges.get('i-46|depends_on|i-45')).toMatchObject({ status: 'removed', removed_in_job: 'job-4' });
  });
});
