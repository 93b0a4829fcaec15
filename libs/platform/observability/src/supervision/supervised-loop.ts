import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { processLoopHealth, type LoopHealth } from './loop-health';

export interface SupervisedLoopOptions {
  /** Shown in logs and in `GET /status` while the loop is down. */
  name: string;
  /**
   * The loop's body: runs until `signal` aborts. Throwing, or returning before the abort, is a
   * failure: the body is started again after a backoff. It may call `healthy()` once it has done
   * some work, to count as recovered before `healthyAfterMs`.
   */
  run: (signal: AbortSignal, healthy: () => void) => Promise<void>;
  health?: LoopHealth;
  logger?: Logger;
  /** First delay before a restart; doubled after each failure in a row (default 500 ms). */
  initialBackoffMs?: number;
  /** Longest delay before a restart (default 30 s). */
  maxBackoffMs?: number;
  /** A restarted body that runs this long without failing counts as recovered (default 5 s). */
  healthyAfterMs?: number;
}

/**
 * Runs a long-running loop and keeps it running: when its body fails it is logged, reported down
 * (`LoopHealth`) and started again after an exponential backoff, until `stop()`. Without this a
 * failed loop would log one line and stay stopped while the process looks healthy.
 */
export class SupervisedLoop {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private restartCount = 0;

  constructor(private readonly options: SupervisedLoopOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** How often the body was started again after a failure. */
  get restarts(): number {
    return this.restartCount;
  }

  start(): void {
    this.running ??= this.supervise();
  }

  /** Aborts the body and waits for it to end; a pending restart is dropped. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    this.health.recovered(this.name);
  }

  private get health(): LoopHealth {
    return this.options.health ?? processLoopHealth;
  }

  private async supervise(): Promise<void> {
    const { signal } = this.abort;
    const initial = this.options.initialBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 30_000;
    const healthyAfterMs = this.options.healthyAfterMs ?? 5_000;
    let failures = 0;
    while (!signal.aborted) {
      const healthy = () => {
        failures = 0;
        this.health.recovered(this.name);
      };
      // A body that stays up a while has recovered, even if it never says so.
      const recovery = failures > 0 ? setTimeout(healthy, healthyAfterMs) : undefined;
      try {
        await this.options.run(signal, healthy);
        if (signal.aborted) return;
        throw new Error(`${this.name} ended without being stopped`);
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        this.health.failed(this.name);
        const delayMs = Math.min(max, initial * 2 ** (failures - 1));
        this.options.logger?.error({ err: error, loop: this.name, failures, restartInMs: delayMs }, `${this.name} failed; restarting`);
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
        if (!signal.aborted) this.restartCount += 1;
      } finally {
        clearTimeout(recovery);
      }
    }
  }
}
