import { z } from 'zod';
import { wholeNumberParam } from '@strata/contracts';

/** `GET /schedules/{scheduleID}` and what the writes answer with: the read model's document. */
export const scheduleSchema = z
  .object({
    id: z.string().describe('sched-<16 hex>'),
    tenant_id: z.string(),
    type: z.literal('discovery'),
    name: z.string(),
    enabled: z.boolean(),
    run_at: z.string().nullable().describe('One-off schedules: when it fires'),
    interval_minutes: z.number().int().nullable(),
    cron: z.string().nullable().describe('Cron schedules (and the seed form, stored as cron)'),
    timezone: z.string().nullable(),
    frequency: z.enum(['hourly', 'daily', 'weekly']).optional().describe('Shown back for schedules created in the seed form'),
    time: z.string().optional(),
    day: z.string().optional(),
    next_run_at: z.string().nullable().describe('Null while disabled, and for a one-off that has fired'),
    last_run_at: z.string().nullable(),
    last_job_id: z.string().nullable(),
    last_error: z.object({ code: z.string(), message: z.string() }).nullable(),
    consecutive_failures: z.number().int(),
    disabled_reason: z.string().nullable(),
    job_template: z.object({ name: z.string(), plugins: z.array(z.string()), credential_id: z.string(), config: z.record(z.string(), z.unknown()).optional() }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Schedule' });

export const DEFAULT_SCHEDULE_PAGE = 50;
export const MAX_SCHEDULE_PAGE = 200;

export const listSchedulesQuerySchema = z
  .object({
    limit: wholeNumberParam({ min: 1, max: MAX_SCHEDULE_PAGE, fallback: DEFAULT_SCHEDULE_PAGE }).describe('Page size, 1 to 200 (default 50)'),
    cursor: z.string().min(1).optional().describe('page.next_cursor of the previous page'),
  })
  .strict();

export type ListSchedulesQuery = z.infer<typeof listSchedulesQuerySchema>;

export const scheduleListSchema = z
  .object({
    items: z.array(scheduleSchema),
    page: z.object({ limit: z.number().int(), next_cursor: z.string().nullable(), has_more: z.boolean() }),
  })
  .meta({ id: 'ScheduleList' });
