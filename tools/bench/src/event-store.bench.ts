import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { newEventId, type NewEvent, SqliteEventStore } from '@strata/platform-event-store';
import { immediateTransaction, openSqlite } from '@strata/platform-sqlite';
import { measureRate, printComparisons, type Rate } from './measure';

/**
 * SQLite event store append throughput against the floor: the same rows, already serialized,
 * inserted with plain node:sqlite into an unindexed table of the same columns, in a file opened
 * with the same pragmas, one transaction per append. The gap is what the store adds: validation,
 * the event-id and revision checks, JSON encoding and its two unique indexes.
 */
const STREAMS = 20;
const SINGLE_APPENDS = 5_000;
const BATCHES = 300;
const BATCH_SIZE = 100;

function newEvent(stream: string, sequence: number): NewEvent {
  return {
    // The ids Strata's services append with (time-ordered UUIDv7).
    id: newEventId(),
    type: 'ResourceDiscovered',
    data: {
      resourceId: `arn:aws:ec2:eu-west-1:123456789012:instance/i-${sequence.toString(16).padStart(17, '0')}`,
      kind: 'ec2.instance',
      region: 'eu-west-1',
      tags: { env: 'prod', team: 'platform', stream },
      discoveredBy: 'aws',
    },
    metadata: {
      tenantId: 'acme-corp',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
  };
}

/** `count` appends of `size` events, round-robin over the streams, with each stream's revision. */
function plan(count: number, size: number): { stream: string; expected: number | 'no_stream'; events: NewEvent[] }[] {
  const revisions = new Map<string, number>();
  return Array.from({ length: count }, (_, index) => {
    const stream = `job-${index % STREAMS}`;
    const last = revisions.get(stream);
    revisions.set(stream, (last ?? -1) + size);
    const events = Array.from({ length: size }, (_, item) => newEvent(stream, index * size + item));
    return { stream, expected: last ?? 'no_stream', events };
  });
}

type Plan = ReturnType<typeof plan>;

async function appendThroughStore(path: string, appends: Plan): Promise<Rate> {
  const store = new SqliteEventStore({ path });
  try {
    const events = appends.length * (appends[0]?.events.length ?? 0);
    const label = appends[0]?.events.length === 1 ? 'store.append, 1 event' : `store.append, ${BATCH_SIZE} events`;
    return await measureRate(`${label} (events)`, events, async () => {
      for (const { stream, expected, events: batch } of appends) await store.append(stream, batch, expected);
    });
  } finally {
    await store.close();
  }
}

function insertRaw(path: string, appends: Plan): Promise<Rate> {
  const db: DatabaseSync = openSqlite(path);
  db.exec(`CREATE TABLE events (
    global_position INTEGER PRIMARY KEY, event_id TEXT, stream_name TEXT, revision INTEGER,
    type TEXT, data TEXT, metadata TEXT, created_at TEXT) STRICT`);
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream_name, revision, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const createdAt = new Date().toISOString();
  const transactions = appends.map(({ stream, expected, events }) => {
    const first = expected === 'no_stream' ? 0 : expected + 1;
    return events.map((event, item) => [
      event.id,
      stream,
      first + item,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      createdAt,
    ] as const);
  });
  const size = appends[0]?.events.length ?? 0;
  return measureRate(`raw insert, ${size} row${size === 1 ? '' : 's'}/tx (rows)`, appends.length * size, () => {
    for (const rows of transactions) immediateTransaction(db, () => rows.forEach((row) => insert.run(...row)));
  }).finally(() => db.close());
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-event-store-'));
  try {
    // Warm up both paths so the first measurement does not pay for JIT compilation.
    await appendThroughStore(join(dir, 'warm-store.db'), plan(200, 1));
    await insertRaw(join(dir, 'warm-raw.db'), plan(200, 1));

    const singles = plan(SINGLE_APPENDS, 1);
    const batches = plan(BATCHES, BATCH_SIZE);
    printComparisons('event store (sqlite): appends, each its own transaction; baseline = raw node:sqlite inserts', [
      { subject: await appendThroughStore(join(dir, 'single-store.db'), singles), baseline: await insertRaw(join(dir, 'single-raw.db'), singles) },
      { subject: await appendThroughStore(join(dir, 'batch-store.db'), batches), baseline: await insertRaw(join(dir, 'batch-raw.db'), batches) },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
