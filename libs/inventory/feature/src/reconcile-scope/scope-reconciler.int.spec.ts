import { join } from 'node:path';
import type { ResourceNode } from '@strata/contracts';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { makeTempDir, waitFor, type TempDir } from '@strata/testing';
import { batchesOf, runOutput, vm, type RunAddress } from '../fixtures/inventory-fixtures';
import { BatchIngestor } from '../ingest-batch/batch-ingestor';
import { ingestedBatchesCollection, nodesCollection } from '../read-model/inventory-collections';
import { ScopeReconciler, type FinishedDiscovery, type IngestProgress } from './scope-reconciler';

/** Two jobs over one scope at the same time; time is set by the test, one minute per step. */
describe('ScopeReconciler with jobs over the same scope at the same time', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let minute = 0;
  const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
  const clock = () => new Date(at(minute));
  let ingestor: BatchIngestor;
  let reconciler: ScopeReconciler;

  beforeEach(async () => {
    dir = await makeTempDir();
    readStore = openSqliteReadStore(join(dir.path, 'strata.db'));
    ingestor = new BatchIngestor({ readStore, clock });
    reconciler = new ScopeReconciler({ readStore, clock, batchWaitMs: 100, batchPollIntervalMs: 10 });
  });
  afterEach(async () => {
    await readStore.close();
    await dir.remove();
  });

  const run = (jobId: string): RunAddress => ({ tenantId: 'acme', jobId, plugin: 'aws', attempt: 1, scope: 'aws:1' });
  const ids = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);
  /** Ingests what `jobId` saw at the current minute; returns its run output. */
  async function sees(jobId: string, nodeIds: string[], state = 'running') {
    return seesNodes(jobId, nodeIds.map((id) => vm(id, state)));
  }
  async function seesNodes(jobId: string, nodes: ResourceNode[]) {
    const batches = batchesOf({ nodes, edges: [] }, run(jobId));
    for (const batch of batches) await ingestor.ingest(batch);
    return runOutput(run(jobId), batches);
  }
  const finished = (jobId: string, runs: FinishedDiscovery['runs'], startedAt?: string): FinishedDiscovery => ({
    tenantId: 'acme',
    jobId,
    runs,
    ...(startedAt ? { startedAt } : {}),
  });
  const statusOf = async (nodeIds: string[]) => {
    const stored = await readStore.collection(nodesCollection).forTenant('acme').getMany(nodeIds);
    return nodeIds.map((id) => `${id}:${stored.get(id)?.status ?? 'missing'}`);
  };

  /**
   * An earlier job saw o-0..o-9. Job A starts (minute 10) and sees o-0..o-7; job B starts later
   * (minute 20) and sees o-0..o-4 and a node created since, n-0. B reconciles first, then A.
   */
  async function overlappingJobs(withStartTimes: boolean) {
    minute = 1;
    const earlier = await sees('job-0', ids('o', 0, 10));
    await reconciler.reconcile(finished('job-0', [earlier], at(0)));
    minute = 11;
    const seenByA = await sees('job-a', ids('o', 0, 8));
    minute = 21;
    const seenByB = await sees('job-b', [...ids('o', 0, 5), 'n-0']);
    minute = 30;
    const b = await reconciler.reconcile(finished('job-b', [seenByB], withStartTimes ? at(20) : undefined));
    minute = 31;
    const a = await reconciler.reconcile(finished('job-a', [seenByA], withStartTimes ? at(10) : undefined));
    return { a, b };
  }

  it('keeps what a job started later saw: the older job removes only nodes nobody saw since it began', async () => {
    const { a, b } = await overlappingJobs(true);
    // B, the newer view, removed what nobody saw since B began: o-5..o-7 (A, before B) and o-8, o-9.
    // Nobody saw a node of the scope after B began but B: it names no other job.
    expect(b).toEqual({ kind: 'reconciled', stats: expect.objectContaining({ nodesDiscovered: 6, nodesRemoved: 5 }), concurrentJobs: [] });
    // A did not see n-0, which B saw after A began, nor o-8, o-9, already removed: it removes
    // nothing, counts every node it saw (o-0..o-7, B having seen o-0..o-4 since), and names B as
    // the job that saw nodes of the scope after it began.
    expect(a).toEqual({ kind: 'reconciled', stats: { nodesDiscovered: 8, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: 0 }, concurrentJobs: ['job-b'] });
    // Reported the same when the reconcile is asked again (a redelivered DiscoveryFinished).
    expect(await reconciler.reconcile(finished('job-a', [], at(10)))).toEqual(a);
    expect(await statusOf([...ids('o', 0, 5), 'n-0'])).toEqual([...ids('o', 0, 5), 'n-0'].map((id) => `${id}:active`));
    expect(await statusOf(ids('o', 5, 10))).toEqual(ids('o', 5, 10).map((id) => `${id}:removed`));
  });

  it("counts each job's own updates of nodes both saw: what it found changed from what was stored when it saw it", async () => {
    minute = 1;
    await reconciler.reconcile(finished('job-0', [await sees('job-0', ids('o', 0, 10))], at(0)));
    minute = 11;
    const seenByA = await sees('job-a', ids('o', 0, 4), 'stopped');
    minute = 21;
    // B sees o-0, o-1 as A left them, o-2 changed again.
    const seenByB = await seesNodes('job-b', [vm('o-0', 'stopped'), vm('o-1', 'stopped'), vm('o-2', 'terminated')]);
    minute = 30;
    const b = await reconciler.reconcile(finished('job-b', [seenByB], at(20)));
    const a = await reconciler.reconcile(finished('job-a', [seenByA], at(10)));
    expect(b).toMatchObject({ stats: { nodesDiscovered: 3, nodesUpdated: 1 } });
    expect(a).toMatchObject({ stats: { nodesDiscovered: 4, nodesUpdated: 4 }, concurrentJobs: ['job-b'] });
  });

  it('counts over the nodes as they are when a batch was recorded without its counts (before an upgrade)', async () => {
    minute = 1;
    const output = await sees('job-0', ids('o', 0, 10));
    const ingested = readStore.collection(ingestedBatchesCollection).forTenant('acme');
    const records = (await ingested.find({ limit: 10 })).items;
    expect(records.map(({ doc }) => doc.nodes_seen)).toEqual([10]);
    await ingested.bulkUpsert(records.map(({ id, doc: { nodes_seen: _seen, nodes_updated: _updated, ...older } }) => ({ id, doc: older })));
    expect(await reconciler.reconcile(finished('job-0', [output], at(0)))).toMatchObject({ stats: { nodesDiscovered: 10, nodesUpdated: 0 } });
  });

  it('without a start time (events stored before it was recorded) removes every node of the scope the job did not see', async () => {
    const { a } = await overlappingJobs(false);
    // Including what B saw after A began: the behaviour start times exist to avoid.
    expect(a).toEqual({ kind: 'reconciled', stats: expect.objectContaining({ nodesRemoved: 6 }), concurrentJobs: [] });
    expect(await statusOf([...ids('o', 0, 5), 'n-0'])).toEqual([...ids('o', 0, 5), 'n-0'].map((id) => `${id}:removed`));
  });

  describe('while it waits for a job\'s batches', () => {
    const batches = () => batchesOf({ nodes: ids('p', 0, 100).map((id) => vm(id)), edges: [] }, run('job-p'));

    it('tells how many are ingested each time that moves, and reconciles once all are', async () => {
      const all = batches();
      expect(all).toHaveLength(4);
      const waiting = new ScopeReconciler({ readStore, clock, batchWaitMs: 10_000, batchPollIntervalMs: 10, progressIntervalMs: 0 });
      await ingestor.ingest(all[0]!);
      const heard: IngestProgress[] = [];
      const reconciled = waiting.reconcile(finished('job-p', [runOutput(run('job-p'), all)]), async (progress) => void heard.push(progress));
      for (const [n, batch] of all.slice(1).entries()) {
        await waitFor(() => heard.length === n + 1, { message: `progress report ${n + 1}` });
        await ingestor.ingest(batch);
      }
      expect(await reconciled).toMatchObject({ kind: 'reconciled', stats: { nodesDiscovered: 100 } });
      // All four ingested ends the wait: there is nothing left to report then.
      expect(heard).toEqual([1, 2, 3].map((batchesIngested) => ({ batchesIngested, batchesTotal: 4 })));
    });

    it('says nothing more within the interval, and nothing when no batch was missing', async () => {
      const all = batches();
      // The test's clock stands still, so the interval never passes after the first report.
      const waiting = new ScopeReconciler({ readStore, clock, batchWaitMs: 10_000, batchPollIntervalMs: 10, progressIntervalMs: 60_000 });
      const heard: IngestProgress[] = [];
      const reconciled = waiting.reconcile(finished('job-p', [runOutput(run('job-p'), all)]), async (progress) => void heard.push(progress));
      for (const batch of all) {
        await waitFor(() => heard.length > 0, { message: 'the first progress report' });
        await ingestor.ingest(batch);
      }
      await reconciled;
      expect(heard).toEqual([{ batchesIngested: 0, batchesTotal: 4 }]);

      const again: IngestProgress[] = [];
      await waiting.reconcile(finished('job-q', [await sees('job-q', ids('q', 0, 10))]), async (progress) => void again.push(progress));
      expect(again).toEqual([]);
    });
  });
});
