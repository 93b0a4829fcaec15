import type { ScheduleEvent } from '@strata/contracts';
import { evolveScheduleView, type ScheduleView } from './schedule-view';

const scheduleId = 'sched-1';
const T0 = '2026-12-05T10:00:00.000Z';
const D1 = '2026-12-06T02:00:00.000Z';
const D2 = '2026-12-07T02:00:00.000Z';
const created: ScheduleEvent = {
  type: 'ScheduleCreated',
  version: 1,
  data: {
    scheduleId,
    tenantId: 'acme-corp',
    name: 'Nightly',
    enabled: true,
    spec: { kind: 'cron', cron: '0 2 * * *', timezone: 'UTC', seed: { frequency: 'daily', time: '02:00' } },
    jobTemplate: { name: 'Nightly', plugins: ['aws'], credentialId: 'cred-1', config: { regions: ['us-east-1'] } },
    nextRunAt: D1,
    createdAt: T0,
  },
};
const fold = (events: ScheduleEvent[]): ScheduleView | undefined => events.reduce(evolveScheduleView, undefined as ScheduleView | undefined);
const error = { code: 'plugin_unavailable', message: 'plugin aws is not available' };

describe('schedule view', () => {
  it('shows a new schedule in the API shape', () => {
    expect(fold([created])).toEqual({
      id: scheduleId,
      tenant_id: 'acme-corp',
      type: 'discovery',
      name: 'Nightly',
      enabled: true,
      run_at: null,
      interval_minutes: null,
      cron: '0 2 * * *',
      timezone: 'UTC',
      frequency: 'daily',
      time: '02:00',
      next_run_at: D1,
      last_run_at: null,
      last_job_id: null,
      last_error: null,
      consecutive_failures: 0,
      disabled_reason: null,
      job_template: { name: 'Nightly', plugins: ['aws'], credential_id: 'cred-1', config: { regions: ['us-east-1'] } },
      created_at: T0,
      updated_at: T0,
    });
  });

  it('shows firings, failures and disabling', () => {
    const firedAt = '2026-12-06T02:00:03.000Z';
    const afterFired = fold([created, { type: 'ScheduleFired', version: 1, data: { scheduleId, dueAt: D1, jobId: 'job-1', idempotencyKey: 'k', firedAt, nextRunAt: D2 } }]);
    expect(afterFired).toMatchObject({ last_run_at: firedAt, last_job_id: 'job-1', next_run_at: D2, updated_at: firedAt, last_error: null });

    const failed: ScheduleEvent = { type: 'ScheduleFiringFailed', version: 1, data: { scheduleId, dueAt: D2, error, consecutiveFailures: 5, failedAt: D2, nextRunAt: '2026-12-08T02:00:00.000Z' } };
    const disabled: ScheduleEvent = { type: 'ScheduleDisabled', version: 1, data: { scheduleId, reason: 'disabled after 5 failed firings in a row: plugin aws is not available', disabledAt: D2 } };
    expect(fold([created, failed, disabled])).toMatchObject({
      enabled: false,
      next_run_at: null,
      last_error: error,
      consecutive_failures: 5,
      disabled_reason: 'disabled after 5 failed firings in a row: plugin aws is not available',
      updated_at: D2,
    });
  });

  it('applies an update: a new timing replaces the old fields, enabling clears the reason and the count', () => {
    const disabled: ScheduleEvent = { type: 'ScheduleDisabled', version: 1, data: { scheduleId, reason: 'r', disabledAt: D1 } };
    const updated: ScheduleEvent = {
      type: 'ScheduleUpdated',
      version: 1,
      data: { scheduleId, changes: { enabled: true, name: 'Every 30', spec: { kind: 'interval', intervalMinutes: 30, anchorAt: D2 } }, nextRunAt: '2026-12-07T02:30:00.000Z', updatedAt: D2 },
    };
    const view = fold([created, disabled, updated])!;
    expect(view).toMatchObject({ enabled: true, name: 'Every 30', interval_minutes: 30, cron: null, timezone: null, disabled_reason: null, next_run_at: '2026-12-07T02:30:00.000Z', updated_at: D2 });
    expect(view).not.toHaveProperty('frequency');
  });

  it('is gone once deleted, and nothing before it was created', () => {
    expect(fold([created, { type: 'ScheduleDeleted', version: 1, data: { scheduleId, deletedAt: D1 } }])).toBeUndefined();
    expect(fold([{ type: 'ScheduleDisabled', version: 1, data: { scheduleId, reason: 'r', disabledAt: D1 } }])).toBeUndefined();
  });
});
