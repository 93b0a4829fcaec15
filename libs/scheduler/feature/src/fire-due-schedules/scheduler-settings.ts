/** Thrown at start-up for an environment variable the scheduler cannot use. */
export class SchedulerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchedulerConfigError';
  }
}

export interface SchedulerSettings {
  /** Longest wait between two passes over the due index (default 5 s). */
  pollIntervalMs?: number;
  /** Schedules fired at once within a pass (default 128). */
  concurrency?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 5_000;

function wholeNumber(env: Readonly<Record<string, string | undefined>>, name: string, min: number, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw new SchedulerConfigError(`${name} "${raw}" must be a whole number from ${min} to ${max}`);
  return value;
}

/** `SCHEDULER_POLL_INTERVAL_MS` (100 ms to 1 h, default 5000) and `SCHEDULER_CONCURRENCY` (1 to 1000, default 128). */
export function schedulerSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): SchedulerSettings {
  const pollIntervalMs = wholeNumber(env, 'SCHEDULER_POLL_INTERVAL_MS', 100, 3_600_000);
  const concurrency = wholeNumber(env, 'SCHEDULER_CONCURRENCY', 1, 1000);
  return { ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }), ...(concurrency === undefined ? {} : { concurrency }) };
}
