import type { ScheduleFiringError, ScheduleJobTemplate } from '@strata/contracts';

/** A timing as asked for; the decider validates it and turns it into the stored `ScheduleSpec`. */
export type ScheduleTiming =
  | { kind: 'once'; runAt: string }
  | { kind: 'interval'; intervalMinutes: number }
  /** `timezone` defaults to UTC. */
  | { kind: 'cron'; cron: string; timezone?: string }
  /** Seed 000's form, stored as cron. `time` HH:MM (hourly: the minutes; default 00:00); `timezone` defaults to UTC. */
  | { kind: 'frequency'; frequency: 'hourly' | 'daily' | 'weekly'; time?: string; day?: string; timezone?: string };

/** Commands the Schedule aggregate decides on. `now` is an ISO 8601 UTC time supplied by the caller. */
export type ScheduleCommand =
  | {
      type: 'CreateSchedule';
      scheduleId: string;
      tenantId: string;
      /** Default `schedule-<timestamp>`. */
      name?: string;
      /** Default true. */
      enabled?: boolean;
      timing: ScheduleTiming;
      jobTemplate: ScheduleJobTemplate;
      now: string;
    }
  /** Only what changes. A new timing, or enabling, sets the next run from `now`; disabling clears it. */
  | { type: 'UpdateSchedule'; name?: string; enabled?: boolean; timing?: ScheduleTiming; jobTemplate?: ScheduleJobTemplate; now: string }
  | { type: 'DeleteSchedule'; now: string }
  /** The job of the firing for `dueAt` was created (with `idempotencyKey(scheduleId, dueAt)`). */
  | { type: 'RecordFiring'; dueAt: string; jobId: string; now: string }
  /** The job of the firing for `dueAt` could not be created. */
  | { type: 'RecordFiringFailure'; dueAt: string; error: ScheduleFiringError; now: string }
  /** A run asked for by hand, whose job was created (with `runNowIdempotencyKey(scheduleId, now)`). */
  | { type: 'RunNow'; jobId: string; now: string };
