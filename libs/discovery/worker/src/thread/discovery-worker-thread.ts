import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CredentialResolver } from '@strata/contracts';
import { createLogger, processLoopHealth, SupervisedLoop, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { FromDiscoveryThread, ToDiscoveryThread } from './thread-messages';

export interface DiscoveryWorkerThreadOptions {
  /**
   * The thread's program: a module whose top level calls `runDiscoveryWorkerThread` with the
   * plugins to run (the app's own, since plugins are code and cannot be sent to a thread).
   * A `.ts` file runs through `@swc-node/register`, as the specs' do.
   */
  entry: string;
  /** Answers the thread's runs for their credentials: the secret key stays on this side. */
  credentialResolver: CredentialResolver;
  /** The thread's environment: NATS, `DISCOVERY_*` tuning, `LOG_LEVEL`, `OTEL_*` (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Where the thread, and the loops in it, show as down (default: this process's, for `GET /status`). */
  health?: LoopHealth;
  logger?: Logger;
  /** How long a stop waits for the thread to hand its runs back before it is ended (default 30 s). */
  stopTimeoutMs?: number;
}

/** The thread's young generation (MiB): see RunningThread.launch. */
const THREAD_YOUNG_GENERATION_MIB = 16;

/** The name under which `GET /status` shows the thread while it is down (ended unasked, restarting). */
export const DISCOVERY_THREAD_LOOP = 'discovery-worker-thread';

/**
 * A discovery worker in a worker thread of this process, with a NATS connection of its own: the
 * plugins' work (generating or fetching resources, encoding batches, publishing them) runs on
 * another core, and this thread's event loop stays free for HTTP and the other services, as it
 * is when the worker is a process of its own (the distributed topology). Everything else works
 * as with a worker in the process: the thread consumes the same work items, reports, logs and
 * cancels runs over NATS; it asks this side for credentials; its loops show in `GET /status`.
 *
 * `start()` starts the thread and returns: the app does not wait the second or more it takes the
 * thread to load its plugins and connect (work items wait in their stream meanwhile), and on a
 * busy machine that had doubled the app's start. A thread that cannot start, or ends unasked, is
 * reported down (`GET /status`) and started again after a backoff. `stop()` has the thread close
 * its app (its consumers stop pulling and hand the running runs back) and waits for it to end.
 */
export class DiscoveryWorkerThread {
  private readonly logger: Logger;
  private readonly health: LoopHealth;
  private loop: SupervisedLoop | undefined;

  constructor(private readonly options: DiscoveryWorkerThreadOptions) {
    this.logger = options.logger ?? createLogger({ name: 'discovery-worker-thread' });
    this.health = options.health ?? processLoopHealth;
  }

  start(): void {
    this.loop ??= new SupervisedLoop({
      name: DISCOVERY_THREAD_LOOP,
      health: this.health,
      logger: this.logger,
      run: async (signal, healthy) => {
        const thread = await RunningThread.launch(this.threadOptions(), signal);
        healthy();
        await thread.runUntil(signal);
      },
    });
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private threadOptions(): ThreadSettings {
    return {
      entry: this.options.entry,
      env: this.options.env ?? process.env,
      credentialResolver: this.options.credentialResolver,
      health: this.health,
      logger: this.logger,
      stopTimeoutMs: this.options.stopTimeoutMs ?? 30_000,
    };
  }
}

interface ThreadSettings {
  entry: string;
  env: NodeJS.ProcessEnv;
  credentialResolver: CredentialResolver;
  health: LoopHealth;
  logger: Logger;
  stopTimeoutMs: number;
}

/** One thread, from its start until it has ended. */
class RunningThread {
  /** The loops the thread reported down and has not reported back up: cleared when it ends. */
  private readonly downLoops = new Set<string>();
  private readonly exited: Promise<number>;
  private failure: string | undefined;
  private threadError: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly settings: ThreadSettings,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', (code) => resolve(code)));
    worker.on('error', (error) => (this.threadError = error));
    void this.exited.then(() => {
      for (const name of this.downLoops) settings.health.recovered(name);
      this.downLoops.clear();
    });
  }

  /** Starts a thread and waits until its consumers pull; throws (the thread ended) if it cannot start or `signal` aborts first (then stops it). */
  static async launch(settings: ThreadSettings, signal: AbortSignal): Promise<RunningThread> {
    const worker = new Worker(settings.entry, {
      env: { ...settings.env },
      // A run's garbage (resources generated, batches encoded) is short-lived: left at V8's default
      // young generation (up to 128 MiB here) the thread added that much to the process's RSS.
      // Collecting it more often costs this thread, not the app's event loop.
      resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MIB },
      // A TypeScript entry (the specs') is compiled as it loads, as `node -r @swc-node/register` does.
      ...(extname(settings.entry) === '.ts' ? { execArgv: [...process.execArgv, '-r', '@swc-node/register'] } : {}),
    });
    // The app's own handles (HTTP, NATS) keep the process alive, not its discovery thread (a stop
    // waits for the thread on a timer of its own).
    worker.unref();
    const thread = new RunningThread(worker, settings);
    const ready = new Promise<void>((resolve) => worker.on('message', (message: FromDiscoveryThread) => message.type === 'ready' && resolve()));
    worker.on('message', (message: FromDiscoveryThread) => thread.onMessage(message));
    const outcome = await Promise.race([ready.then(() => 'ready' as const), thread.exited.then(() => 'exited' as const), abortOf(signal).then(() => 'aborted' as const)]);
    if (outcome === 'ready') return thread;
    if (outcome === 'aborted') {
      await thread.stop();
      throw new Error('discovery worker thread: stopped while starting');
    }
    throw thread.endedError('could not start');
  }

  /** Runs until `signal` aborts (then stops the thread) or the thread ends by itself (throws). */
  async runUntil(signal: AbortSignal): Promise<void> {
    const outcome = await Promise.race([abortOf(signal).then(() => 'aborted' as const), this.exited.then(() => 'exited' as const)]);
    if (outcome === 'exited') throw this.endedError('ended unasked');
    await this.stop();
  }

  /** Has the thread close its app (runs handed back), waiting up to the stop timeout before ending it. */
  private async stop(): Promise<void> {
    this.post({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.settings.stopTimeoutMs)));
    const outcome = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.settings.logger.warn({ timeoutMs: this.settings.stopTimeoutMs }, 'discovery worker thread did not stop in time; ending it');
      await this.worker.terminate();
    }
  }

  private onMessage(message: FromDiscoveryThread): void {
    switch (message.type) {
      case 'failed':
        this.failure = message.error;
        break;
      case 'loop':
        if (message.state === 'failed') {
          this.downLoops.add(message.name);
          this.settings.health.failed(message.name);
        } else {
          this.downLoops.delete(message.name);
          this.settings.health.recovered(message.name);
        }
        break;
      case 'credential':
        void this.answerCredential(message.id, message.tenantId, message.credentialId);
        break;
      case 'ready':
        break;
    }
  }

  private async answerCredential(id: number, tenantId: string, credentialId: string): Promise<void> {
    try {
      const credential = await this.settings.credentialResolver.resolve(tenantId, credentialId);
      this.post({ type: 'credential', id, credential });
    } catch (error) {
      // The message only: the resolver's errors name the credential, never its secret.
      this.post({ type: 'credential', id, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private post(message: ToDiscoveryThread): void {
    try {
      this.worker.postMessage(message);
    } catch {
      // The thread has ended: nothing waits for the answer any more.
    }
  }

  private endedError(what: string): Error {
    const cause = this.failure ?? this.threadError?.message;
    return new Error(`discovery worker thread ${what}${cause ? `: ${cause}` : ''}`, this.threadError ? { cause: this.threadError } : {});
  }
}

function abortOf(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
