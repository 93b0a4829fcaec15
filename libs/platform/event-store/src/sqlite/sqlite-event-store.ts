import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { openSqlite, WriteTransactionQueue } from '@strata/platform-sqlite';
import { assertExpectedRevision, assertValidAppend, resultOfRetry, type StoredIdLocation } from '../append-rules';
import { EventStoreClosedError, InvalidEventStoreConfigError } from '../errors';
import type {
  AppendResult,
  EventStore,
  EventStoreCapabilities,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  SubscribeAllOptions,
} from '../event-store';
import { ChangeNotifier, type WarningLogger } from './change-notifier';
import { decodeSqliteCheckpoint, encodeSqliteCheckpoint } from './sqlite-checkpoint';
import { EVENT_COLUMNS, integerColumn, storedEventFromRow, textColumn } from './sqlite-row';
import { ensureEventsSchema } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  /** The database file; several processes may share it. */
  path: string;
  /** How long an append waits for another process's write lock (default 10 s). */
  busyTimeoutMs?: number;
  /** Safety-net poll for appends the file watcher missed (default 1 s). */
  pollIntervalMs?: number;
  /** Events a subscription reads per query while catching up (default 500). */
  pageSize?: number;
  /** Source of `createdAt` (default: the system clock). */
  clock?: () => Date;
  /** Told when file watching fails and subscriptions fall back to polling. */
  logger?: WarningLogger;
}

const SETTLE_MS = 50;

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidEventStoreConfigError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/**
 * The embedded event store: one SQLite file in WAL mode, shareable by several processes. Appends
 * run in `BEGIN IMMEDIATE` transactions, so the revision check and the inserts cannot interleave
 * with another writer's; subscriptions wake on appends from this or any other process.
 *
 * node:sqlite is synchronous: an append blocks this process's event loop for its transaction, which
 * is short (tens of microseconds to a few milliseconds). While another connection holds the write
 * lock (the read store's writer thread, another process), an append waits for it on a timer, up to
 * `busyTimeoutMs`, and the event loop goes on ({@link WriteTransactionQueue}).
 */
export class SqliteEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities = { uniqueEventIds: true };

  private readonly db: DatabaseSync;
  private readonly transactions: WriteTransactionQueue;
  private readonly notifier: ChangeNotifier;
  private readonly pageSize: number;
  private readonly clock: () => Date;
  private closed = false;

  private readonly findStoredIds: StatementSync;
  private readonly lastRevision: StatementSync;
  private readonly insertEvent: StatementSync;
  private readonly selectStream: StatementSync;
  private readonly selectPageAfter: StatementSync;

  constructor(options: SqliteEventStoreOptions) {
    this.pageSize = positiveInteger(options.pageSize ?? 500, 'pageSize');
    this.clock = options.clock ?? (() => new Date());
    this.notifier = new ChangeNotifier({
      databasePath: options.path,
      pollIntervalMs: positiveInteger(options.pollIntervalMs ?? 1_000, 'pollIntervalMs'),
      settleMs: SETTLE_MS,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    this.db = openSqlite(options.path, { busyTimeoutMs });
    this.transactions = new WriteTransactionQueue(this.db, { busyTimeoutMs });
    ensureEventsSchema(this.db);
    this.findStoredIds = this.db.prepare(
      'SELECT event_id, stream_name, revision, global_position FROM events WHERE event_id IN (SELECT value FROM json_each(?))',
    );
    this.lastRevision = this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_name = ?');
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (event_id, stream_name, revision, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectStream = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? ORDER BY revision`);
    this.selectPageAfter = this.db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
    );
  }

  async append(stream: string, events: readonly NewEvent<object>[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(stream, events, expectedRevision);
    const createdAt = this.clock().toISOString();
    const { result, wrote } = await this.transactions.run(() => {
      const stored = this.storedLocations(events.map((event) => event.id));
      if (stored.length > 0) {
        return { result: resultOfRetry(stream, events.map((event) => event.id), stored), wrote: false };
      }
      const current = this.currentRevision(stream);
      assertExpectedRevision(stream, expectedRevision, current);
      let revision = current === 'no_stream' ? 0 : current + 1;
      let position = 0;
      for (const event of events) {
        const inserted = this.insertEvent.run(
          event.id,
          stream,
          revision++,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          createdAt,
        );
        position = Number(inserted.lastInsertRowid);
      }
      return { result: { nextExpectedRevision: revision - 1, position: encodeSqliteCheckpoint(position) }, wrote: true };
    });
    if (wrote) this.notifier.notify();
    return result;
  }

  async read(stream: string): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.selectStream.all(stream).map(storedEventFromRow);
  }

  subscribeAll(options: SubscribeAllOptions = {}): AsyncIterable<StoredEvent> {
    return this.follow(options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Waiting subscriptions wake, see `closed` and end before touching the closed connection.
    this.notifier.close();
    // Appends asked for before close still commit (or fail) before the connection goes.
    await this.transactions.idle();
    this.db.close();
  }

  /** How many subscriptions are currently following (for tests and diagnostics). */
  get activeSubscriptions(): number {
    return this.notifier.listening;
  }

  private async *follow({ fromCheckpoint, signal }: SubscribeAllOptions): AsyncGenerator<StoredEvent> {
    this.assertOpen();
    let after = decodeSqliteCheckpoint(fromCheckpoint);
    const change = this.notifier.listen();
    const stopped = () => this.closed || signal?.aborted === true;
    try {
      while (!stopped()) {
        // Cleared before reading: the read sees every change announced so far, and one announced
        // while the consumer handles this page makes the wait below return at once.
        change.clear();
        const page = this.selectPageAfter.all(after, this.pageSize).map(storedEventFromRow);
        for (const event of page) {
          yield event;
          if (stopped()) return;
        }
        const last = page.at(-1);
        if (last) after = decodeSqliteCheckpoint(last.globalPosition);
        if (page.length < this.pageSize) await change.wait(signal);
      }
    } finally {
      this.notifier.unlisten(change);
    }
  }

  private storedLocations(eventIds: string[]): StoredIdLocation[] {
    return this.findStoredIds.all(JSON.stringify(eventIds)).map((row) => ({
      eventId: textColumn(row, 'event_id'),
      streamName: textColumn(row, 'stream_name'),
      revision: integerColumn(row, 'revision'),
      position: encodeSqliteCheckpoint(integerColumn(row, 'global_position')),
    }));
  }

  private currentRevision(stream: string): 'no_stream' | number {
    const row = this.lastRevision.get(stream);
    return row?.['revision'] == null ? 'no_stream' : integerColumn(row, 'revision');
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}
