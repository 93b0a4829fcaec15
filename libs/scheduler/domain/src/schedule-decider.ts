import { cronProblem, isIanaTimeZone, unknownTimeZoneMessage, INTERVAL_MINUTES_MESSAGE, type ScheduleEvent, type ScheduleJobTemplate, type ScheduleSpec } from '@strata/contracts';
import { assertNever, type Decider } from '@strata/shared-domain';
import type { ScheduleCommand, ScheduleTiming } from './schedule-commands';
import {
  InvalidScheduleError,
  ScheduleAlreadyExistsError,
  ScheduleAlreadyFiredError,
  ScheduleDisabledError,
  ScheduleNotDueError,
  ScheduleNotFoundError,
} from './schedule-errors';
import type { ExistingSchedule, ScheduleState } from './schedule-state';
import { firstRunAt, idempotencyKey, latestRunAtOrBefore, nextRunAfter, runNowIdempotencyKey, seedFrequencyToCron } from './schedule-timing';

/** Failed firings in a row after which a schedule disables itself. */
export const MAX_CONSECUTIVE_FAILURES = 5;

/**
 * The Schedule aggregate. A schedule fires at most once per due time, and its due times only
 * grow: `RecordFiring` and `RecordFiringFailure` each settle one due time, refusing one at or
 * before the last settled (a redelivery of the very same outcome decides to nothing). Which due
 * time to fire is `dueFiring`'s answer (one catch-up after downtime); this decider checks it is
 * due (not in the future, not before the next run, one of the schedule's due times).
 */
export const scheduleDecider: Decider<ScheduleCommand, ScheduleEvent, ScheduleState> = {
  initialState: () => ({ kind: 'none' }),
  decide,
  evolve,
};

const NO_EVENTS: readonly ScheduleEvent[] = [];

type CommandOf<Type extends ScheduleCommand['type']> = Extract<ScheduleCommand, { type: Type }>;

function decide(command: ScheduleCommand, state: ScheduleState): readonly ScheduleEvent[] {
  if (command.type === 'CreateSchedule') return decideCreate(command, state);
  if (state.kind !== 'schedule') throw new ScheduleNotFoundError();
  switch (command.type) {
    case 'UpdateSchedule':
      return decideUpdate(command, state);
    case 'DeleteSchedule':
      return [{ type: 'ScheduleDeleted', version: 1, data: { scheduleId: state.scheduleId, deletedAt: command.now } }];
    case 'RecordFiring':
      return decideRecordFiring(command, state);
    case 'RecordFiringFailure':
      return decideRecordFiringFailure(command, state);
    case 'RunNow':
      return decideRunNow(command, state);
    default:
      return assertNever(command);
  }
}

/** `schedule-<timestamp>`: the creation time, to the second, in ISO 8601's basic form. */
export function defaultScheduleName(now: string): string {
  return `schedule-${new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}`;
}

function decideCreate(command: CommandOf<'CreateSchedule'>, state: ScheduleState): readonly ScheduleEvent[] {
  if (state.kind !== 'none') throw new ScheduleAlreadyExistsError(command.scheduleId);
  checkTemplate(command.jobTemplate);
  const spec = specOf(command.timing, command.now);
  const enabled = command.enabled ?? true;
  return [
    {
      type: 'ScheduleCreated',
      version: 1,
      data: {
        scheduleId: command.scheduleId,
        tenantId: command.tenantId,
        name: command.name ?? defaultScheduleName(command.now),
        enabled,
        spec,
        jobTemplate: command.jobTemplate,
        nextRunAt: enabled ? isoOrNull(firstRunAt(spec, new Date(command.now))) : null,
        createdAt: command.now,
      },
    },
  ];
}

function decideUpdate(command: CommandOf<'UpdateSchedule'>, state: ExistingSchedule): readonly ScheduleEvent[] {
  const { name, enabled, timing, jobTemplate, now } = command;
  if (name === undefined && enabled === undefined && timing === undefined && jobTemplate === undefined) return NO_EVENTS;
  if (jobTemplate) checkTemplate(jobTemplate);
  const spec = timing ? specOf(timing, now) : state.spec;
  const willBeEnabled = enabled ?? state.enabled;
  return [
    {
      type: 'ScheduleUpdated',
      version: 1,
      data: {
        scheduleId: state.scheduleId,
        changes: {
          ...(name === undefined ? {} : { name }),
          ...(enabled === undefined ? {} : { enabled }),
          ...(timing === undefined ? {} : { spec }),
          ...(jobTemplate === undefined ? {} : { jobTemplate }),
        },
        nextRunAt: willBeEnabled ? nextRunAtAfterUpdate(state, spec, timing !== undefined, new Date(now)) : null,
        updatedAt: now,
      },
    },
  ];
}

/**
 * The next run once an update is applied: from `now` for a new timing or a schedule enabled
 * again (no catch-up for what passed while it was disabled; a one-off not fired yet still fires),
 * else unchanged (a rename must not skip a due time about to fire). Never at or before the last
 * due time settled, so due times only grow.
 */
function nextRunAtAfterUpdate(state: ExistingSchedule, spec: ScheduleSpec, newTiming: boolean, now: Date): string | null {
  let next: Date | null;
  if (newTiming) next = firstRunAt(spec, now);
  else if (!state.enabled) next = spec.kind === 'once' ? (state.lastDueAt === undefined ? new Date(spec.runAt) : null) : nextRunAfter(spec, now);
  else return state.nextRunAt;
  if (next !== null && state.lastDueAt !== undefined && next.getTime() <= Date.parse(state.lastDueAt)) next = nextRunAfter(spec, new Date(state.lastDueAt));
  return isoOrNull(next);
}

/** The due time a firing is recorded for, once checked to be due and not settled before. */
function checkedDueAt(command: { dueAt: string; now: string }, state: ExistingSchedule): string {
  const due = Date.parse(command.dueAt);
  if (Number.isNaN(due)) throw new InvalidScheduleError(`dueAt ${command.dueAt} is not a time`);
  const dueAt = new Date(due).toISOString();
  if (state.lastDueAt !== undefined && due <= Date.parse(state.lastDueAt)) throw new ScheduleAlreadyFiredError(dueAt);
  if (!state.enabled) throw new ScheduleDisabledError(state.disabledReason);
  if (due > Date.parse(command.now)) throw new ScheduleNotDueError(dueAt, 'it is in the future');
  if (state.nextRunAt === null) throw new ScheduleNotDueError(dueAt, 'it has no next run');
  if (due < Date.parse(state.nextRunAt)) throw new ScheduleNotDueError(dueAt, `its next run is ${state.nextRunAt}`);
  if (latestRunAtOrBefore(state.spec, new Date(due))?.getTime() !== due) throw new ScheduleNotDueError(dueAt, 'it is not one of its due times');
  return dueAt;
}

const sameTime = (a: string | undefined, b: string): boolean => a !== undefined && Date.parse(a) === Date.parse(b);

function decideRecordFiring(command: CommandOf<'RecordFiring'>, state: ExistingSchedule): readonly ScheduleEvent[] {
  // The same firing recorded again (a redelivery): already done.
  if (sameTime(state.lastDueAt, command.dueAt) && state.lastDueJobId === command.jobId) return NO_EVENTS;
  const dueAt = checkedDueAt(command, state);
  const { scheduleId } = state;
  return [
    {
      type: 'ScheduleFired',
      version: 1,
      data: {
        scheduleId,
        dueAt,
        jobId: command.jobId,
        idempotencyKey: idempotencyKey(scheduleId, dueAt),
        firedAt: command.now,
        nextRunAt: isoOrNull(nextRunAfter(state.spec, new Date(dueAt))),
      },
    },
  ];
}

function decideRecordFiringFailure(command: CommandOf<'RecordFiringFailure'>, state: ExistingSchedule): readonly ScheduleEvent[] {
  // The same failure recorded again: already done (a due time that fired is not failed after).
  if (sameTime(state.lastDueAt, command.dueAt) && state.lastDueJobId === undefined) return NO_EVENTS;
  const dueAt = checkedDueAt(command, state);
  const { scheduleId } = state;
  const consecutiveFailures = state.consecutiveFailures + 1;
  const failed: ScheduleEvent = {
    type: 'ScheduleFiringFailed',
    version: 1,
    data: {
      scheduleId,
      dueAt,
      error: command.error,
      consecutiveFailures,
      failedAt: command.now,
      nextRunAt: isoOrNull(nextRunAfter(state.spec, new Date(dueAt))),
    },
  };
  if (consecutiveFailures < MAX_CONSECUTIVE_FAILURES) return [failed];
  return [
    failed,
    {
      type: 'ScheduleDisabled',
      version: 1,
      data: { scheduleId, reason: `disabled after ${MAX_CONSECUTIVE_FAILURES} failed firings in a row: ${command.error.message}`, disabledAt: command.now },
    },
  ];
}

function decideRunNow(command: CommandOf<'RunNow'>, state: ExistingSchedule): readonly ScheduleEvent[] {
  if (state.lastJobId === command.jobId) return NO_EVENTS;
  if (!state.enabled) throw new ScheduleDisabledError(state.disabledReason);
  const { scheduleId } = state;
  return [
    {
      type: 'ScheduleFired',
      version: 1,
      data: {
        scheduleId,
        dueAt: command.now,
        jobId: command.jobId,
        idempotencyKey: runNowIdempotencyKey(scheduleId, command.now),
        firedAt: command.now,
        manual: true,
        // A run by hand leaves the cadence as it is.
        nextRunAt: state.nextRunAt,
      },
    },
  ];
}

function isoOrNull(time: Date | null): string | null {
  return time === null ? null : time.toISOString();
}

function checkTemplate(template: ScheduleJobTemplate): void {
  if (template.plugins.length === 0) throw new InvalidScheduleError('job_template needs at least one plugin');
  if (new Set(template.plugins).size !== template.plugins.length) throw new InvalidScheduleError('job_template lists a plugin twice');
}

/** The stored spec of a timing asked for at `now`, or InvalidScheduleError with the API's message. */
export function specOf(timing: ScheduleTiming, now: string): ScheduleSpec {
  switch (timing.kind) {
    case 'once': {
      const runAt = Date.parse(timing.runAt);
      if (Number.isNaN(runAt)) throw new InvalidScheduleError(`run_at ${timing.runAt} is not a time`);
      return { kind: 'once', runAt: new Date(runAt).toISOString() };
    }
    case 'interval':
      if (!Number.isInteger(timing.intervalMinutes) || timing.intervalMinutes <= 0) throw new InvalidScheduleError(INTERVAL_MINUTES_MESSAGE);
      return { kind: 'interval', intervalMinutes: timing.intervalMinutes, anchorAt: now };
    case 'cron':
      return { kind: 'cron', cron: checkedCron(timing.cron), timezone: checkedTimeZone(timing.timezone) };
    case 'frequency': {
      if (timing.time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(timing.time)) throw new InvalidScheduleError('time must be HH:MM (00:00 to 23:59)');
      const seed = { frequency: timing.frequency, time: timing.time ?? '00:00', ...(timing.day === undefined ? {} : { day: timing.day.toLowerCase() }) };
      let cron: string;
      try {
        cron = seedFrequencyToCron(seed);
      } catch (error) {
        throw new InvalidScheduleError((error as Error).message);
      }
      if (timing.frequency !== 'weekly' && timing.day !== undefined) throw new InvalidScheduleError('day is only for frequency weekly');
      return { kind: 'cron', cron, timezone: checkedTimeZone(timing.timezone), seed };
    }
    default:
      return assertNever(timing);
  }
}

function checkedCron(expression: string): string {
  const problem = cronProblem(expression);
  if (problem) throw new InvalidScheduleError(problem);
  return expression.trim();
}

function checkedTimeZone(timezone = 'UTC'): string {
  if (!isIanaTimeZone(timezone)) throw new InvalidScheduleError(unknownTimeZoneMessage(timezone));
  return timezone;
}

function evolve(state: ScheduleState, event: ScheduleEvent): ScheduleState {
  if (event.type === 'ScheduleCreated') {
    const { data } = event;
    return {
      kind: 'schedule',
      scheduleId: data.scheduleId,
      tenantId: data.tenantId,
      name: data.name,
      enabled: data.enabled,
      spec: data.spec,
      jobTemplate: data.jobTemplate,
      nextRunAt: data.nextRunAt,
      consecutiveFailures: 0,
    };
  }
  if (state.kind !== 'schedule') return state;
  switch (event.type) {
    case 'ScheduleUpdated': {
      const { changes, nextRunAt } = event.data;
      const next: ExistingSchedule = { ...state, ...changes, nextRunAt };
      if (changes.enabled === undefined) return next;
      // Enabled or disabled by hand: the failure count and the reason it disabled itself go.
      const { disabledReason: _reason, ...rest } = next;
      return { ...rest, consecutiveFailures: changes.enabled ? 0 : state.consecutiveFailures };
    }
    case 'ScheduleDeleted':
      return { kind: 'deleted', scheduleId: state.scheduleId };
    case 'ScheduleFired': {
      const { dueAt, jobId, firedAt, manual, nextRunAt } = event.data;
      const { lastError: _error, ...rest } = state;
      const fired = { ...rest, lastRunAt: firedAt, lastJobId: jobId, consecutiveFailures: 0, nextRunAt };
      return manual ? fired : { ...fired, lastDueAt: dueAt, lastDueJobId: jobId };
    }
    case 'ScheduleFiringFailed': {
      const { dueAt, error, consecutiveFailures, nextRunAt } = event.data;
      const { lastDueJobId: _job, ...rest } = state;
      return { ...rest, lastDueAt: dueAt, lastError: error, consecutiveFailures, nextRunAt };
    }
    case 'ScheduleDisabled':
      return { ...state, enabled: false, nextRunAt: null, disabledReason: event.data.reason };
    default:
      return assertNever(event);
  }
}
