import { createScheduleRequestSchema } from '@strata/contracts';
import { jobTemplateFromRequest, scheduleTimingFromRequest } from './schedule-requests';

const job_template = { name: 'Nightly', plugins: ['aws'], credential_id: 'cred-1' };

describe('schedule requests to commands', () => {
  it.each([
    [{ run_at: '2026-12-24T18:00:00Z' }, { kind: 'once', runAt: '2026-12-24T18:00:00Z' }],
    [{ interval_minutes: 15 }, { kind: 'interval', intervalMinutes: 15 }],
    [{ cron: '30 2 * * *', timezone: 'Europe/Berlin' }, { kind: 'cron', cron: '30 2 * * *', timezone: 'Europe/Berlin' }],
    [{ frequency: 'weekly', day: 'monday', time: '09:00', timezone: 'UTC' }, { kind: 'frequency', frequency: 'weekly', day: 'monday', time: '09:00', timezone: 'UTC' }],
  ])('%j is the timing %j', (timing, expected) => {
    const body = createScheduleRequestSchema.parse({ job_template, ...timing });
    expect(scheduleTimingFromRequest(body)).toEqual(expected);
  });

  it('leaves the timing alone for a patch without one', () => expect(scheduleTimingFromRequest({})).toBeUndefined());

  it('maps the job template to the events’ terms', () =>
    expect(jobTemplateFromRequest({ ...job_template, config: { regions: ['eu-west-1'] } })).toEqual({ name: 'Nightly', plugins: ['aws'], credentialId: 'cred-1', config: { regions: ['eu-west-1'] } }));
});
