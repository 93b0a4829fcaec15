import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { immediateTransaction, openSqlite, type OpenSqliteOptions } from '@strata/platform-sqlite';
import { assertDefinedCollection, type CollectionDefinition } from '../collection-definition';
import type { DocumentEntry } from '../document-rules';
import { ReadStoreClosedError } from '../errors';
import type { Condition, FindPlan } from '../query-plan';
import type { CheckpointStore, CheckpointWrite, Collection, ReadStore } from '../read-store';
import { assertCheckpointWrite, assertProjectionName, BackedCollection, type CollectionBackend } from '../tenant-collection';
import { CHECKPOINT_TABLE, ensureCheckpointTable, ensureCollectionTable, quoteIdentifier, tableName } from './sqlite-schema';
import { countSql, deleteWhereSql, findSegmentSql } from './sqlite-sql';

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

const toEntry = (row: StoredRow): DocumentEntry<object> => ({ id: row.id, doc: JSON.parse(row.doc) as object });

class SqliteCollectionBackend implements CollectionBackend {
  private readonly selectOne: string;
  private readonly selectMany: string;
  private readonly upsertOne: string;
  private readonly deleteOne: string;

  constructor(
    private readonly store: SqliteReadStore,
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

  async get(tenantId: string, id: string): Promise<object | undefined> {
    const row = this.store.statement(this.selectOne).get(tenantId, id) as { doc: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.doc) as object);
  }

  async getMany(tenantId: string, ids: readonly string[]): Promise<DocumentEntry<object>[]> {
    const rows = this.store.statement(this.selectMany).all(tenantId, JSON.stringify(ids)) as unknown as StoredRow[];
    return rows.map(toEntry);
  }

  async upsertMany(
    tenantId: string,
    entries: readonly DocumentEntry<object>[],
    checkpoint?: CheckpointWrite,
  ): Promise<void> {
    // Serialise before taking the write lock, so other processes wait for SQLite work only; in id
    // order, so consecutive rows land on neighbouring pages of the primary key and field indexes.
    const rows = entries
      .map(({ id, doc }) => [id, JSON.stringify(doc)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const upsert = this.store.statement(this.upsertOne);
    this.store.write(() => {
      for (const [id, json] of rows) upsert.run(tenantId, id, json);
    }, checkpoint);
  }

  async find(tenantId: string, plan: FindPlan): Promise<DocumentEntry<object>[]> {
    const wanted = plan.limit + 1;
    const rows: StoredRow[] = [];
    for (const segment of plan.segments) {
      if (rows.length >= wanted) break;
      const { sql, params } = findSegmentSql(this.definition, tenantId, plan, segment, wanted - rows.length);
      rows.push(...(this.store.statement(sql).all(...params) as unknown as StoredRow[]));
    }
    return rows.map(toEntry);
  }

  async count(tenantId: string, where: readonly Condition[]): Promise<number> {
    const { sql, params } = countSql(this.definition, tenantId, where);
    const row = this.store.statement(sql).get(...params) as { n: number };
    return row.n;
  }

  async delete(tenantId: string, id: string, checkpoint?: CheckpointWrite): Promise<boolean> {
    const statement = this.store.statement(this.deleteOne);
    return this.store.write(() => Number(statement.run(tenantId, id).changes) > 0, checkpoint);
  }

  async deleteWhere(tenantId: string, where: readonly Condition[], checkpoint?: CheckpointWrite): Promise<number> {
    const { sql, params } = deleteWhereSql(this.definition, tenantId, where);
    const statement = this.store.statement(sql);
    return this.store.write(() => Number(statement.run(...params).changes), checkpoint);
  }
}

/**
 * Read models in a SQLite file (possibly the event store's): a `rs_<name>` table per collection
 * holding JSON text, with a VIRTUAL generated column and a `(tenant, field, id)` index per indexed
 * field, and checkpoints in `read_store_checkpoints` so they commit with the documents.
 */
export class SqliteReadStore implements ReadStore {
  readonly checkpoints: CheckpointStore;
  private readonly statements: StatementCache;
  private readonly ensured = new Map<string, string>();
  private closed = false;

  /**
   * Uses `db` as given, e.g. the event store's connection so both share one file; `ownsDb` says
   * whether `close()` closes it. Prefer {@link openSqliteReadStore} for a connection of its own.
   */
  constructor(
    private readonly db: DatabaseSync,
    private readonly ownsDb = false,
  ) {
    this.statements = new StatementCache(db);
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
        this.write(() => undefined, checkpoint);
      },
    };
  }

  collection<TDoc extends object>(definition: CollectionDefinition<TDoc>): Collection<TDoc> {
    this.ensureTable(definition);
    return new BackedCollection(definition, new SqliteCollectionBackend(this, definition));
  }

  async resetProjection(projection: string, collections: readonly CollectionDefinition[]): Promise<void> {
    assertProjectionName(projection);
    for (const definition of collections) this.ensureTable(definition);
    immediateTransaction(this.db, () => {
      this.statement(`DELETE FROM ${CHECKPOINT_TABLE} WHERE projection = ?`).run(projection);
      for (const definition of collections) this.db.exec(`DELETE FROM ${quoteIdentifier(tableName(definition))}`);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDb) this.db.close();
  }

  assertOpen(): void {
    if (this.closed || !this.db.isOpen) throw new ReadStoreClosedError();
  }

  statement(sql: string): StatementSync {
    return this.statements.get(sql);
  }

  /** Runs `work` in one write transaction, recording `checkpoint` in the same commit. */
  write<T>(work: () => T, checkpoint: CheckpointWrite | undefined): T {
    return immediateTransaction(this.db, () => {
      const result = work();
      if (checkpoint !== undefined) {
        this.statement(
          `INSERT INTO ${CHECKPOINT_TABLE} (projection, value, updated_at) VALUES (?, ?, ?) ` +
            'ON CONFLICT (projection) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        ).run(checkpoint.projection, checkpoint.value, new Date().toISOString());
      }
      return result;
    });
  }

  private ensureTable(definition: CollectionDefinition): void {
    assertDefinedCollection(definition);
    this.assertOpen();
    const shape = JSON.stringify([definition.indexes, definition.compoundIndexes]);
    if (this.ensured.get(definition.name) === shape) return;
    ensureCollectionTable(this.db, definition);
    this.ensured.set(definition.name, shape);
  }
}

export interface OpenSqliteReadStoreOptions extends OpenSqliteOptions {
  /**
   * Page cache of this connection (default 64 MiB). Every write touches the primary key and one
   * index per indexed field; SQLite's 2 MiB default makes those pages churn on large collections.
   */
  cacheSizeMiB?: number;
}

/** Opens (creating if needed) a SQLite file and a read store over it; `close()` closes the file. */
export function openSqliteReadStore(
  path: string,
  { cacheSizeMiB = 64, ...options }: OpenSqliteReadStoreOptions = {},
): SqliteReadStore {
  const db = openSqlite(path, options);
  // Negative: a size in KiB rather than in pages.
  db.exec(`PRAGMA cache_size = ${-Math.max(1, Math.trunc(cacheSizeMiB * 1024))}`);
  return new SqliteReadStore(db, true);
}
