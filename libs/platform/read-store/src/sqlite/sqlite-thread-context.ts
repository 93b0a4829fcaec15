import type * as NodeSqlite from 'node:sqlite';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type * as WorkerThreads from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { ThreadReply } from './sqlite-thread';

/** What every SQLite thread is started with; a program may take more. */
export interface SqliteThreadSettings {
  path: string;
  busyTimeoutMs: number;
  /** Run on the thread's connection once opened: `connectionPragmas` and the page cache size. */
  pragmas: readonly string[];
}

/** What a thread's program is given: its connection and the means to answer. */
export interface SqliteThreadContext {
  port: MessagePort;
  settings: SqliteThreadSettings;
  db: DatabaseSync;
  /** A prepared statement of the connection, prepared once per SQL text. */
  statement(sql: string): StatementSync;
  /** The reply to request `id` for an error it ran into. */
  failure(id: number, error: unknown): ThreadReply<never>;
  receiveMessageOnPort: typeof WorkerThreads.receiveMessageOnPort;
}

/**
 * Sets up a SQLite thread, the part its programs share; evaluated from its source text in the
 * thread (`SqliteThread`), so it may only use what it requires itself, and node built-ins only.
 * The connection is set up as `openSqlite` sets up every connection (WAL itself is a property of
 * the file, already set).
 */
export function sqliteThreadContext(): SqliteThreadContext {
  /* eslint-disable @typescript-eslint/no-require-imports -- evaluated without module resolution: built-ins only */
  const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads') as typeof WorkerThreads;
  const { DatabaseSync } = require('node:sqlite') as typeof NodeSqlite;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const settings = workerData as SqliteThreadSettings;
  if (!parentPort) throw new Error('a SQLite thread program runs in a worker thread');

  const db = new DatabaseSync(settings.path, { timeout: settings.busyTimeoutMs });
  for (const pragma of settings.pragmas) db.exec(pragma);

  const statements = new Map<string, StatementSync>();
  const statement = (sql: string) => {
    let prepared = statements.get(sql);
    if (prepared === undefined) {
      if (statements.size >= 256) statements.clear();
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  };
  const failure = (id: number, error: unknown): ThreadReply<never> => {
    const { message = String(error), ...details } = error instanceof Error ? { ...error, message: error.message } : {};
    return { id, error: { message, details: details as Record<string, unknown> } };
  };
  return { port: parentPort, settings, db, statement, failure, receiveMessageOnPort };
}
