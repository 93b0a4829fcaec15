import { z } from 'zod';
import { createJobRequestSchema } from '../api/jobs';
import { printableText } from '../api/text';
import { cronProblem, isIanaTimeZone, SEED_FREQUENCIES, unknownTimeZoneMessage, WEEK_DAYS } from './schedule-timing';

export const INTERVAL_MINUTES_MESSAGE = 'interval_minutes must be > 0';
export const TIME_MESSAGE = 'time must be HH:MM (00:00 to 23:59)';
export const WEEKLY_DAY_MESSAGE = 'day is required when frequency is weekly';
export const DAY_NOT_WEEKLY_MESSAGE = 'day is only for frequency weekly';
export const ONE_TIMING_MESSAGE = 'give exactly one of run_at, interval_minutes, cron or frequency';
export const TIMEZONE_WITHOUT_CRON_MESSAGE = 'timezone goes with cron or frequency';

/** The job each firing creates: the create-job request's fields. */
export const scheduleJobTemplateSchema = createJobRequestSchema;

export const timeZoneSchema = z
  .string()
  .superRefine((name, context) => {
    if (!isIanaTimeZone(name)) context.addIssue({ code: 'custom', message: unknownTimeZoneMessage(name) });
  })
  .describe('IANA time zone, e.g. "Europe/Berlin"; default UTC');

export const cronSchema = z
  .string()
  .superRefine((expression, context) => {
    const problem = cronProblem(expression);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .describe('Five-field cron expression (minute hour day-of-month month day-of-week), read in `timezone`');

export const intervalMinutesSchema = z
  .number()
  .int('interval_minutes must be a whole number')
  .refine((minutes) => minutes > 0, INTERVAL_MINUTES_MESSAGE)
  .describe('Fire every this many minutes, counted from when the timing was set');

const timing = {
  run_at: z.iso.datetime({ offset: true }).optional().describe('Fire once, at this time (ISO 8601)'),
  interval_minutes: intervalMinutesSchema.optional(),
  cron: cronSchema.optional(),
  timezone: timeZoneSchema.optional(),
  frequency: z.enum(SEED_FREQUENCIES).optional().describe('The simple form: hourly, daily or weekly at `time` (and `day`), read in `timezone`'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, TIME_MESSAGE).optional().describe('HH:MM; hourly uses the minutes'),
  day: z.enum(WEEK_DAYS).optional().describe('Weekly only: monday .. sunday'),
};

interface TimingFields {
  run_at?: string | undefined;
  interval_minutes?: number | undefined;
  cron?: string | undefined;
  timezone?: string | undefined;
  frequency?: string | undefined;
  time?: string | undefined;
  day?: string | undefined;
}

/** One timing of the four forms, complete; `required` false lets a patch leave the timing alone. */
function checkTiming(body: TimingFields, context: z.RefinementCtx, required: boolean): void {
  const given = [body.run_at, body.interval_minutes, body.cron, body.frequency].filter((field) => field !== undefined).length;
  if (given > 1 || (required && given === 0)) context.addIssue({ code: 'custom', message: ONE_TIMING_MESSAGE });
  if (body.timezone !== undefined && body.cron === undefined && body.frequency === undefined) {
    context.addIssue({ code: 'custom', path: ['timezone'], message: TIMEZONE_WITHOUT_CRON_MESSAGE });
  }
  if (body.frequency === undefined) {
    for (const field of ['time', 'day'] as const) {
      if (body[field] !== undefined) context.addIssue({ code: 'custom', path: [field], message: `${field} goes with frequency` });
    }
    return;
  }
  if (body.frequency !== 'hourly' && body.time === undefined) context.addIssue({ code: 'custom', path: ['time'], message: TIME_MESSAGE });
  if (body.frequency === 'weekly' && body.day === undefined) context.addIssue({ code: 'custom', path: ['day'], message: WEEKLY_DAY_MESSAGE });
  if (body.frequency !== 'weekly' && body.day !== undefined) context.addIssue({ code: 'custom', path: ['day'], message: DAY_NOT_WEEKLY_MESSAGE });
}

/**
 * `POST /schedules`: a job template and exactly one timing: `run_at` (once), `interval_minutes`,
 * `cron` (+ `timezone`), or the seed's `frequency` + `time` (+ `day`) (+ `timezone`).
 */
export const createScheduleRequestSchema = z
  .object({
    type: z.literal('discovery').optional().describe('What each firing runs; discovery only'),
    name: printableText(200).optional().describe('Default: schedule-<timestamp>'),
    enabled: z.boolean().optional().describe('Default true'),
    job_template: scheduleJobTemplateSchema,
    ...timing,
  })
  .strict()
  .superRefine((body, context) => checkTiming(body, context, true))
  .meta({ id: 'CreateScheduleRequest' });

export type CreateScheduleRequest = z.infer<typeof createScheduleRequestSchema>;

/** `PATCH /schedules/{id}`: only what changes; a timing given replaces the whole timing. */
export const patchScheduleRequestSchema = z
  .object({
    name: printableText(200).optional(),
    enabled: z.boolean().optional(),
    job_template: scheduleJobTemplateSchema.optional(),
    ...timing,
  })
  .strict()
  .superRefine((body, context) => checkTiming(body, context, false))
  .meta({ id: 'PatchScheduleRequest' });

export type PatchScheduleRequest = z.infer<typeof patchScheduleRequestSchema>;
