import { Worker } from 'node:worker_threads';
import { ReadStoreClosedError } from '../errors';
import { sqliteThreadContext, type SqliteThreadContext, type SqliteThreadSettings } from './sqlite-thread-context';

/** A request as the thread receives it. */
export interface ThreadRequest<TPayload> {
  id: number;
  payload: TPayload;
}

/** What the thread answers to the request with the same id. */
export type ThreadReply<TResult> =
  | { id: number; result: TResult }
  | { id: number; error: { message: string; details: Record<string, unknown> } };

export interface SqliteThreadOptions {
  /**
   * The thread's program: a function evaluated from its source text, given the thread's
   * connection ({@link sqliteThreadContext}), so it may only use that and node built-ins. It
   * answers each {@link ThreadRequest} with a {@link ThreadReply}.
   */
  program: (context: SqliteThreadContext) => void;
  /** The connection's settings, and any more the program reads. */
  settings: SqliteThreadSettings;
  /** Old-generation heap of the thread (MiB). */
  heapMiB: number;
  /** Named in the errors of a thread that stopped: "the SQLite <role> thread stopped". */
  role: string;
}

/** A thread that cannot answer anything (its file gone, say) is not restarted for ever. */
const MAX_RESTARTS_WITHOUT_PROGRESS = 3;

interface Waiting<TResult> {
  resolve(result: TResult): void;
  reject(error: Error): void;
}

/**
 * A worker thread that runs SQLite work on a connection of its own, so that work (B-tree
 * walks, commits, checkpoints) runs on another core while the event loop goes on. Requests are
 * answered in the order the thread takes them; each resolves with the thread's answer.
 *
 * Should the thread end unasked (out of memory, say), the requests it held fail, since whether
 * a write among them committed is unknown to this side (callers retry; the store's writes are
 * idempotent), and a new thread takes the next ones, so one bad moment does not leave the store
 * unable to work; one that keeps ending before it answers anything is given up on.
 */
export class SqliteThread<TPayload, TResult> {
  private readonly waiting = new Map<number, Waiting<TResult>>();
  private nextId = 1;
  private worker!: Worker;
  private exited!: Promise<void>;
  private restartsWithoutProgress = 0;
  private failure: Error | undefined;
  private closing = false;
  private onDrained: (() => void) | undefined;

  constructor(private readonly options: SqliteThreadOptions) {
    this.startThread();
  }

  request(payload: TPayload): Promise<TResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new ReadStoreClosedError());
    const id = this.nextId++;
    return new Promise<TResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) this.worker.ref();
      this.worker.postMessage({ id, payload } satisfies ThreadRequest<TPayload>);
    });
  }

  /** Lets the requests already made finish, then ends the thread. */
  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    await this.drained();
    await this.worker.terminate();
    await this.exited;
  }

  private startThread(): void {
    // The program and its context are self-contained functions, evaluated from their source: they
    // need no module resolution, so they run the same from built JavaScript and from TypeScript
    // in tests.
    const worker = new Worker(`(${this.options.program.toString()})((${sqliteThreadContext.toString()})())`, {
      eval: true,
      workerData: this.options.settings,
      // A thread allocates little but what it is sent, and collects only under pressure: left at
      // the default limit its heap grew by the size of everything written.
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMiB },
    });
    this.worker = worker;
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    let error: Error | undefined;
    worker.on('message', (reply: ThreadReply<TResult>) => this.settle(reply));
    worker.on('error', (cause) => (error = cause));
    worker.once('exit', (code) =>
      this.threadEnded(error ?? new Error(`the SQLite ${this.options.role} thread stopped (exit code ${code})`)),
    );
    // Only pending requests keep the process alive, as a synchronous call would.
    worker.unref();
  }

  private threadEnded(error: Error): void {
    if (this.closing) {
      this.rejectWaiting(new ReadStoreClosedError());
      return;
    }
    this.rejectWaiting(error);
    if (++this.restartsWithoutProgress > MAX_RESTARTS_WITHOUT_PROGRESS) {
      this.failure = new Error(`the SQLite ${this.options.role} thread keeps stopping; last: ${error.message}`, { cause: error });
      return;
    }
    this.startThread();
  }

  private drained(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.onDrained = resolve));
  }

  private settle(reply: ThreadReply<TResult>): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if ('result' in reply) {
      this.restartsWithoutProgress = 0;
      waiting.resolve(reply.result);
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
