import { SupervisedLoop, type Logger, type LoopHealth } from '@strata/platform-observability';
import { processScheduleWakeUps, type ScheduleWakeUps } from '../schedule-store/schedule-wake-ups';
import type { FireDueSchedulesHandler } from './fire-due-schedules.handler';
import { DEFAULT_POLL_INTERVAL_MS } from './scheduler-settings';

/** The loop's name in logs and in `GET /status` while it is down. */
export const SCHEDULE_FIRING_LOOP = 'loop:schedule-firing';

export interface ScheduleFiringLoopOptions {
  /** Longest wait between passes: how soon a schedule written by another process is seen (default 5 s). */
  pollIntervalMs?: number;
  wakeUps?: ScheduleWakeUps;
  clock?: () => Date;
  health?: LoopHealth;
  logger?: Logger;
}

/**
 * The scheduler: passes of {@link FireDueSchedulesHandler} for the app's lifetime, supervised
 * (a failing pass restarts with backoff and shows in `GET /status`). Between passes it sleeps until
 * the earliest next run in the due index or the poll interval, whichever comes first, and wakes
 * earlier when a writer of the same process sets a sooner next run.
 */
export class ScheduleFiringLoop {
  private loop: SupervisedLoop | undefined;
  private stopListening: (() => void) | undefined;
  private passCount = 0;
  /** The pending sleep: when it ends, and how to end it sooner. */
  private sleeping: { until: number; wakeAt: (at: number) => void } | undefined;
  /** The soonest wake-up heard while no sleep was pending (during a pass): the next sleep ends by then. */
  private missedWakeUp: number | undefined;

  constructor(
    private readonly handler: FireDueSchedulesHandler,
    private readonly options: ScheduleFiringLoopOptions = {},
  ) {}

  /** Passes completed since start. */
  get passes(): number {
    return this.passCount;
  }

  start(): void {
    const { health, logger } = this.options;
    this.stopListening ??= (this.options.wakeUps ?? processScheduleWakeUps).listen((at) => this.wakeAt(at.getTime()));
    this.loop ??= new SupervisedLoop({
      name: SCHEDULE_FIRING_LOOP,
      run: (signal, healthy) => this.run(signal, healthy),
      ...(health ? { health } : {}),
      ...(logger ? { logger } : {}),
    });
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    this.stopListening = undefined;
    await this.loop?.stop();
    this.loop = undefined;
  }

  private wakeAt(at: number): void {
    if (this.sleeping) this.sleeping.wakeAt(at);
    // Heard mid-pass, perhaps after the pass read the next run: kept for the sleep to come.
    else this.missedWakeUp = Math.min(this.missedWakeUp ?? Number.POSITIVE_INFINITY, at);
  }

  private now(): number {
    return (this.options.clock ?? (() => new Date()))().getTime();
  }

  private async run(signal: AbortSignal, healthy: () => void): Promise<void> {
    const pollMs = this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    while (!signal.aborted) {
      const passStartedAt = this.now();
      const counts = await this.handler.fireDue(signal);
      this.passCount += 1;
      healthy();
      if (counts.fired + counts.failed > 0) this.options.logger?.debug({ ...counts }, 'scheduler pass');
      const now = this.now();
      // Asked from the pass's start, not from now: a schedule that fell due while the pass ran
      // (after its look at the due index) is next, and fires at once rather than at the poll.
      const next = await this.handler.nextRunAfter(new Date(passStartedAt));
      await this.sleepUntil(Math.min(now + pollMs, next?.getTime() ?? Number.POSITIVE_INFINITY), signal);
    }
  }

  private sleepUntil(until: number, signal: AbortSignal): Promise<void> {
    // Stopped while the pass was finishing: an abort listener added now would never fire, and
    // stop() would wait out the whole sleep (up to the poll interval).
    if (signal.aborted) return Promise.resolve();
    if (this.missedWakeUp !== undefined) {
      until = Math.min(until, this.missedWakeUp);
      this.missedWakeUp = undefined;
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.sleeping = undefined;
        resolve();
      };
      const arm = (at: number) => {
        clearTimeout(timer);
        timer = setTimeout(done, Math.max(0, at - this.now()));
      };
      this.sleeping = {
        until,
        wakeAt: (at) => {
          if (this.sleeping && at < this.sleeping.until) {
            this.sleeping.until = at;
            arm(at);
          }
        },
      };
      signal.addEventListener('abort', done, { once: true });
      arm(until);
    });
  }
}
