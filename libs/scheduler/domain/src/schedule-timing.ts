import { WEEK_DAYS, type ScheduleSeedFrequency, type ScheduleSpec } from '@strata/contracts';
import { Cron } from 'croner';

/**
 * When schedules fire: pure functions of a schedule's spec and the times the caller gives (no
 * clock is read here). Cron expressions are read by croner in the schedule's IANA time zone.
 *
 * Daylight saving, as croner 11 does it and the tests pin: a wall-clock time that does not exist
 * on the spring-forward day (02:30 in Europe/Berlin on 2026-03-29) fires once, at the first
 * instant after the gap (03:00 CEST); a wall-clock time that happens twice on the fall-back day
 * (02:30 on 2026-10-25) fires once, at its first occurrence (02:30 CEST). So a daily schedule
 * fires exactly once on both days.
 */

function cronOf(spec: Extract<ScheduleSpec, { kind: 'cron' }>): Cron {
  return new Cron(spec.cron, { timezone: spec.timezone, paused: true });
}

const MINUTE_MS = 60_000;

/** The first due time strictly after `after`, or null when there is none (a one-off that is past). */
export function nextRunAfter(spec: ScheduleSpec, after: Date): Date | null {
  switch (spec.kind) {
    case 'once': {
      const runAt = new Date(spec.runAt);
      return runAt.getTime() > after.getTime() ? runAt : null;
    }
    case 'interval': {
      // Due times are anchorAt + k * interval, k >= 1: the first one interval after it was set.
      const anchor = Date.parse(spec.anchorAt);
      const step = spec.intervalMinutes * MINUTE_MS;
      const k = Math.max(1, Math.floor((after.getTime() - anchor) / step) + 1);
      return new Date(anchor + k * step);
    }
    case 'cron':
      return cronOf(spec).nextRun(after);
  }
}

/** The last due time at or before `at`, or null when there is none yet. */
export function latestRunAtOrBefore(spec: ScheduleSpec, at: Date): Date | null {
  switch (spec.kind) {
    case 'once': {
      const runAt = new Date(spec.runAt);
      return runAt.getTime() <= at.getTime() ? runAt : null;
    }
    case 'interval': {
      const anchor = Date.parse(spec.anchorAt);
      const step = spec.intervalMinutes * MINUTE_MS;
      const k = Math.floor((at.getTime() - anchor) / step);
      return k >= 1 ? new Date(anchor + k * step) : null;
    }
    case 'cron':
      // croner's previous runs are strictly before the date given: one millisecond on includes `at`.
      return cronOf(spec).previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
  }
}

/**
 * When a schedule whose timing was just set (created, or its timing changed, at `now`) first
 * fires. A one-off fires at `run_at` even when that has passed (at once, as a catch-up).
 */
export function firstRunAt(spec: ScheduleSpec, now: Date): Date | null {
  return spec.kind === 'once' ? new Date(spec.runAt) : nextRunAfter(spec, now);
}

const DAY_NUMBER: Readonly<Record<string, number>> = Object.fromEntries(WEEK_DAYS.map((day, number) => [day, number]));

/**
 * Seed 000's simple form as a cron expression: `hourly` at the minutes of `time` (minute 0
 * without one), `daily` at `time`, `weekly` on `day` at `time`.
 */
export function seedFrequencyToCron(seed: { frequency: ScheduleSeedFrequency['frequency']; time?: string; day?: string }): string {
  const [hours, minutes] = (seed.time ?? '00:00').split(':').map(Number) as [number, number];
  switch (seed.frequency) {
    case 'hourly':
      return `${minutes} * * * *`;
    case 'daily':
      return `${minutes} ${hours} * * *`;
    case 'weekly': {
      const day = seed.day === undefined ? undefined : DAY_NUMBER[seed.day.toLowerCase()];
      if (day === undefined) throw new RangeError(`weekly needs a day (monday .. sunday), got ${String(seed.day)}`);
      return `${minutes} ${hours} * * ${day}`;
    }
  }
}

/** What `dueFiring` needs of a schedule. */
export interface FiringState {
  enabled: boolean;
  spec: ScheduleSpec;
  /** The next due time not fired yet (null: none). */
  nextRunAt: string | null;
}

/**
 * The one due time to fire at `now`, if any. A disabled schedule never fires. When several due
 * times have passed unfired (the scheduler was down, or behind), only the latest of them fires:
 * one catch-up run, not one per missed slot, since a discovery run sees the estate as it is now
 * and the runs between would only queue up behind it. The slots skipped are skipped for good:
 * after the firing the next run is the first due time after the one fired.
 */
export function dueFiring(state: FiringState, now: Date): Date | null {
  if (!state.enabled || state.nextRunAt === null) return null;
  const next = new Date(state.nextRunAt);
  if (next.getTime() > now.getTime()) return null;
  const latest = latestRunAtOrBefore(state.spec, now);
  return latest !== null && latest.getTime() > next.getTime() ? latest : next;
}

const iso = (time: Date | string): string => (typeof time === 'string' ? new Date(time) : time).toISOString();

/**
 * The Idempotency-Key the job of a firing is created with: the schedule and the due time, so a
 * firing retried after a crash (at any time, by any replica) finds the job it created before.
 */
export function idempotencyKey(scheduleId: string, dueAt: Date | string): string {
  return `schedule:${scheduleId}:${iso(dueAt)}`;
}

/** The key of a run asked for by hand at `at`: its own, never one of a due time's. */
export function runNowIdempotencyKey(scheduleId: string, at: Date | string): string {
  return `schedule:${scheduleId}:run-now:${iso(at)}`;
}
