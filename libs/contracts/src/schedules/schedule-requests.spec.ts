import type { z } from 'zod';
import { createScheduleRequestSchema, patchScheduleRequestSchema } from './schedule-requests';
import { cronProblem, isIanaTimeZone } from './schedule-timing';

const job_template = { name: 'Nightly', plugins: ['aws'], credential_id: 'cred-1' };
const messages = (body: unknown, schema: z.ZodType = createScheduleRequestSchema): string[] => {
  const result = schema.safeParse(body);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('schedule request schemas', () => {
  it.each([
    ['a one-off', { job_template, run_at: '2026-12-24T18:00:00Z' }],
    ['an interval', { job_template, interval_minutes: 30 }],
    ['a cron with its time zone', { job_template, cron: '30 2 * * *', timezone: 'Europe/Berlin' }],
    ["seed 000's daily form", { type: 'discovery', job_template, frequency: 'daily', time: '02:00', timezone: 'UTC' }],
    ["seed 000's hourly form", { job_template, frequency: 'hourly' }],
    ["seed 000's weekly form", { job_template, frequency: 'weekly', day: 'monday', time: '09:00', timezone: 'America/New_York' }],
  ])('takes %s', (_, body) => expect(messages(body)).toEqual([]));

  it('says interval_minutes must be > 0', () => {
    expect(messages({ job_template, interval_minutes: 0 })).toEqual(['interval_minutes must be > 0']);
    expect(messages({ job_template, interval_minutes: -5 })).toEqual(['interval_minutes must be > 0']);
  });

  it('names an unknown time zone', () => {
    expect(messages({ job_template, cron: '0 * * * *', timezone: 'Mars/Olympus' })).toEqual([
      'unknown time zone "Mars/Olympus": expected an IANA name such as "Europe/Berlin" or "UTC"',
    ]);
    expect(messages({ job_template, frequency: 'daily', time: '02:00', timezone: '+01:00' })[0]).toContain('"+01:00"');
  });

  it('knows IANA names, links and UTC, and refuses offsets', () => {
    for (const name of ['UTC', 'Etc/UTC', 'Europe/Berlin', 'US/Eastern', 'Asia/Kolkata']) expect(isIanaTimeZone(name)).toBe(true);
    for (const name of ['', 'Mars/Olympus', '+01:00', '-05:00', 'Europe']) expect(isIanaTimeZone(name)).toBe(false);
  });

  it('refuses a cron expression croner cannot read, with seconds, or that never fires', () => {
    expect(cronProblem('61 * * * *')).toMatch(/^invalid cron expression/);
    expect(cronProblem('0 0 * * * *')).toMatch(/5 fields/);
    expect(cronProblem('0 0 30 2 *')).toBe('cron never fires');
    expect(messages({ job_template, cron: 'every day' })).toHaveLength(1);
  });

  it('wants exactly one timing', () => {
    expect(messages({ job_template })).toEqual(['give exactly one of run_at, interval_minutes, cron or frequency']);
    expect(messages({ job_template, interval_minutes: 5, cron: '0 * * * *' })).toEqual(['give exactly one of run_at, interval_minutes, cron or frequency']);
  });

  it('checks the seed form: time, and day for weekly only', () => {
    expect(messages({ job_template, frequency: 'daily' })).toEqual(['time must be HH:MM (00:00 to 23:59)']);
    expect(messages({ job_template, frequency: 'daily', time: '24:00' })).toEqual(['time must be HH:MM (00:00 to 23:59)']);
    expect(messages({ job_template, frequency: 'weekly', time: '09:00' })).toEqual(['day is required when frequency is weekly']);
    expect(messages({ job_template, frequency: 'daily', time: '09:00', day: 'monday' })).toEqual(['day is only for frequency weekly']);
    expect(messages({ job_template, interval_minutes: 5, timezone: 'UTC' })).toEqual(['timezone goes with cron or frequency']);
  });

  it('validates the job template as a create-job request', () => {
    expect(messages({ job_template: { ...job_template, plugins: [] }, interval_minutes: 5 })).toHaveLength(1);
    expect(messages({ interval_minutes: 5 })).toHaveLength(1);
  });

  it('patches only what is given; a timing in a patch is complete', () => {
    expect(messages({ enabled: false }, patchScheduleRequestSchema)).toEqual([]);
    expect(messages({ interval_minutes: 0 }, patchScheduleRequestSchema)).toEqual(['interval_minutes must be > 0']);
    expect(messages({ timezone: 'UTC' }, patchScheduleRequestSchema)).toEqual(['timezone goes with cron or frequency']);
    expect(messages({ unknown: 1 }, patchScheduleRequestSchema)).toHaveLength(1);
  });
});
