import { closeSync, fchmodSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { makeDirectory } from './make-directory';

export interface OpenSqliteOptions {
  /** How long a writer waits for another process's lock before SQLITE_BUSY (default 10 s). */
  busyTimeoutMs?: number;
}

/**
 * Pages the write-ahead log may grow to before the connection that commits past it copies it into
 * the database file (SQLite's default is 1,000, 4 MiB). A read-model write of a few resource
 * batches dirties thousands of index pages, so at the default every such commit also ran a
 * checkpoint: it copied and fsynced the whole log again, each page as often as it was written.
 * With 64 MiB of log, a page written by many commits is copied once: measured on a 100k-node
 * demo ingest, SQLite's share of the write fell by about 40%.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

const WAL_AUTOCHECKPOINT_PAGES = 16_384;
/** After a checkpoint the log file is truncated back to this size, so it does not stay at its peak. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * The settings every connection to a shared file gets, as SQL: a busy timeout so concurrent
 * writers queue instead of failing, `synchronous=NORMAL`, which WAL makes durable across
 * application crashes, and the same checkpoint policy (it is per connection, and any connection
 * committing past the threshold runs the checkpoint). For a connection opened elsewhere than
 * {@link openSqlite}, such as a writer thread's.
 */
export function connectionPragmas(busyTimeoutMs: number): string[] {
  return [
    `PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`,
    'PRAGMA synchronous = NORMAL',
    'PRAGMA foreign_keys = ON',
    `PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`,
    `PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`,
  ];
}

/**
 * Opens (creating if needed) a SQLite file that several processes may share: WAL so readers never
 * block the writer, and {@link connectionPragmas}.
 */
export function openSqlite(path: string, { busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS }: OpenSqliteOptions = {}): DatabaseSync {
  if (path !== ':memory:') {
    makeDirectory(dirname(path));
    createPrivately(path);
  }
  const db = new DatabaseSync(path, { timeout: busyTimeoutMs });
  // WAL first: it is a property of the file, and the other settings assume it.
  if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
  for (const pragma of connectionPragmas(busyTimeoutMs)) db.exec(pragma);
  return db;
}

/**
 * Creates the database file empty (which SQLite takes for a new database) and 0600 whatever the
 * umask, before SQLite would create it 0644: it holds every tenant's graph and events. SQLite
 * gives its `-wal` and `-shm` files the database file's mode. A file that exists is left as is.
 */
function createPrivately(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `work` in one write transaction. `BEGIN IMMEDIATE` takes the write lock up front, so a
 * read-then-write (check a revision, then append) cannot be interleaved by another process.
 */
export function immediateTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  return commitOrRollBack(db, work);
}

/** Runs `work` in the transaction `db` has just begun: commits it, or rolls it back if `work` throws. */
export function commitOrRollBack<T>(db: DatabaseSync, work: () => T): T {
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
