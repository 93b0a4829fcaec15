import { Worker } from 'node:worker_threads';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { WriteTransactionQueue } from '@strata/platform-sqlite';
import { ReadStoreClosedError } from '../errors';
import { runSqliteWriterThread, type WriterReply, type WriterRequest, type WriterThreadSettings } from './sqlite-writer-thread';

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
/** A thread that cannot commit anything (its file gone, say) is not restarted for ever. */
const MAX_RESTARTS_WITHOUT_PROGRESS = 3;

interface Waiting {
  resolve(changes: number[]): void;
  reject(error: Error): void;
}

/**
 * Writes on a connection of its own in a worker thread, so SQLite's share of a write (B-tree
 * inserts, the commit's page writes, checkpoints and their fsyncs) runs on another core while
 * this thread serialises the next documents and serves reads. Writes queue in order; the thread
 * commits all those waiting in one transaction, which saves a commit per write (should one of
 * them fail, they are run again one transaction each, so it fails alone).
 *
 * A write resolves once committed, so reads on any connection see it from then on. While a
 * transaction of the thread holds the file's write lock, writers on other connections wait for
 * it, as they wait for another process (this process's event store and inline writers on a
 * timer, so its event loop goes on); the thread keeps transactions short
 * (`maxRowsPerTransaction`) so that wait stays within tens of milliseconds.
 */
export class ThreadedSqliteWriter implements SqliteWriter {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private worker!: Worker;
  private exited!: Promise<void>;
  /** Threads that ended without a write committing since: past the limit, the writer gives up. */
  private restartsWithoutProgress = 0;
  private failure: Error | undefined;
  private closing = false;
  private onDrained: (() => void) | undefined;

  private constructor(private readonly settings: WriterThreadSettings) {
    this.startThread();
  }

  static start(settings: WriterThreadSettings): ThreadedSqliteWriter {
    return new ThreadedSqliteWriter(settings);
  }

  write(steps: readonly WriteStep[]): Promise<number[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new ReadStoreClosedError());
    const id = this.nextId++;
    const request: WriterRequest = { id, steps };
    return new Promise<number[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) this.worker.ref();
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    await this.drained();
    await this.worker.terminate();
    await this.exited;
  }

  private startThread(): void {
    // The thread's code is one self-contained function, evaluated from its source: it needs no
    // module resolution, so it runs the same from built JavaScript and from TypeScript in tests.
    const worker = new Worker(`(${runSqliteWriterThread.toString()})()`, {
      eval: true,
      workerData: this.settings,
      // The thread allocates little but the documents it is sent, and collects only under
      // pressure: left at the default limit its heap grew by the size of everything written.
      resourceLimits: { maxOldGenerationSizeMb: WRITER_THREAD_HEAP_MIB },
    });
    this.worker = worker;
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    let error: Error | undefined;
    worker.on('message', (reply: WriterReply) => this.settle(reply));
    worker.on('error', (cause) => (error = cause));
    worker.once('exit', (code) => this.threadEnded(error ?? new Error(`the SQLite writer thread stopped (exit code ${code})`)));
    // Only pending writes keep the process alive, as a synchronous write would.
    worker.unref();
  }

  /**
   * An end not asked for by close() (out of memory, say): the writes it held fail, since whether
   * they committed is unknown to this side (callers retry; writes are idempotent upserts), and a
   * new thread takes the next ones, so one bad moment does not leave the store unable to write.
   */
  private threadEnded(error: Error): void {
    if (this.closing) {
      this.rejectWaiting(new ReadStoreClosedError());
      return;
    }
    this.rejectWaiting(error);
    if (++this.restartsWithoutProgress > MAX_RESTARTS_WITHOUT_PROGRESS) {
      this.failure = new Error(`the SQLite writer thread keeps stopping; last: ${error.message}`, { cause: error });
      return;
    }
    this.startThread();
  }

  private drained(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.onDrained = resolve));
  }

  private settle(reply: WriterReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if ('changes' in reply) {
      this.restartsWithoutProgress = 0;
      waiting.resolve(reply.changes);
    } else {
      waiting.reject(Object.assign(new Error(reply.error.message), reply.error.details));
    }
    this.afterSettling();
  }

  private rejectWaiting(error: Error): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
    this.afterSettling();
  }

  private afterSettling(): void {
    if (this.waiting.size > 0) return;
    this.worker.unref();
    this.onDrained?.();
    this.onDrained = undefined;
  }
}
