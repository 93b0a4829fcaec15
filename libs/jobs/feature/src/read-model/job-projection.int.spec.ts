import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '@strata/platform-event-store';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { breakingFirstSubscription, RecordingLoopHealth } from '@strata/service-testing';
import { makeTempDir, waitFor, type TempDir } from '@strata/testing';
import { JobProjection } from './job-projection';
import { JobQueries } from './job-queries';

describe('JobProjection, supervised', () => {
  let dir: TempDir;
  let events: SqliteEventStore;
  let readStore: ReadStore;

  beforeAll(async () => {
    dir = await makeTempDir();
    events = new SqliteEventStore({ path: join(dir.path, 'strata.db') });
    readStore = openSqliteReadStore(join(dir.path, 'strata.db'));
  });
  afterAll(async () => {
    await readStore.close();
    await events.close();
    await dir.remove();
  });

  const requested = (jobId: string) => ({
    id: randomUUID(),
    type: 'JobRequested',
    data: { jobId, tenantId: 'acme', name: jobId, plugins: ['demo'], credentialId: 'cred-demo', config: {}, pluginConfigs: { demo: {} }, requestedAt: '2026-12-05T10:00:00.000Z' },
    metadata: { tenantId: 'acme', schemaVersion: 1 },
  });
  const started = (jobId: string) => ({ id: randomUUID(), type: 'JobStarted', data: { jobId, startedAt: '2026-12-05T10:00:01.000Z' }, metadata: { tenantId: 'acme', schemaVersion: 1 } });
  const taken = (jobId: string) => ({
    id: randomUUID(),
    type: 'PluginRunStarted',
    data: { jobId, plugin: 'demo', attempt: 1, workerId: 'w-1', startedAt: '2026-12-05T10:00:02.000Z' },
    metadata: { tenantId: 'acme', schemaVersion: 1 },
  });

  it('starts again from its checkpoint after its store subscription fails, shown down meanwhile, and projects every job', async () => {
    for (const jobId of ['job-1', 'job-2', 'job-3']) await events.append(`job-${jobId}`, [requested(jobId), started(jobId), taken(jobId)], 'no_stream');
    const flaky = breakingFirstSubscription(events, 4);
    const health = new RecordingLoopHealth();
    const projection = new JobProjection({ events: flaky.store, readStore, health });
    projection.start();
    const queries = new JobQueries(readStore);
    try {
      // Running: each job's last event is in its view.
      await waitFor(async () => (await Promise.all(['job-1', 'job-2', 'job-3'].map((id) => queries.get('acme', id)))).every((view) => view?.status === 'running'), {
        message: 'every job projected',
      });
    } finally {
      await projection.stop();
    }
    expect(flaky.subscriptions()).toBe(2);
    expect(health.failures).toEqual(['projection:jobs']);
    expect(health.downLoops()).toEqual([]);
  });
});
