/*
 * A separate process appending to a shared SQLite event store, for the cross-process tests
 * (`spawnAppendWorker`). Modes:
 *   <db> on-request        prints "ready", then appends one event per stdin line (the stream
 *                          name) and prints "appended <event id>"
 *   <db> contend <worker> <rounds>
 *                          each round appends a batch of 3 with 'any' to "shared-any" and one
 *                          event at the exact revision (re-reading after each conflict) to
 *                          "shared-exact"; prints {"conflicts": n} when done
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { StreamRevisionConflictError } from '../../errors';
import type { NewEvent } from '../../event-store';
import { SqliteEventStore } from '../sqlite-event-store';

function event(type: string, data: Record<string, unknown>): NewEvent {
  return { id: randomUUID(), type, data, metadata: { tenantId: 'worker' } };
}

async function onRequest(store: SqliteEventStore): Promise<void> {
  console.log('ready');
  for await (const line of createInterface({ input: process.stdin })) {
    const appended = event('Remote', { pid: process.pid });
    await store.append(line.trim(), [appended], 'any');
    console.log(`appended ${appended.id}`);
  }
}

async function contend(store: SqliteEventStore, worker: string, rounds: number): Promise<void> {
  let conflicts = 0;
  for (let round = 0; round < rounds; round++) {
    await store.append('shared-any', [0, 1, 2].map((item) => event('Batch', { worker, round, item })), 'any');
    for (;;) {
      const last = (await store.read('shared-exact')).at(-1);
      try {
        await store.append('shared-exact', [event('Exact', { worker, round })], last ? last.revision : 'no_stream');
        break;
      } catch (error) {
        if (!(error instanceof StreamRevisionConflictError)) throw error;
        conflicts++;
      }
    }
  }
  console.log(JSON.stringify({ conflicts }));
}

async function main(): Promise<void> {
  const [path, mode, worker = 'w', rounds = '1'] = process.argv.slice(2);
  if (!path) throw new Error('usage: append-worker <db> on-request | contend <worker> <rounds>');
  const store = new SqliteEventStore({ path });
  try {
    if (mode === 'on-request') await onRequest(store);
    else if (mode === 'contend') await contend(store, worker, Number(rounds));
    else throw new Error(`unknown mode ${String(mode)}`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
