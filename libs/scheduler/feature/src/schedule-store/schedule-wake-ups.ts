/**
 * In-process news of a schedule's next run, from the writer to the firing loop of the same
 * process (the standalone app), so a schedule created to run before the loop's next poll fires on
 * time. Across processes the loop's poll (`SCHEDULER_POLL_INTERVAL_MS`) finds it.
 */
export class ScheduleWakeUps {
  private readonly listeners = new Set<(nextRunAt: Date) => void>();

  /** Called by the writer after a schedule's due entry changed. */
  nextRunChanged(nextRunAt: Date): void {
    for (const listener of this.listeners) listener(nextRunAt);
  }

  /** Returns the function that stops listening. */
  listen(listener: (nextRunAt: Date) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The process's wake-ups: writers and loops built without one of their own share it. */
export const processScheduleWakeUps = new ScheduleWakeUps();
