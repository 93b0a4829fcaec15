import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';
import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import { takeTurn } from '@strata/platform-observability';
import { connectionPragmas, DEFAULT_BUSY_TIMEOUT_MS, openSqlite, type OpenSqliteOptions } from '@strata/platform-sqlite';
import { assertDefinedCollection, type CollectionDefinition } from '../collection-definition';
import type { DocumentEntry } from '../document-rules';
import { ReadStoreClosedError } from '../errors';
import type { Condition, FindPlan } from '../query-plan';
import type { CheckpointStore, CheckpointWrite, Collection, ReadStore, UpsertSet, WriteOptions } from '../read-store';
import {
  assertCheckpointWrite,
  assertProjectionName,
  BackedCollection,
  prepareUpsertSets,
  type CollectionBackend,
  type PreparedUpsert,
} from '../tenant-collection';
import { mapInSlices } from './map-in-slices';
import { CHECKPOINT_TABLE, ensureCheckpointTable, ensureCollectionTable, quoteIdentifier, tableName } from './sqlite-schema';
import { countSql, findSegmentSql, sumSql } from './sqlite-sql';
import { runSqliteReaderThread, type ReaderQuery, type ReaderRow } from './sqlite-reader-thread';
import { SqliteThread } from './sqlite-thread';
import { InlineSqliteWriter, ThreadedSqliteWriter, type SqliteWriter, type WriteStep } from './sqlite-writer';

interface StoredRow {
  id: string;
  doc: string;
}

const MAX_CACHED_STATEMENTS = 256;

/** Prepared statements by SQL text; queries of one shape reuse one statement. */
class StatementCache {
  private readonly statements = new Map<string, StatementSync>();

  constructor(private readonly db: DatabaseSync) {}

  get(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** Idle prepared statements by SQL text, each taken by one user at a time. */
class StatementPool {
  private readonly idle = new Map<string, StatementSync[]>();
  private size = 0;

  constructor(private readonly db: DatabaseSync) {}

  take(sql: string): StatementSync {
    const statement = this.idle.get(sql)?.pop();
    if (statement === undefined) return this.db.prepare(sql);
    this.size -= 1;
    return statement;
  }

  give(sql: string, statement: StatementSync): void {
    if (this.size >= MAX_CACHED_STATEMENTS) {
      this.idle.clear();
      this.size = 0;
    }
    const idle = this.idle.get(sql) ?? [];
    idle.push(statement);
    this.idle.set(sql, idle);
    this.size += 1;
  }
}

const toEntry = (row: StoredRow): DocumentEntry<object> => ({ id: row.id, doc: JSON.parse(row.doc) as object });

type UpsertPart = Pick<PreparedUpsert<SqliteCollectionBackend>, 'backend' | 'tenantId'> & { entries: readonly DocumentEntry<object>[] };

interface SerialisedRow {
  id: string;
  json: string;
}

/**
 * The upserts of `parts`, one step each, their documents serialised now, before the write lock
 * is taken, so other processes wait for SQLite work only. A large batch (a resource batch's
 * nodes and edges, thousands of documents) is serialised in slices with a turn of the event loop
 * between them ({@link mapInSlices}): serialised at once it held HTTP for tens of milliseconds.
 */
function upsertSteps(parts: readonly UpsertPart[]): WriteStep[] | Promise<WriteStep[]> {
  const entries = parts.flatMap(({ entries }, part) => entries.map((entry) => ({ part, entry })));
  const toSteps = (json: string[]): WriteStep[] => {
    const rows = parts.map((): SerialisedRow[] => []);
    entries.forEach(({ part, entry }, index) => rows[part]!.push({ id: entry.id, json: json[index]! }));
    return parts.map(({ backend, tenantId }, part) => backend.upsertStep(tenantId, rows[part]!));
  };
  const json = mapInSlices(entries, ({ entry }) => JSON.stringify(entry.doc));
  return Array.isArray(json) ? toSteps(json) : json.then(toSteps);
}

class SqliteCollectionBackend implements CollectionBackend {
  private readonly selectOne: string;
  private readonly selectMany: string;
  private readonly upsertOne: string;
  private readonly deleteOne: string;

  constructor(
    readonly store: SqliteReadStore,
    private readonly definition: CollectionDefinition,
  ) {
    const table = quoteIdentifier(tableName(definition));
    this.selectOne = `SELECT doc FROM ${table} WHERE tenant = ? AND id = ?`;
    this.selectMany = `SELECT id, doc FROM ${table} WHERE tenant = ? AND id IN (SELECT value FROM json_each(?))`;
    // An unchanged document (a resource rediscovered as it was) is not rewritten: rewriting
    // would rebuild every index entry, since SQLite cannot tell the indexed values did not change.
    this.upsertOne =
      `INSERT INTO ${table} (tenant, id, doc) VALUES (?, ?, ?) ` +
      'ON CONFLICT (tenant, id) DO UPDATE SET doc = excluded.doc WHERE doc IS NOT excluded.doc';
    this.deleteOne = `DELETE FROM ${table} WHERE tenant = ? AND id = ?`;
  }

  assertOpen(): void {
    this.store.assertOpen();
  }

  async tenants(): Promise<string[]> {
    const rows = this.store.statement(`SELECT DISTINCT tenant FROM ${quoteIdentifier(tableName(this.definition))} ORDER BY tenant`).all() as { tenant: string }[];
    return rows.map(({ tenant }) => tenant);
  }

  async get(tenantId: string, id: string): Promise<object | undefined> {
    const json = this.readJson(tenantId, id);
    return json === undefined ? undefined : (JSON.parse(json) as object);
  }

  async getJson(tenantId: string, id: string): Promise<string | undefined> {
    return this.readJson(tenantId, id);
  }

  private readJson(tenantId: string, id: string): string | undefined {
    const row = this.store.statement(this.selectOne).get(tenantId, id) as { doc: string } | undefined;
    return row?.doc;
  }

  async getMany(tenantId: string, ids: readonly string[]): Promise<DocumentEntry<object>[]> {
    // node:sqlite reads are synchronous: a loop of them (the audit, reconcile, a report paging
    // through a scope) would hold HTTP and NATS until it ended, half a second for the audit of a
    // 100k-node job. The reads such loops repeat let the event loop turn first, as a round trip
    // to MongoDB would.
    // A batch's lookup (thousands of ids) is read and parsed in slices too, for the same reason.
    await takeTurn();
    const rows = (await this.store.readRows(this.selectMany, [tenantId, JSON.stringify(ids)])) as unknown as StoredRow[];
    return mapInSlices(rows, toEntry);
  }

  async upsertMany(
    tenantId: string,
    entries: readonly DocumentEntry<object>[],
    checkpoint?: CheckpointWrite,
  ): Promise<void> {
    await this.store.write(upsertSteps([{ backend: this, tenantId, entries }]), checkpoint);
  }

  /**
   * The upsert of `rows` (documents serialised), in id order, so consecutive rows land on
   * neighbouring pages of the primary key and field indexes.
   */
  upsertStep(tenantId: string, rows: SerialisedRow[]): WriteStep {
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { sql: this.upsertOne, params: rows.map(({ id, json }): SQLInputValue[] => [tenantId, id, json]) };
  }

  async find(tenantId: string, plan: FindPlan): Promise<DocumentEntry<object>[]> {
    await takeTurn(); // see getMany
    const wanted = plan.limit + 1;
    const rows: StoredRow[] = [];
    for (const segment of plan.segments) {
      if (rows.length >= wanted) break;
      const { sql, params } = findSegmentSql(this.definition, tenantId, plan, segment, wanted - rows.length);
      rows.push(...((await this.store.readRows(sql, params)) as unknown as StoredRow[]));
    }
    return mapInSlices(rows, toEntry);
  }

  async count(tenantId: string, where: readonly Condition[]): Promise<number> {
    const [row] = await this.store.scan(countSql(this.definition, tenantId, where));
    return Number(row?.['n']);
  }

  async sum(tenantId: string, field: string, where: readonly Condition[]): Promise<number> {
    const [row] = await this.store.scan(sumSql(this.definition, tenantId, field, where));
    return Number(row?.['n'] ?? 0);
  }

  async delete(tenantId: string, id: string, checkpoint?: CheckpointWrite): Promise<boolean> {
    const [deleted = 0] = await this.store.write([{ sql: this.deleteOne, params: [[tenantId, id]] }], checkpoint);
    return deleted > 0;
  }
}

/**
 * Read models in a SQLite file (possibly the event store's): a `rs_<name>` table per collection
 * holding JSON text, with a VIRTUAL generated column and a `(tenant, field, id)` index per indexed
 * field, and checkpoints in `read_store_checkpoints` so they commit with the documents.
 */
export class SqliteReadStore implements ReadStore {
  readonly checkpoints: CheckpointStore;
  readonly atomicWrites = true;
  private readonly statements: StatementCache;
  /** Statements of large reads ({@link readRows}): each used by one read at a time. */
  private readonly steppedStatements: StatementPool;
  /**
   * Definitions whose table this store has checked. Keyed by the definition (they are immutable),
   * not its name: two modules may bind one table with different definitions (the inventory's
   * nodes and the audit's view of them), and keyed by name each switch between them re-ran the
   * schema check, two catalogue queries, on the request or batch that made it.
   */
  private readonly ensured = new WeakSet<CollectionDefinition>();
  /** One collection object per definition: a request reads through several, and making them cost more than the read. */
  private readonly collections = new WeakMap<CollectionDefinition, Collection<object>>();
  private readonly writer: SqliteWriter;
  private readonly reader: SqliteThread<ReaderQuery, ReaderRow[]> | undefined;
  private closed = false;
  /** Writes asked for whose steps are still being serialised, or waiting for one that is. */
  private writesBeingPrepared = 0;
  /** Settles once the last write asked for has reached the writer. */
  private lastPosted: Promise<void> = Promise.resolve();

  /**
   * Uses `db` as given, e.g. the event store's connection so both share one file; `ownsDb` says
   * whether `close()` closes it. Prefer {@link openSqliteReadStore} for a connection of its own.
   * Writes run on `db` unless a `writer` is given (see {@link ThreadedSqliteWriter}), scans
   * unless a `reader` thread is (see {@link SqliteReadStore.scan}).
   */
  constructor(
    private readonly db: DatabaseSync,
    private readonly ownsDb = false,
    { writer, reader }: { writer?: SqliteWriter; reader?: SqliteThread<ReaderQuery, ReaderRow[]> } = {},
  ) {
    this.statements = new StatementCache(db);
    this.steppedStatements = new StatementPool(db);
    this.writer = writer ?? new InlineSqliteWriter(db, (sql) => this.statement(sql));
    this.reader = reader;
    ensureCheckpointTable(db);
    this.checkpoints = {
      get: async (projection) => {
        assertProjectionName(projection);
        this.assertOpen();
        const row = this.statement(`SELECT value FROM ${CHECKPOINT_TABLE} WHERE projection = ?`).get(projection) as
          | { value: string }
          | undefined;
        return row?.value;
      },
      set: async (projection, value) => {
        const checkpoint = { projection, value };
        assertCheckpointWrite(checkpoint);
        this.assertOpen();
        await this.write([], checkpoint);
      },
    };
  }

  collection<TDoc extends object>(definition: CollectionDefinition<TDoc>): Collection<TDoc> {
    this.ensureTable(definition);
    let collection = this.collections.get(definition) as Collection<TDoc> | undefined;
    if (collection === undefined) {
      collection = new BackedCollection(definition, new SqliteCollectionBackend(this, definition));
      this.collections.set(definition, collection as unknown as Collection<object>);
    }
    return collection;
  }

  async upsertTogether(sets: readonly UpsertSet[], options: WriteOptions = {}): Promise<void> {
    const ownBackend = (backend: CollectionBackend): backend is SqliteCollectionBackend => backend instanceof SqliteCollectionBackend && backend.store === this;
    const prepared = prepareUpsertSets(sets, options, ownBackend);
    this.assertOpen();
    await this.write(upsertSteps(prepared), options.checkpoint);
  }

  async resetProjection(projection: string, collections: readonly CollectionDefinition[]): Promise<void> {
    assertProjectionName(projection);
    for (const definition of collections) this.ensureTable(definition);
    await this.write(
      [
        { sql: `DELETE FROM ${CHECKPOINT_TABLE} WHERE projection = ?`, params: [[projection]] },
        ...collections.map((definition) => ({ sql: `DELETE FROM ${quoteIdentifier(tableName(definition))}`, params: [[]] })),
      ],
      undefined,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Writes already asked for still commit, those still being serialised too; the connection closes after them.
    await this.lastPosted;
    await Promise.all([this.writer.close(), this.reader?.close()]);
    if (this.ownsDb) this.db.close();
  }

  assertOpen(): void {
    if (this.closed || !this.db.isOpen) throw new ReadStoreClosedError();
  }

  statement(sql: string): StatementSync {
    return this.statements.get(sql);
  }

  /**
   * The rows of a read of many rows (a page, a batch's lookup), read at once; the callers parse
   * them in slices ({@link mapInSlices}). Its statements come from their own pool, as they did
   * when they were stepped through across turns of the event loop (which let other reads see a
   * stale snapshot: see below).
   */
  async readRows(sql: string, params: readonly SQLInputValue[]): Promise<Record<string, SQLOutputValue>[]> {
    this.assertOpen();
    // All rows at once, never a statement left open across a turn of the event loop: an open
    // statement keeps its read transaction, so every other read on this connection meanwhile
    // (a projection reading the document it just wrote) would see the snapshot from before the
    // writer's latest commits. Parsing the rows, the costly part, is what goes in slices.
    const statement = this.steppedStatements.take(sql);
    try {
      return statement.all(...params);
    } finally {
      if (!this.closed) this.steppedStatements.give(sql, statement);
    }
  }

  /**
   * Runs a read that may walk a large part of an index (a count over every node of a tenant,
   * 0.1-0.6 s per million rows): on the reader thread when the store has one, so the event loop
   * goes on meanwhile; otherwise here, after letting the event loop turn first (the graph
   * summary runs a dozen counts in a row; without a turn between them they held HTTP for half a
   * second).
   */
  async scan(query: ReaderQuery): Promise<ReaderRow[]> {
    this.assertOpen();
    // On the reader thread a quick answer can come back before the loop's check phase: waiting
    // for the turn too keeps the promise of this method, that the loop turns, under any load.
    if (this.reader) return (await Promise.all([this.reader.request(query), nextTurnOfEventLoop()]))[0];
    await takeTurn();
    return this.statement(query.sql).all(...query.params) as ReaderRow[];
  }

  /**
   * Runs the steps in one write transaction, recording `checkpoint` in the same commit; resolves
   * with the rows each step changed once committed. `steps` may still be being serialised (a
   * promise): writes reach the writer in the order they were asked for all the same, so a later
   * write of a document (or of a projection's checkpoint) never lands before an earlier one.
   */
  write(steps: readonly WriteStep[] | Promise<readonly WriteStep[]>, checkpoint: CheckpointWrite | undefined): Promise<number[]> {
    const post = (ready: readonly WriteStep[]) => this.writer.write(checkpoint === undefined ? ready : [...ready, checkpointStep(checkpoint)]);
    // Nothing being serialised before it: straight to the writer (an inline writer runs it now).
    if (this.writesBeingPrepared === 0 && !(steps instanceof Promise)) return post(steps);
    this.writesBeingPrepared += 1;
    const previous = this.lastPosted;
    let posted!: () => void;
    this.lastPosted = new Promise<void>((resolve) => (posted = resolve));
    return (async () => {
      try {
        const ready = await steps;
        await previous;
        return post(ready);
      } finally {
        // Once this write is with the writer (or failed to serialise), the next one may go.
        this.writesBeingPrepared -= 1;
        posted();
      }
    })();
  }

  private ensureTable(definition: CollectionDefinition): void {
    assertDefinedCollection(definition);
    this.assertOpen();
    if (this.ensured.has(definition)) return;
    ensureCollectionTable(this.db, definition);
    this.ensured.add(definition);
  }
}

/** Records a projection's checkpoint in the commit of the write it goes with. */
function checkpointStep(checkpoint: CheckpointWrite): WriteStep {
  return {
    sql:
      `INSERT INTO ${CHECKPOINT_TABLE} (projection, value, updated_at) VALUES (?, ?, ?) ` +
      'ON CONFLICT (projection) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    params: [[checkpoint.projection, checkpoint.value, new Date().toISOString()]],
  };
}

export interface OpenSqliteReadStoreOptions extends OpenSqliteOptions {
  /**
   * Page cache of each connection (default 64 MiB). Every write touches the primary key and one
   * index per indexed field; SQLite's 2 MiB default makes those pages churn on large collections.
   */
  cacheSizeMiB?: number;
  /**
   * Write in a worker thread, on a connection of its own (default false): SQLite's share of
   * every write then runs on another core, and writes waiting together commit together (see
   * {@link ThreadedSqliteWriter}). For a process that writes a lot and has a core to spare; reads
   * stay on the caller's thread. Not for `:memory:`, which a second connection cannot share.
   */
  writerThread?: boolean;
  /**
   * Page cache of the writer thread's connection (default: `cacheSizeMiB`). The caller's
   * connection then only reads, and every commit of the thread empties its cache: a process that
   * mostly writes can give it little.
   */
  writerCacheSizeMiB?: number;
  /**
   * Run counts in a worker thread, on a connection of its own (default false). A count walks an
   * index range, up to every node of a tenant (0.1-0.6 s per million on a 2-core machine): on
   * the caller's thread that held HTTP for as long. Costs a round trip between threads per count
   * (tens of microseconds). Not for `:memory:`.
   */
  readerThread?: boolean;
}

// Negative: a size in KiB rather than in pages.
const cacheSizePragma = (mib: number) => `PRAGMA cache_size = ${-Math.max(1, Math.trunc(mib * 1024))}`;
/** About a dozen resource batches: long enough to share pages, short for writers waiting on the lock. */
const WRITER_THREAD_MAX_ROWS_PER_TRANSACTION = 30_000;
/**
 * The reader thread's page cache: it walks index ranges once each, so a large cache would only
 * hold pages the OS already caches.
 */
const READER_CACHE_SIZE_MIB = 8;
/** What a reader thread holds at once is one query's rows: counts, a row each. */
const READER_THREAD_HEAP_MIB = 64;

/** Opens (creating if needed) a SQLite file and a read store over it; `close()` closes the file. */
export function openSqliteReadStore(
  path: string,
  { cacheSizeMiB = 64, writerThread = false, writerCacheSizeMiB = cacheSizeMiB, readerThread = false, ...options }: OpenSqliteReadStoreOptions = {},
): SqliteReadStore {
  const db = openSqlite(path, options);
  db.exec(cacheSizePragma(cacheSizeMiB));
  // A second connection to `:memory:` would open another, empty, database.
  if (path === ':memory:') return new SqliteReadStore(db, true);
  // The tables this connection creates (ensureTable) exist before a thread writes or reads them.
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const pragmas = connectionPragmas(busyTimeoutMs);
  const writer = writerThread
    ? ThreadedSqliteWriter.start({
        path,
        busyTimeoutMs,
        pragmas: [...pragmas, cacheSizePragma(writerCacheSizeMiB)],
        maxRowsPerTransaction: WRITER_THREAD_MAX_ROWS_PER_TRANSACTION,
      })
    : undefined;
  const reader = readerThread
    ? new SqliteThread<ReaderQuery, ReaderRow[]>({
        program: runSqliteReaderThread,
        settings: { path, busyTimeoutMs, pragmas: [...pragmas, cacheSizePragma(READER_CACHE_SIZE_MIB)] },
        heapMiB: READER_THREAD_HEAP_MIB,
        role: 'reader',
      })
    : undefined;
  return new SqliteReadStore(db, true, { writer, reader });
}
