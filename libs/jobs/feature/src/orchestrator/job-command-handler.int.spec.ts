import { join } from 'node:path';
import { SqliteEventStore } from '@strata/platform-event-store';
import { JobAlreadyTerminalError } from '@strata/jobs-domain';
import { makeTempDir, type TempDir } from '@strata/testing';
import { JobCommandHandler } from './job-command-handler';

const create = {
  type: 'CreateJob',
  jobId: 'job-1',
  tenantId: 'acme-corp',
  name: 'Demo',
  plugins: ['demo'],
  credentialId: 'cred-demo',
  config: { size: 10 },
  pluginConfigs: { demo: { size: 10 } },
  now: '2026-11-22T10:00:00.000Z',
} as const;
const meta = { tenantId: 'acme-corp' };

describe('JobCommandHandler', () => {
  let dir: TempDir;
  let store: SqliteEventStore;
  let handler: JobCommandHandler;

  beforeEach(async () => {
    dir = await makeTempDir();
    store = new SqliteEventStore({ path: join(dir.path, 'strata.db') });
    handler = new JobCommandHandler(store);
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('appends what the decider decided and rebuilds the same state from the stream', async () => {
    const outcome = await handler.execute('job-1', create, meta);
    expect(outcome.events.map((e) => e.type)).toEqual(['JobRequested', 'JobStarted']);
    const stored = await store.read('job-job-1');
    expect(stored.map((e) => [e.type, e.metadata['schemaVersion'], e.metadata.tenantId, e.metadata.correlationId])).toEqual([
      ['JobRequested', 1, 'acme-corp', 'job-1'],
      ['JobStarted', 1, 'acme-corp', 'job-1'],
    ]);
    expect((await handler.load('job-1')).state).toEqual(outcome.state);
  });

  it('decides again on the newer state when another report got in between load and append', async () => {
    await handler.execute('job-1', create, meta);
    const start = (attempt: number) => ({ type: 'StartPluginRun', plugin: 'demo', attempt, workerId: `w${attempt}`, now: create.now }) as const;
    // A store whose first append lets a competing report land first, as a second process would.
    let raced = false;
    const racing = Object.create(store) as SqliteEventStore;
    racing.append = async (...args) => {
      if (!raced) {
        raced = true;
        await handler.execute('job-1', start(5), meta);
      }
      return store.append(...args);
    };
    const outcome = await new JobCommandHandler(racing).execute('job-1', start(2), meta);

    expect(raced).toBe(true);
    expect(outcome.events).toEqual([]);
    const stored = await store.read('job-job-1');
    expect(stored.filter((e) => e.type === 'PluginRunStarted').map((e) => e.data['attempt'])).toEqual([5]);
  });

  it('passes domain refusals through untouched', async () => {
    await handler.execute('job-1', create, meta);
    await handler.execute('job-1', { type: 'CancelJob', now: create.now }, meta);
    await expect(handler.execute('job-1', { type: 'CancelJob', now: create.now }, meta)).rejects.toBeInstanceOf(JobAlreadyTerminalError);
  });
});
