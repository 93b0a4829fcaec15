import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger';
import type { LoopHealth } from './loop-health';
import { SupervisedLoop } from './supervised-loop';

export interface PeriodicSweepOptions {
  /** Shown in logs and in `GET /status` while the sweep is down, e.g. `sweep:report-retention`. */
  name: string;
  /** Between the end of one sweep and the start of the next. */
  intervalMs: number;
  /** One sweep; answers how many records it changed (deleted, reopened...). */
  sweep: (signal: AbortSignal) => Promise<number>;
  /** Logged (with `changed`) after a sweep that changed something. */
  changedMessage?: string;
  health?: LoopHealth;
  logger?: Logger;
}

/**
 * A sweep run every `intervalMs` under a {@link SupervisedLoop}: a failing sweep is retried with
 * backoff and shows in `GET /status` until one succeeds. The retention and expiry sweeps of the
 * contexts are this loop around their own `sweep`.
 */
export class PeriodicSweep {
  private loop: SupervisedLoop | undefined;
  private completed = 0;

  constructor(private readonly options: PeriodicSweepOptions) {}

  /** Sweeps completed since the first start. */
  get sweepsCompleted(): number {
    return this.completed;
  }

  start(): void {
    const { name, health, logger } = this.options;
    this.loop ??= new SupervisedLoop({ name, run: (signal, healthy) => this.run(signal, healthy), ...(health ? { health } : {}), ...(logger ? { logger } : {}) });
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
    this.loop = undefined;
  }

  private async run(signal: AbortSignal, healthy: () => void): Promise<void> {
    while (!signal.aborted) {
      const changed = await this.options.sweep(signal);
      this.completed += 1;
      if (changed > 0 && this.options.changedMessage) this.options.logger?.info({ changed }, this.options.changedMessage);
      healthy();
      await sleep(this.options.intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }
}
