import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createEventStore } from './create-event-store';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

describe('createEventStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-create-event-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('opens the SQLite file the environment names, creating its directory', async () => {
    const path = join(dir, 'nested', 'events.db');
    const store = createEventStore({ kind: 'sqlite', path }, { clock: () => new Date(0) });
    await store.append('job-1', [{ id: randomUUID(), type: 'A', data: {}, metadata: { tenantId: 't' } }], 'no_stream');
    await store.close();

    const reopened = createEventStore({ kind: 'sqlite', path });
    expect(reopened).toBeInstanceOf(SqliteEventStore);
    expect((await reopened.read('job-1')).map((event) => event.createdAt)).toEqual(['1970-01-01T00:00:00.000Z']);
    await reopened.close();
  });

  it('builds the EventStoreDB adapter for a kurrentdb:// URL without connecting yet', async () => {
    const store = createEventStore({ kind: 'esdb', connectionString: 'kurrentdb://127.0.0.1:1?tls=false' });
    expect(store).toBeInstanceOf(EsdbEventStore);
    expect(store.capabilities.uniqueEventIds).toBe(false);
    await store.close();
  });
});
