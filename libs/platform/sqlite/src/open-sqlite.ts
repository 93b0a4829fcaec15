import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface OpenSqliteOptions {
  /** How long a writer waits for another process's lock before SQLITE_BUSY (default 10 s). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a SQLite file that several processes may share: WAL so readers never
 * block the writer, a busy timeout so concurrent writers queue instead of failing, and
 * `synchronous=NORMAL`, which WAL makes durable across application crashes.
 */
export function openSqlite(path: string, { busyTimeoutMs = 10_000 }: OpenSqliteOptions = {}): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: busyTimeoutMs });
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  return db;
}

/**
 * Runs `work` in one write transaction. `BEGIN IMMEDIATE` takes the write lock up front, so a
 * read-then-write (check a revision, then append) cannot be interleaved by another process.
 */
export function immediateTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
