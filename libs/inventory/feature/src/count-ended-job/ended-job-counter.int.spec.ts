import { pluginRunKey, type InventoryFigures } from '@strata/contracts';
import { join } from 'node:path';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { makeTempDir, waitFor, type TempDir } from '@strata/testing';
import { ingestedBatchesCollection, type IngestedBatch } from '../read-model/inventory-collections';
import { EndedJobCounter } from './ended-job-counter';

describe('EndedJobCounter (real SQLite)', () => {
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

  /** A batch record as ingest writes it: `seen` nodes new to the job, `updated` of them changed. */
  const recordBatch = (tenantId: string, jobId: string, attempt: number, sequence: number, seen: number, updated = 0, plugin = 'aws') => {
    const record: IngestedBatch = {
      run: pluginRunKey(jobId, plugin, attempt),
      job_id: jobId,
      plugin,
      attempt,
      sequence,
      scope: 'aws:1',
      nodes: seen,
      edges: 0,
      nodes_seen: seen,
      nodes_updated: updated,
      ingested_at: '2026-12-03T10:00:00.000Z',
    };
    return readStore.collection(ingestedBatchesCollection).forTenant(tenantId).upsert(`${jobId}:${plugin}:${attempt}:${sequence}`, record);
  };

  function counter(recountDelayMs: number) {
    const reports: { tenantId: string; jobId: string; stats: InventoryFigures }[] = [];
    const errors: unknown[] = [];
    const instance = new EndedJobCounter({
      readStore,
      recountDelayMs,
      report: async (tenantId, jobId, stats) => {
        reports.push({ tenantId, jobId, stats });
      },
      onReportError: (_tenantId, _jobId, error) => errors.push(error),
    });
    return { instance, reports, errors };
  }

  it("sums each run's latest attempt (a redone attempt sees everything again) and nothing of a job whose id it starts with", async () => {
    await recordBatch('t1', 'job-1', 1, 0, 25, 3);
    await recordBatch('t1', 'job-1', 1, 1, 10);
    await recordBatch('t1', 'job-1', 2, 0, 5, 1);
    await recordBatch('t1', 'job-1', 2, 1, 4, 1);
    await recordBatch('t1', 'job-1', 1, 0, 7, 0, 'demo');
    await recordBatch('t1', 'job-10', 1, 0, 99, 9);
    await recordBatch('t2', 'job-1', 1, 0, 7);
    const { instance } = counter(10);
    const stats = await instance.jobEnded('t1', { job_id: 'job-1', outcome: 'cancelled', ended_at: '2026-12-03T10:00:01.000Z' });
    expect(stats).toEqual({ nodesDiscovered: 16, nodesUpdated: 2, nodesRemoved: 0, edgesCreated: 0 });
    await instance.stop();
  });

  it('counts a job again once after batches stored after it ended, and not for a job that has not ended', async () => {
    const { instance, reports, errors } = counter(50);
    await recordBatch('t3', 'job-live', 1, 0, 10);
    await instance.jobChanged('t3', 'job-live');
    await instance.jobEnded('t3', { job_id: 'job-2', outcome: 'failed', ended_at: '2026-12-03T10:00:01.000Z' });
    for (const sequence of [0, 1, 2]) {
      await recordBatch('t3', 'job-2', 1, sequence, 10);
      await instance.jobChanged('t3', 'job-2');
    }
    await waitFor(() => reports.length > 0, { message: 'the count after the late batches' });
    // Stopping makes any count still waiting: a second one would show now.
    await instance.stop();
    expect(reports).toEqual([{ tenantId: 't3', jobId: 'job-2', stats: { nodesDiscovered: 30, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: 0 } }]);
    expect(errors).toEqual([]);
  });

  it('makes a count still waiting when it stops instead of losing it', async () => {
    const { instance, reports } = counter(60_000);
    await instance.jobEnded('t4', { job_id: 'job-3', outcome: 'cancelled', ended_at: '2026-12-03T10:00:01.000Z' });
    await recordBatch('t4', 'job-3', 1, 0, 12);
    await instance.jobChanged('t4', 'job-3');
    expect(reports).toEqual([]);
    await instance.stop();
    expect(reports).toEqual([{ tenantId: 't4', jobId: 'job-3', stats: { nodesDiscovered: 12, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: 0 } }]);
  });
});
