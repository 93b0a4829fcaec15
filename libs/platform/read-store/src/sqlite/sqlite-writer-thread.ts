import type { SQLInputValue } from 'node:sqlite';
import type { ThreadReply, ThreadRequest } from './sqlite-thread';
import type { SqliteThreadContext, SqliteThreadSettings } from './sqlite-thread-context';

/** What the writer thread is started with. */
export interface WriterThreadSettings extends SqliteThreadSettings {
  /** Rows one transaction takes on before it commits (more writes wait for the next one). */
  maxRowsPerTransaction: number;
}

/** One request: statements to run, each once per parameter list, all in one transaction. */
export type WriterSteps = readonly { sql: string; params: SQLInputValue[][] }[];

type WriterRequest = ThreadRequest<WriterSteps>;
/** The rows each step changed. */
type WriterReply = ThreadReply<number[]>;

/**
 * The writer thread's program, evaluated from its source text (`SqliteThread`): so it may only
 * use its context and node built-ins. For each message, it takes every request already waiting
 * (up to `maxRowsPerTransaction` rows) into one transaction. Should one of them fail, the transaction is undone and each request is run again
 * in a transaction of its own, so the failing one is answered with its error and the others commit.
 */
export function runSqliteWriterThread({ port, settings, db, statement, failure, receiveMessageOnPort }: SqliteThreadContext): void {
  const { maxRowsPerTransaction } = settings as WriterThreadSettings;
  const rowsOf = (request: WriterRequest) => request.payload.reduce((rows, step) => rows + step.params.length, 0);
  const runSteps = (request: WriterRequest): number[] =>
    request.payload.map(({ sql, params }) => {
      const prepared = statement(sql);
      let changed = 0;
      for (const values of params) changed += Number(prepared.run(...values).changes);
      return changed;
    });
  /** Runs `requests` in one transaction and answers each; throws (having rolled back) when one fails. */
  const commitTogether = (requests: readonly WriterRequest[]): WriterReply[] => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const replies = requests.map((request) => ({ id: request.id, result: runSteps(request) }));
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
    while (rows < maxRowsPerTransaction) {
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
