/**
 * Events of the Schedule aggregate (stream `schedule-<id>`). Wire names are the `type` literals;
 * `version` is the schema version of `data`, raised whenever its shape changes. All times are
 * ISO 8601 UTC. Each event that changes when the schedule runs next carries `nextRunAt` as
 * decided (null: it has no next run), so folding the events needs no cron library.
 */
interface ScheduleEventOf<Type extends string, Data> {
  readonly type: Type;
  readonly version: 1;
  readonly data: Readonly<Data>;
}

/** The seed's `frequency` form a cron schedule was created from, kept to show it back. */
export interface ScheduleSeedFrequency {
  frequency: 'hourly' | 'daily' | 'weekly';
  /** HH:MM (hourly uses only the minutes). */
  time: string;
  /** Weekly only: monday .. sunday. */
  day?: string;
}

/** When a schedule fires, as stored. */
export type ScheduleSpec =
  /** Once, at `runAt`. */
  | { kind: 'once'; runAt: string }
  /** Every `intervalMinutes`, counted from `anchorAt` (when it was created or its timing last changed). */
  | { kind: 'interval'; intervalMinutes: number; anchorAt: string }
  /** A five-field cron expression read in the IANA time zone `timezone`. */
  | { kind: 'cron'; cron: string; timezone: string; seed?: ScheduleSeedFrequency };

/** The job each firing creates (the create-job request's fields). */
export interface ScheduleJobTemplate {
  name: string;
  plugins: readonly string[];
  credentialId: string;
  config?: Readonly<Record<string, unknown>>;
}

export interface ScheduleFiringError {
  code: string;
  message: string;
}

export type ScheduleCreated = ScheduleEventOf<
  'ScheduleCreated',
  {
    scheduleId: string;
    tenantId: string;
    name: string;
    enabled: boolean;
    spec: ScheduleSpec;
    jobTemplate: ScheduleJobTemplate;
    nextRunAt: string | null;
    createdAt: string;
  }
>;
/** What changed (only the fields given), and the next run as it now stands. */
export type ScheduleUpdated = ScheduleEventOf<
  'ScheduleUpdated',
  {
    scheduleId: string;
    changes: Readonly<{ name?: string; enabled?: boolean; spec?: ScheduleSpec; jobTemplate?: ScheduleJobTemplate }>;
    nextRunAt: string | null;
    updatedAt: string;
  }
>;
export type ScheduleDeleted = ScheduleEventOf<'ScheduleDeleted', { scheduleId: string; deletedAt: string }>;
/**
 * A firing created its job. `dueAt` is the due time it fired for (for a run asked for by hand,
 * when it was asked); the job was created with `idempotencyKey`, so a retried firing finds the
 * same job. `manual` marks a run asked for by hand (it does not move the cadence).
 */
export type ScheduleFired = ScheduleEventOf<
  'ScheduleFired',
  { scheduleId: string; dueAt: string; jobId: string; idempotencyKey: string; firedAt: string; manual?: true; nextRunAt: string | null }
>;
/** A firing could not create its job (credential deleted, plugin unavailable); the due time is spent. */
export type ScheduleFiringFailed = ScheduleEventOf<
  'ScheduleFiringFailed',
  { scheduleId: string; dueAt: string; error: ScheduleFiringError; consecutiveFailures: number; failedAt: string; nextRunAt: string | null }
>;
/** The schedule stopped firing by itself (after failed firings), and why. */
export type ScheduleDisabled = ScheduleEventOf<'ScheduleDisabled', { scheduleId: string; reason: string; disabledAt: string }>;

export type ScheduleEvent = ScheduleCreated | ScheduleUpdated | ScheduleDeleted | ScheduleFired | ScheduleFiringFailed | ScheduleDisabled;

export type ScheduleEventType = ScheduleEvent['type'];

/** Event category used in `events.<tenant>.<category>.<type>` subjects and stream names. */
export const SCHEDULE_CATEGORY = 'schedule';
export const scheduleStreamName = (scheduleId: string): string => `${SCHEDULE_CATEGORY}-${scheduleId}`;
