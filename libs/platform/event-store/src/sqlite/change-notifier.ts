import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ChangeSignal } from './change-signal';

/** The subset of a pino logger the notifier needs. */
export interface WarningLogger {
  warn(details: object, message: string): void;
}

export interface ChangeNotifierOptions {
  databasePath: string;
  /** Safety net for changes the file watcher missed (e.g. on network file systems). */
  pollIntervalMs: number;
  /** Shortest time between two wake-ups for file events (see `onForeignWrite`). */
  settleMs: number;
  logger?: WarningLogger;
}

/**
 * Tells waiting subscriptions that the events table may have grown, without busy-polling:
 * appends through this store signal directly; appends by other processes (or other connections)
 * are seen through `fs.watch` on the database directory, where every commit writes the `-wal`
 * file; a slow poll covers anything both miss. While nobody listens, nothing runs.
 */
export class ChangeNotifier {
  private readonly signals = new Set<ChangeSignal>();
  private watcher: FSWatcher | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private writeInWindow = false;

  constructor(private readonly options: ChangeNotifierOptions) {}

  /** A signal raised on every change until `unlisten()`; the first one starts the watching. */
  listen(): ChangeSignal {
    const signal = new ChangeSignal();
    this.signals.add(signal);
    if (this.signals.size === 1) this.start();
    return signal;
  }

  unlisten(signal: ChangeSignal): void {
    if (this.signals.delete(signal) && this.signals.size === 0) this.stop();
  }

  /** Raises every listening signal. */
  notify(): void {
    for (const signal of this.signals) signal.raise();
  }

  /** Wakes every listener one last time and stops watching, whether or not they unlisten. */
  close(): void {
    this.notify();
    this.signals.clear();
    this.stop();
  }

  get listening(): number {
    return this.signals.size;
  }

  private start(): void {
    this.pollTimer = setInterval(() => this.notify(), this.options.pollIntervalMs).unref();
    this.watchForeignWrites();
  }

  private stop(): void {
    clearInterval(this.pollTimer);
    clearTimeout(this.settleTimer);
    this.pollTimer = undefined;
    this.settleTimer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
  }

  private watchForeignWrites(): void {
    const databaseFile = basename(this.options.databasePath);
    const relevant = new Set([databaseFile, `${databaseFile}-wal`]);
    try {
      // The directory, not the -wal file: that file comes and goes with checkpoints and connections.
      this.watcher = watch(dirname(this.options.databasePath), { persistent: false }, (_event, file) => {
        if (file !== null && !relevant.has(file)) return;
        this.onForeignWrite();
      });
      this.watcher.on('error', (error) => this.fallBackToPolling(error));
    } catch (error) {
      this.fallBackToPolling(error);
    }
  }

  /**
   * At most one wake-up per `settleMs` for file events, the first at once and the last at the
   * end of the window. Every commit to the file raises them, not just appends of events: a
   * read-model write of thousands of pages raised hundreds, and each made every subscription
   * query the events table again. The trailing wake-up also covers a file event that arrives
   * between the WAL write and the wal-index update that makes the commit visible.
   */
  private onForeignWrite(): void {
    if (this.settleTimer !== undefined) {
      this.writeInWindow = true;
      return;
    }
    this.notify();
    const closeWindow = () => {
      if (!this.writeInWindow) {
        this.settleTimer = undefined;
        return;
      }
      this.writeInWindow = false;
      this.notify();
      this.settleTimer = setTimeout(closeWindow, this.options.settleMs).unref();
    };
    // Look once more at the end even without another event: the commit may not have been visible yet.
    this.writeInWindow = true;
    this.settleTimer = setTimeout(closeWindow, this.options.settleMs).unref();
  }

  private fallBackToPolling(error: unknown): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.options.logger?.warn(
      { err: error, databasePath: this.options.databasePath, pollIntervalMs: this.options.pollIntervalMs },
      'cannot watch the event store file; other processes’ appends are seen at the next poll',
    );
  }
}
