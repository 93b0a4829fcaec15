import type * as NodeSqlite from 'node:sqlite';
import type { SQLInputValue } from 'node:sqlite';
import type * as WorkerThreads from 'node:worker_threads';

/** What the writer thread is started with. */
export interface WriterThreadSettings {
  path: string;
  busyTimeoutMs: number;
  /** Run on the thread's connection once opened: `connectionPragmas` and the page cache size. */
  pragmas: readonly string[];
  /** Rows one transaction takes on before it commits (more writes wait for the next one). */
  maxRowsPerTransaction: number;
}

export interface WriterRequest {
  id: number;
  steps: readonly { sql: string; params: SQLInputValue[][] }[];
}

export type WriterReply =
  | { id: number; changes: number[] }
  | { id: number; error: { message: string; details: Record<string, unknown> } };

/**
 * The writer thread's whole program, evaluated from its source text (`ThreadedSqliteWriter`):
 * so it may only use what it requires itself, and node built-ins only.
 *
 * It opens its own connection with the settings `openSqlite` gives every connection, then, for
 * each message, takes every request already waiting (up to `maxRowsPerTransaction` rows) into one
 * transaction. Should one of them fail, the transaction is undone and each request is run again
 * in a transaction of its own, so the failing one is answered with its error and the others commit.
 */
export function runSqliteWriterThread(): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- evaluated without module resolution: built-ins only */
  const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads') as typeof WorkerThreads;
  const { DatabaseSync } = require('node:sqlite') as typeof NodeSqlite;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const settings = workerData as WriterThreadSettings;
  const port = parentPort;
  if (!port) throw new Error('the SQLite writer runs in a worker thread');

  // Set up as openSqlite sets up every connection (WAL itself is a property of the file, already set).
  const db = new DatabaseSync(settings.path, { timeout: settings.busyTimeoutMs });
  for (const pragma of settings.pragmas) db.exec(pragma);

  const statements = new Map<string, ReturnType<typeof db.prepare>>();
  const statement = (sql: string) => {
    let prepared = statements.get(sql);
    if (prepared === undefined) {
      if (statements.size >= 256) statements.clear();
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  };
  const rowsOf = (request: WriterRequest) => request.steps.reduce((rows, step) => rows + step.params.length, 0);
  const failure = (id: number, error: unknown): WriterReply => {
    const { message = String(error), ...details } = error instanceof Error ? { ...error, message: error.message } : {};
    return { id, error: { message, details: details as Record<string, unknown> } };
  };

  const runSteps = (request: WriterRequest): number[] =>
    request.steps.map(({ sql, params }) => {
      const prepared = statement(sql);
      let changed = 0;
      for (const values of params) changed += Number(prepared.run(...values).changes);
      return changed;
    });
  /** Runs `requests` in one transaction and answers each; throws (having rolled back) when one fails. */
  const commitTogether = (requests: readonly WriterRequest[]): WriterReply[] => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const replies = requests.map((request) => ({ id: request.id, changes: runSteps(request) }));
      db.exec('COMMIT');
      return replies;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };
  const commitAlone = (request: WriterRequest): WriterReply => {
    try {
      const [reply] = commitTogether([request]);
      return reply ?? failure(request.id, new Error('no reply'));
    } catch (error) {
      return failure(request.id, error);
    }
  };

  port.on('message', (first: WriterRequest) => {
    const requests = [first];
    let rows = rowsOf(first);
    while (rows < settings.maxRowsPerTransaction) {
      const next = receiveMessageOnPort(port);
      if (next === undefined) break;
      const request = next.message as WriterRequest;
      requests.push(request);
      rows += rowsOf(request);
    }
    let replies: WriterReply[];
    try {
      replies = commitTogether(requests);
    } catch (error) {
      // Undone together; now each on its own, so only the one that fails fails. (Savepoints
      // would avoid the second pass, but make SQLite copy every page a request touches again
      // after an earlier one into a statement journal: most pages, in a write of many batches.)
      replies = requests.length === 1 ? [failure(first.id, error)] : requests.map(commitAlone);
    }
    for (const reply of replies) port.postMessage(reply);
  });
}
