import type { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { commitOrRollBack } from './open-sqlite';

export interface WriteTransactionQueueOptions {
  /**
   * How long a transaction may wait for another connection's write lock before it fails as
   * SQLite's busy timeout would (default: the connection's own busy timeout).
   */
  busyTimeoutMs?: number;
  /** Longest pause between two tries for the lock (default 8 ms): the most a transaction starts late once the lock is free. */
  maxRetryDelayMs?: number;
}

const FIRST_RETRY_DELAY_MS = 1;
const DEFAULT_MAX_RETRY_DELAY_MS = 8;
const SQLITE_BUSY = 5;

/**
 * Write transactions (`BEGIN IMMEDIATE` … `COMMIT`) on a connection whose thread must go on serving
 * its event loop while another connection holds the file's write lock: the read store's writer
 * thread, or another process sharing the file.
 *
 * SQLite's busy timeout waits inside the call, so a synchronous `BEGIN IMMEDIATE` froze the whole
 * event loop (HTTP, NATS, the plugin) for as long as the other connection's transaction lasted; in
 * a 100k-node demo job the event store's appends spent about 1.2 s of the main thread that way,
 * waiting for the writer thread's commits. Here a transaction that finds the lock taken waits on a
 * timer and tries again, until the busy timeout has passed since it was asked for.
 *
 * Transactions start in the order they were asked for, as they did when each ran at once: one
 * asked for while none is waiting and the lock is free runs before `run` returns; the others queue
 * behind the first that had to wait. A transaction's `BEGIN`, work and `COMMIT` run in one
 * synchronous stretch, so nothing else in this thread runs while it holds the lock.
 */
export class WriteTransactionQueue {
  private readonly busyTimeoutMs: number;
  private readonly maxRetryDelayMs: number;
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly db: DatabaseSync,
    options: WriteTransactionQueueOptions = {},
  ) {
    this.busyTimeoutMs = Math.trunc(options.busyTimeoutMs ?? currentBusyTimeoutMs(db));
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  }

  /** Runs `work` in one write transaction: committed when the promise resolves, rolled back if `work` throws. */
  run<T>(work: () => T): Promise<T> {
    if (this.queued === 0) {
      try {
        if (!this.tryBegin()) return Promise.resolve(commitOrRollBack(this.db, work));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    const deadline = performance.now() + this.busyTimeoutMs;
    this.queued++;
    const result = this.tail.then(() => this.runOnceBegun(deadline, work)).finally(() => this.queued--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Settles once every transaction asked for so far has committed or failed. */
  async idle(): Promise<void> {
    await this.tail;
  }

  /**
   * Tries for the lock until `deadline`, and runs `work` in the same synchronous stretch as the
   * `BEGIN` that took it: a microtask let in between (another part of the app opening a
   * transaction on another connection, which waits inside SQLite) would wait for a lock that only
   * this stretch can release, and hold this thread until its busy timeout.
   */
  private async runOnceBegun<T>(deadline: number, work: () => T): Promise<T> {
    let delay = FIRST_RETRY_DELAY_MS;
    for (;;) {
      const busy = this.tryBegin();
      if (!busy) return commitOrRollBack(this.db, work);
      const left = deadline - performance.now();
      // SQLite's own "database is locked", as its busy timeout would have ended.
      if (left <= 0) throw busy;
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, this.maxRetryDelayMs);
    }
  }

  /**
   * `BEGIN IMMEDIATE` without SQLite's blocking wait: nothing once begun, SQLite's busy error when
   * another connection holds the lock. The busy timeout is restored at once, so the connection's
   * other statements (reads that meet a checkpoint, say) keep SQLite's wait.
   */
  private tryBegin(): Error | undefined {
    this.db.exec('PRAGMA busy_timeout = 0');
    try {
      this.db.exec('BEGIN IMMEDIATE');
      return undefined;
    } catch (error) {
      if (isBusy(error)) return error as Error;
      throw error;
    } finally {
      this.db.exec(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`);
    }
  }
}

function currentBusyTimeoutMs(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA busy_timeout').get();
  return Number(row?.['timeout'] ?? 0);
}

function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown }).errcode;
  return typeof code === 'number' && (code & 0xff) === SQLITE_BUSY;
}
