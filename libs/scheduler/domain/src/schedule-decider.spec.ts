import type { ScheduleEvent, ScheduleJobTemplate } from '@strata/contracts';
import { deciderSpec } from '@strata/testing';
import { defaultScheduleName, scheduleDecider } from './schedule-decider';
import {
  InvalidScheduleError,
  ScheduleAlreadyExistsError,
  ScheduleAlreadyFiredError,
  ScheduleDisabledError,
  ScheduleNotDueError,
  ScheduleNotFoundError,
} from './schedule-errors';
import { idempotencyKey, runNowIdempotencyKey } from './schedule-timing';

const spec = deciderSpec(scheduleDecider);
const scheduleId = 'sched-1';
const T0 = '2026-12-05T10:00:00.000Z';
const jobTemplate: ScheduleJobTemplate = { name: 'Nightly', plugins: ['aws'], credentialId: 'cred-1' };
const daily = { kind: 'cron', cron: '0 2 * * *', timezone: 'UTC' } as const;

const create = { type: 'CreateSchedule', scheduleId, tenantId: 'acme-corp', name: 'Nightly', timing: daily, jobTemplate, now: T0 } as const;
const created: ScheduleEvent = {
  type: 'ScheduleCreated',
  version: 1,
  data: { scheduleId, tenantId: 'acme-corp', name: 'Nightly', enabled: true, spec: daily, jobTemplate, nextRunAt: '2026-12-06T02:00:00.000Z', createdAt: T0 },
};
const D1 = '2026-12-06T02:00:00.000Z';
const D2 = '2026-12-07T02:00:00.000Z';
const D3 = '2026-12-08T02:00:00.000Z';
const fired = (dueAt: string, jobId: string, nextRunAt: string | null, firedAt = dueAt): ScheduleEvent => ({
  type: 'ScheduleFired',
  version: 1,
  data: { scheduleId, dueAt, jobId, idempotencyKey: idempotencyKey(scheduleId, dueAt), firedAt, nextRunAt },
});
const error = { code: 'credential_not_found', message: 'credential cred-1 was deleted' };
const failedAt = (dueAt: string, consecutiveFailures: number, nextRunAt: string | null): ScheduleEvent => ({
  type: 'ScheduleFiringFailed',
  version: 1,
  data: { scheduleId, dueAt, error, consecutiveFailures, failedAt: dueAt, nextRunAt },
});
const nextDay = (iso: string) => new Date(Date.parse(iso) + 86_400_000).toISOString();

describe('Schedule decider', () => {
  describe('CreateSchedule', () => {
    it('creates it with its first run', () => spec.given([]).when(create).then([created]));

    it('names it schedule-<timestamp> when no name is given', () => {
      const state = spec.given([]).when({ ...create, name: undefined }).thenState();
      expect(state).toMatchObject({ name: 'schedule-20261205T100000Z' });
      expect(defaultScheduleName('2026-12-05T10:00:00.123Z')).toBe('schedule-20261205T100000Z');
    });

    it('stores the seed form as cron, in its time zone, and keeps the form', () => {
      const state = spec
        .given([])
        .when({ ...create, timing: { kind: 'frequency', frequency: 'weekly', day: 'monday', time: '09:30', timezone: 'Europe/Berlin' } })
        .thenState();
      expect(state).toMatchObject({
        spec: { kind: 'cron', cron: '30 9 * * 1', timezone: 'Europe/Berlin', seed: { frequency: 'weekly', time: '09:30', day: 'monday' } },
        nextRunAt: '2026-12-07T08:30:00.000Z',
      });
      expect(spec.given([]).when({ ...create, timing: { kind: 'frequency', frequency: 'hourly' } }).thenState()).toMatchObject({
        spec: { cron: '0 * * * *', timezone: 'UTC' },
        nextRunAt: '2026-12-05T11:00:00.000Z',
      });
    });

    it('anchors an interval at creation: the first run one interval later', () => {
      expect(spec.given([]).when({ ...create, timing: { kind: 'interval', intervalMinutes: 30 } }).thenState()).toMatchObject({
        spec: { kind: 'interval', intervalMinutes: 30, anchorAt: T0 },
        nextRunAt: '2026-12-05T10:30:00.000Z',
      });
    });

    it('has no next run when created disabled', () => {
      expect(spec.given([]).when({ ...create, enabled: false }).thenState()).toMatchObject({ enabled: false, nextRunAt: null });
    });

    it('refuses interval_minutes <= 0, an unknown time zone, a bad cron, weekly without a day, no plugins', () => {
      for (const timing of [
        { kind: 'interval', intervalMinutes: 0 },
        { kind: 'interval', intervalMinutes: 1.5 },
        { kind: 'cron', cron: '0 2 * * *', timezone: 'Mars/Olympus' },
        { kind: 'cron', cron: '99 2 * * *' },
        { kind: 'frequency', frequency: 'weekly', time: '09:00' },
        { kind: 'once', runAt: 'tomorrow' },
      ] as const) {
        spec.given([]).when({ ...create, timing }).thenThrows(InvalidScheduleError);
      }
      spec.given([]).when({ ...create, jobTemplate: { ...jobTemplate, plugins: [] } }).thenThrows(InvalidScheduleError);
      expect(() => scheduleDecider.decide({ ...create, timing: { kind: 'interval', intervalMinutes: -1 } }, { kind: 'none' })).toThrow('interval_minutes must be > 0');
    });

    it('refuses an id that exists', () => spec.given([created]).when(create).thenThrows(ScheduleAlreadyExistsError));
  });

  describe('UpdateSchedule', () => {
    it('records only what changed, and a new timing sets the next run from now', () => {
      const now = '2026-12-05T12:00:00.000Z';
      spec
        .given([created])
        .when({ type: 'UpdateSchedule', name: 'Hourly', timing: { kind: 'cron', cron: '0 * * * *' }, now })
        .then([
          {
            type: 'ScheduleUpdated',
            version: 1,
            data: { scheduleId, changes: { name: 'Hourly', spec: { kind: 'cron', cron: '0 * * * *', timezone: 'UTC' } }, nextRunAt: '2026-12-05T13:00:00.000Z', updatedAt: now },
          },
        ]);
    });

    it('keeps the next run on a rename (a due time about to fire is not skipped)', () => {
      expect(spec.given([created]).when({ type: 'UpdateSchedule', name: 'Renamed', now: '2026-12-06T02:00:30.000Z' }).thenState()).toMatchObject({ nextRunAt: D1 });
    });

    it('clears the next run when disabled, and sets it from now when enabled again (no catch-up)', () => {
      const disabled = spec.given([created]).when({ type: 'UpdateSchedule', enabled: false, now: T0 }).thenState();
      expect(disabled).toMatchObject({ enabled: false, nextRunAt: null });
      const off: ScheduleEvent = { type: 'ScheduleUpdated', version: 1, data: { scheduleId, changes: { enabled: false }, nextRunAt: null, updatedAt: T0 } };
      expect(spec.given([created, off]).when({ type: 'UpdateSchedule', enabled: true, now: '2026-12-09T12:00:00.000Z' }).thenState()).toMatchObject({
        enabled: true,
        nextRunAt: '2026-12-10T02:00:00.000Z',
      });
    });

    it('decides nothing for an empty patch', () => spec.given([created]).when({ type: 'UpdateSchedule', now: T0 }).thenNothingHappens());
    it('refuses a bad timing', () => spec.given([created]).when({ type: 'UpdateSchedule', timing: { kind: 'interval', intervalMinutes: 0 }, now: T0 }).thenThrows(InvalidScheduleError));
    it('refuses a schedule that does not exist', () => spec.given([]).when({ type: 'UpdateSchedule', name: 'x', now: T0 }).thenThrows(ScheduleNotFoundError));
  });

  describe('DeleteSchedule', () => {
    const deleted: ScheduleEvent = { type: 'ScheduleDeleted', version: 1, data: { scheduleId, deletedAt: T0 } };
    it('deletes it', () => spec.given([created]).when({ type: 'DeleteSchedule', now: T0 }).then([deleted]));
    it('then it is gone for every command', () => {
      spec.given([created, deleted]).when({ type: 'DeleteSchedule', now: T0 }).thenThrows(ScheduleNotFoundError);
      spec.given([created, deleted]).when({ type: 'RecordFiring', dueAt: D1, jobId: 'job-1', now: D1 }).thenThrows(ScheduleNotFoundError);
      spec.given([created, deleted]).when(create).thenThrows(ScheduleAlreadyExistsError);
    });
  });

  describe('RecordFiring', () => {
    it('records the job of a due time, keyed by schedule and due time, and the next run', () =>
      spec.given([created]).when({ type: 'RecordFiring', dueAt: D1, jobId: 'job-1', now: D1 }).then([fired(D1, 'job-1', D2)]));

    it('fires each due time once: the same firing again is nothing, another job for it is refused', () => {
      spec.given([created, fired(D1, 'job-1', D2)]).when({ type: 'RecordFiring', dueAt: D1, jobId: 'job-1', now: D2 }).thenNothingHappens();
      spec.given([created, fired(D1, 'job-1', D2)]).when({ type: 'RecordFiring', dueAt: D1, jobId: 'job-2', now: D2 }).thenThrows(ScheduleAlreadyFiredError);
      spec.given([created, fired(D2, 'job-2', D3)]).when({ type: 'RecordFiring', dueAt: D1, jobId: 'job-1', now: D2 }).thenThrows(ScheduleAlreadyFiredError);
    });

    it('refuses a due time in the future, before the next run, or not one of its due times', () => {
      spec.given([created]).when({ type: 'RecordFiring', dueAt: D1, jobId: 'job-1', now: T0 }).thenThrows(ScheduleNotDueError);
      spec.given([created, fired(D1, 'job-1', D2)]).when({ type: 'RecordFiring', dueAt: '2026-12-06T12:00:00.000Z', jobId: 'job-2', now: D3 }).thenThrows(ScheduleNotDueError);
      spec.given([created]).when({ type: 'RecordFiring', dueAt: '2026-12-06T02:30:00.000Z', jobId: 'job-1', now: D3 }).thenThrows(ScheduleNotDueError);
    });

    it('fires the catch-up for the latest missed due time, and the next run is the one after it', () =>
      spec.given([created]).when({ type: 'RecordFiring', dueAt: D3, jobId: 'job-1', now: '2026-12-08T09:00:00.000Z' }).then([fired(D3, 'job-1', '2026-12-09T02:00:00.000Z', '2026-12-08T09:00:00.000Z')]));

    it('never fires a disabled schedule', () => {
      const off: ScheduleEvent = { type: 'ScheduleUpdated', version: 1, data: { scheduleId, changes: { enabled: false }, nextRunAt: null, updatedAt: T0 } };
      spec.given([created, off]).when({ type: 'RecordFiring', dueAt: D1, jobId: 'job-1', now: D1 }).thenThrows(ScheduleDisabledError);
    });

    it('fires a one-off once, and then it has no next run', () => {
      const runAt = '2026-12-24T18:00:00.000Z';
      const once = spec.given([]).when({ ...create, timing: { kind: 'once', runAt } });
      const history = [...scheduleDecider.decide({ ...create, timing: { kind: 'once', runAt } }, { kind: 'none' })];
      expect(once.thenState()).toMatchObject({ nextRunAt: runAt });
      const first = scheduleDecider.decide({ type: 'RecordFiring', dueAt: runAt, jobId: 'job-1', now: runAt }, history.reduce(scheduleDecider.evolve, scheduleDecider.initialState()));
      expect(first).toEqual([{ type: 'ScheduleFired', version: 1, data: { scheduleId, dueAt: runAt, jobId: 'job-1', idempotencyKey: idempotencyKey(scheduleId, runAt), firedAt: runAt, nextRunAt: null } }]);
      spec.given([...history, ...first]).when({ type: 'RecordFiring', dueAt: runAt, jobId: 'job-2', now: nextDay(runAt) }).thenThrows(ScheduleAlreadyFiredError);
    });
  });

  describe('RecordFiringFailure', () => {
    it('records the error and how many failed in a row, and moves on to the next due time', () =>
      spec.given([created]).when({ type: 'RecordFiringFailure', dueAt: D1, error, now: D1 }).then([failedAt(D1, 1, D2)]));

    it('a success resets the count and the error', () => {
      const state = spec.given([created, failedAt(D1, 1, D2), failedAt(D2, 2, D3)]).when({ type: 'RecordFiring', dueAt: D3, jobId: 'job-3', now: D3 }).thenState();
      expect(state).toMatchObject({ consecutiveFailures: 0, lastJobId: 'job-3' });
      expect(state).not.toHaveProperty('lastError');
      spec.given([created, failedAt(D1, 1, D2), fired(D2, 'job-2', D3)]).when({ type: 'RecordFiringFailure', dueAt: D3, error, now: D3 }).then([failedAt(D3, 1, nextDay(D3))]);
    });

    it('disables the schedule after 5 failed firings in a row, with the reason', () => {
      const dues = [D1, D2, D3, nextDay(D3), nextDay(nextDay(D3))];
      const fourFailed = dues.slice(0, 4).map((dueAt, i) => failedAt(dueAt, i + 1, dues[i + 1]!));
      const fifth = dues[4]!;
      spec
        .given([created, ...fourFailed])
        .when({ type: 'RecordFiringFailure', dueAt: fifth, error, now: fifth })
        .then([
          failedAt(fifth, 5, nextDay(fifth)),
          { type: 'ScheduleDisabled', version: 1, data: { scheduleId, reason: 'disabled after 5 failed firings in a row: credential cred-1 was deleted', disabledAt: fifth } },
        ]);
      const disabled = spec.given([created, ...fourFailed]).when({ type: 'RecordFiringFailure', dueAt: fifth, error, now: fifth }).thenState();
      expect(disabled).toMatchObject({ enabled: false, nextRunAt: null, disabledReason: 'disabled after 5 failed firings in a row: credential cred-1 was deleted' });
    });

    it('a redelivered failure is nothing; a failure for a due time that fired is refused', () => {
      spec.given([created, failedAt(D1, 1, D2)]).when({ type: 'RecordFiringFailure', dueAt: D1, error, now: D2 }).thenNothingHappens();
      spec.given([created, fired(D1, 'job-1', D2)]).when({ type: 'RecordFiringFailure', dueAt: D1, error, now: D2 }).thenThrows(ScheduleAlreadyFiredError);
    });

    it('enabled again by hand, it starts counting afresh', () => {
      const on: ScheduleEvent = { type: 'ScheduleUpdated', version: 1, data: { scheduleId, changes: { enabled: true }, nextRunAt: D3, updatedAt: D2 } };
      const disabledEvent: ScheduleEvent = { type: 'ScheduleDisabled', version: 1, data: { scheduleId, reason: 'r', disabledAt: D1 } };
      const state = spec.given([created, failedAt(D1, 5, D2), disabledEvent, on]).when({ type: 'RecordFiringFailure', dueAt: D3, error, now: D3 }).thenState();
      expect(state).toMatchObject({ consecutiveFailures: 1, enabled: true });
      expect(state).not.toHaveProperty('disabledReason');
    });
  });

  describe('RunNow', () => {
    const now = '2026-12-05T15:00:00.000Z';
    it('fires now with its own key, leaving the cadence as it is', () =>
      spec
        .given([created])
        .when({ type: 'RunNow', jobId: 'job-manual', now })
        .then([
          { type: 'ScheduleFired', version: 1, data: { scheduleId, dueAt: now, jobId: 'job-manual', idempotencyKey: runNowIdempotencyKey(scheduleId, now), firedAt: now, manual: true, nextRunAt: D1 } },
        ]));

    it('does not settle a due time: the scheduled firing still comes', () => {
      const manual = scheduleDecider.decide({ type: 'RunNow', jobId: 'job-manual', now }, scheduleDecider.evolve(scheduleDecider.initialState(), created));
      spec.given([created, ...manual]).when({ type: 'RecordFiring', dueAt: D1, jobId: 'job-1', now: D1 }).then([fired(D1, 'job-1', D2)]);
      spec.given([created, ...manual]).when({ type: 'RunNow', jobId: 'job-manual', now }).thenNothingHappens();
    });

    it('refuses a disabled schedule', () => {
      const disabledEvent: ScheduleEvent = { type: 'ScheduleDisabled', version: 1, data: { scheduleId, reason: 'r', disabledAt: D1 } };
      spec.given([created, disabledEvent]).when({ type: 'RunNow', jobId: 'job-manual', now }).thenThrows(ScheduleDisabledError);
    });
  });
});
