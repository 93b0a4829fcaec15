import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore, type EventStore, type StoredEvent } from '@strata/platform-event-store';
import { LoopHealth } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
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
    let subscriptions = 0;
    const flaky: EventStore = Object.create(events) as EventStore;
    flaky.subscribeAll = (options) => {
      subscriptions += 1;
      const inner = events.subscribeAll(options);
      if (subscriptions > 1) return inner;
      return (async function* (): AsyncIterable<StoredEvent> {
        let seen = 0;
        for await (const event of inner) {
          yield event;
          if (++seen === 4) throw new Error('event store subscription lost');
        }
      })();
    };
    const failed: string[] = [];
    const health = new (class extends LoopHealth {
      override failed(name: string): void {
        failed.push(name);
        super.failed(name);
      }
    })();
    const projection = new JobProjection({ events: flaky, readStore, health });
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
    expect(subscriptions).toBe(2);
    expect(failed).toEqual(['projection:jobs']);
    expect(health.downLoops()).toEqual([]);
  });
});
