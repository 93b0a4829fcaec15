import type { SQLInputValue } from 'node:sqlite';
import type { ThreadReply, ThreadRequest } from './sqlite-thread';
import type { SqliteThreadContext } from './sqlite-thread-context';

/** One request: a query and its parameters; the answer is its rows. */
export interface ReaderQuery {
  sql: string;
  params: SQLInputValue[];
}

export type ReaderRow = Record<string, SQLInputValue>;

/**
 * The reader thread's program, evaluated from its source text (`SqliteThread`): so it may only
 * use its context and node built-ins. Its connection only reads (`query_only`); it answers each
 * query with all its rows, one query at a time. In WAL mode each query reads the file as of its
 * start, so it sees every write committed before it was asked.
 */
export function runSqliteReaderThread({ port, db, statement, failure }: SqliteThreadContext): void {
  db.exec('PRAGMA query_only = ON');
  port.on('message', ({ id, payload }: ThreadRequest<ReaderQuery>) => {
    let reply: ThreadReply<ReaderRow[]>;
    try {
      reply = { id, result: statement(payload.sql).all(...payload.params) as ReaderRow[] };
    } catch (error) {
      reply = failure(id, error);
    }
    port.postMessage(reply);
  });
}
