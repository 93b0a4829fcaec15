import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { WriteTransactionQueue } from '@strata/platform-sqlite';
import { SqliteThread } from './sqlite-thread';
import { runSqliteWriterThread, type WriterSteps, type WriterThreadSettings } from './sqlite-writer-thread';

/** One statement of a write, run once per parameter list. */
export interface WriteStep {
  sql: string;
  params: SQLInputValue[][];
}

/**
 * Runs writes, each a list of steps, as one transaction per write (all steps or none) and
 * answers with the rows each step changed.
 */
export interface SqliteWriter {
  write(steps: readonly WriteStep[]): Promise<number[]>;
  /** Lets the writes already asked for finish, then stops taking new ones. */
  close(): Promise<void>;
}

/**
 * Writes on the caller's connection: at once when the file's write lock is free (the transaction
 * has run when `write` returns its promise, as if it were synchronous); while another connection
 * holds it, after waiting on a timer rather than in SQLite, so the event loop goes on
 * ({@link WriteTransactionQueue}). Writes start in the order they were asked for.
 */
export class InlineSqliteWriter implements SqliteWriter {
  private readonly transactions: WriteTransactionQueue;

  constructor(
    db: DatabaseSync,
    private readonly statement: (sql: string) => StatementSync,
  ) {
    this.transactions = new WriteTransactionQueue(db);
  }

  write(steps: readonly WriteStep[]): Promise<number[]> {
    return this.transactions.run(() => steps.map((step) => runStep(this.statement(step.sql), step.params)));
  }

  close(): Promise<void> {
    return this.transactions.idle();
  }
}

function runStep(statement: StatementSync, params: SQLInputValue[][]): number {
  let changes = 0;
  for (const values of params) changes += Number(statement.run(...values).changes);
  return changes;
}

/**
 * Old-generation heap of the writer thread. What it holds at once is one transaction's worth of
 * rows (see `maxRowsPerTransaction`), tens of MiB.
 */
const WRITER_THREAD_HEAP_MIB = 256;

/**
 * Writes on a connection of its own in a worker thread ({@link SqliteThread}), so SQLite's share
 * of a write (B-tree inserts, the commit's page writes, checkpoints and their fsyncs) runs on
 * another core while this thread serialises the next documents and serves reads. Writes queue in
 * order; the thread commits all those waiting in one transaction, which saves a commit per write
 * (should one of them fail, they are run again one transaction each, so it fails alone).
 *
 * A write resolves once committed, so reads on any connection see it from then on. While a
 * transaction of the thread holds the file's write lock, writers on other connections wait for
 * it, as they wait for another process (this process's event store and inline writers on a
 * timer, so its event loop goes on); the thread keeps transactions short
 * (`maxRowsPerTransaction`) so that wait stays within tens of milliseconds.
 */
export class ThreadedSqliteWriter implements SqliteWriter {
  private constructor(private readonly thread: SqliteThread<WriterSteps, number[]>) {}

  static start(settings: WriterThreadSettings): ThreadedSqliteWriter {
    return new ThreadedSqliteWriter(
      new SqliteThread({ program: runSqliteWriterThread, settings, heapMiB: WRITER_THREAD_HEAP_MIB, role: 'writer' }),
    );
  }

  write(steps: readonly WriteStep[]): Promise<number[]> {
    return this.thread.request(steps);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
