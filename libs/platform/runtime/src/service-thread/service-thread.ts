import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createLogger, processLoopHealth, SupervisedLoop, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { FromServiceThread, ToServiceThread } from './service-thread-messages';

export interface ServiceThreadOptions<ToThread = never, FromThread = never> {
  /** What the thread is called: in logs, and in `GET /status` while it is down (e.g. `discovery-worker-thread`). */
  name: string;
  /**
   * The thread's program: a module whose top level calls `runServiceThread` with the app the
   * thread runs. A `.ts` file runs through `@swc-node/register`, as the specs' do.
   */
  entry: string;
  /** The thread's environment: NATS, the stores, tuning, `LOG_LEVEL`, `OTEL_*` (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Where the thread, and the loops in it, show as down (default: this process's, for `GET /status`). */
  health?: LoopHealth;
  logger?: Logger;
  /** How long a stop waits for the thread's app to close (its consumers to drain) before it is ended (default 30 s). */
  stopTimeoutMs?: number;
  /**
   * A cap on the thread's young generation (MiB). A thread whose garbage is short-lived (resources
   * generated, batches encoded) adds V8's default (up to 128 MiB here) to the process's RSS;
   * collecting it more often costs that thread, not the app's event loop. Default: V8's.
   */
  maxYoungGenerationSizeMb?: number;
  /** Answers the messages of the thread's own (`ServiceThreadContext.send`); `reply` posts back to it. */
  onMessage?: (message: FromThread, reply: (message: ToThread) => void) => void;
}

/**
 * A service (a Nest app on a NATS connection of its own) in a worker thread of this process: its
 * work runs on another core and this thread's event loop stays free for HTTP, as it is when the
 * service is a process of its own (the distributed topology). The loops in the thread show in
 * `GET /status`.
 *
 * `start()` starts the thread and returns: the app does not wait the second or more it takes the
 * thread to load its code and connect (messages wait in their streams meanwhile), and on a busy
 * machine that had doubled the app's start. A thread that cannot start, or ends unasked, is
 * reported down under its name (`GET /status`) and started again after a backoff. `stop()` has
 * the thread close its app (its consumers stop pulling and drain) and waits for it to end.
 */
export class ServiceThread<ToThread = never, FromThread = never> {
  private readonly logger: Logger;
  private readonly health: LoopHealth;
  private loop: SupervisedLoop | undefined;

  constructor(private readonly options: ServiceThreadOptions<ToThread, FromThread>) {
    this.logger = options.logger ?? createLogger({ name: options.name });
    this.health = options.health ?? processLoopHealth;
  }

  start(): void {
    this.loop ??= new SupervisedLoop({
      name: this.options.name,
      health: this.health,
      logger: this.logger,
      run: async (signal, healthy) => {
        const thread = await RunningThread.launch(this.options, this.health, this.logger, signal);
        healthy();
        await thread.runUntil(signal);
      },
    });
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }
}

/** One thread, from its start until it has ended. */
class RunningThread<ToThread, FromThread> {
  /** The loops the thread reported down and has not reported back up: cleared when it ends. */
  private readonly downLoops = new Set<string>();
  private readonly exited: Promise<number>;
  private threadError: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly options: ServiceThreadOptions<ToThread, FromThread>,
    private readonly health: LoopHealth,
    private readonly logger: Logger,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', (code) => resolve(code)));
    worker.on('error', (error) => (this.threadError = error));
    void this.exited.then(() => {
      for (const name of this.downLoops) health.recovered(name);
      this.downLoops.clear();
    });
  }

  /** Starts a thread and waits until its app has started; throws (the thread ended) if it cannot start or `signal` aborts first (then stops it). */
  static async launch<ToThread, FromThread>(
    options: ServiceThreadOptions<ToThread, FromThread>,
    health: LoopHealth,
    logger: Logger,
    signal: AbortSignal,
  ): Promise<RunningThread<ToThread, FromThread>> {
    const worker = new Worker(options.entry, {
      env: { ...(options.env ?? process.env) },
      ...(options.maxYoungGenerationSizeMb !== undefined ? { resourceLimits: { maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb } } : {}),
      // A TypeScript entry (the specs') is compiled as it loads, as `node -r @swc-node/register` does.
      ...(extname(options.entry) === '.ts' ? { execArgv: [...process.execArgv, '-r', '@swc-node/register'] } : {}),
    });
    // The app's own handles (HTTP, NATS) keep the process alive, not its threads (a stop waits
    // for a thread on a timer of its own).
    worker.unref();
    const thread = new RunningThread(worker, options, health, logger);
    const ready = new Promise<void>((resolve) => worker.on('message', (message: FromServiceThread<FromThread>) => message.type === 'ready' && resolve()));
    worker.on('message', (message: FromServiceThread<FromThread>) => thread.onMessage(message));
    const outcome = await Promise.race([ready.then(() => 'ready' as const), thread.exited.then(() => 'exited' as const), abortOf(signal).then(() => 'aborted' as const)]);
    if (outcome === 'ready') return thread;
    if (outcome === 'aborted') {
      await thread.stop();
      throw new Error(`${options.name}: stopped while starting`);
    }
    throw thread.endedError('could not start');
  }

  /** Runs until `signal` aborts (then stops the thread) or the thread ends by itself (throws). */
  async runUntil(signal: AbortSignal): Promise<void> {
    const outcome = await Promise.race([abortOf(signal).then(() => 'aborted' as const), this.exited.then(() => 'exited' as const)]);
    if (outcome === 'exited') throw this.endedError('ended unasked');
    await this.stop();
  }

  /** Has the thread close its app, waiting up to the stop timeout before ending it. */
  private async stop(): Promise<void> {
    this.post({ type: 'stop' });
    const timeoutMs = this.options.stopTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.logger.warn({ timeoutMs }, `${this.options.name} did not stop in time; ending it`);
      await this.worker.terminate();
    }
  }

  private onMessage(message: FromServiceThread<FromThread>): void {
    switch (message.type) {
      case 'loop':
        if (message.state === 'failed') {
          this.downLoops.add(message.name);
          this.health.failed(message.name);
        } else {
          this.downLoops.delete(message.name);
          this.health.recovered(message.name);
        }
        break;
      case 'own':
        this.options.onMessage?.(message.message, (reply) => this.post({ type: 'own', message: reply }));
        break;
      case 'ready':
        break;
    }
  }

  private post(message: ToServiceThread<ToThread>): void {
    try {
      this.worker.postMessage(message);
    } catch {
      // The thread has ended: nothing waits for the answer any more.
    }
  }

  private endedError(what: string): Error {
    const cause = this.threadError?.message;
    return new Error(`${this.options.name} ${what}${cause ? `: ${cause}` : ''}`, this.threadError ? { cause: this.threadError } : {});
  }
}

function abortOf(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
