import { z } from 'zod';
import type { ScheduleEvent, ScheduleEventType } from '../schedules/schedule-events';
import type { Assert, SameShape } from './same-shape';

// The `data` of each schedule event (libs/contracts/src/schedules/schedule-events.ts) as a zod
// schema, checked against the TypeScript type at compile time below.

const isoTime = z.string().describe('ISO 8601 UTC');
const nextRunAt = isoTime.nullable().describe('The next run as it now stands; null: none');
const seedFrequency = z.object({ frequency: z.enum(['hourly', 'daily', 'weekly']), time: z.string().describe('HH:MM'), day: z.string().optional() });
const scheduleSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), runAt: isoTime }),
  z.object({ kind: z.literal('interval'), intervalMinutes: z.number().int().positive(), anchorAt: isoTime }),
  z.object({ kind: z.literal('cron'), cron: z.string(), timezone: z.string().describe('IANA time zone'), seed: seedFrequency.optional() }),
]);
const jobTemplate = z.object({
  name: z.string(),
  plugins: z.array(z.string()),
  credentialId: z.string(),
  config: z.record(z.string(), z.unknown()).optional(),
});
const firingError = z.object({ code: z.string(), message: z.string() });

export const scheduleEventDataSchemas = {
  ScheduleCreated: z.object({
    scheduleId: z.string(),
    tenantId: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    spec: scheduleSpec,
    jobTemplate,
    nextRunAt,
    createdAt: isoTime,
  }),
  ScheduleUpdated: z.object({
    scheduleId: z.string(),
    changes: z.object({ name: z.string().optional(), enabled: z.boolean().optional(), spec: scheduleSpec.optional(), jobTemplate: jobTemplate.optional() }),
    nextRunAt,
    updatedAt: isoTime,
  }),
  ScheduleDeleted: z.object({ scheduleId: z.string(), deletedAt: isoTime }),
  ScheduleFired: z.object({
    scheduleId: z.string(),
    dueAt: isoTime,
    jobId: z.string(),
    idempotencyKey: z.string(),
    firedAt: isoTime,
    manual: z.literal(true).optional(),
    nextRunAt,
  }),
  ScheduleFiringFailed: z.object({
    scheduleId: z.string(),
    dueAt: isoTime,
    error: firingError,
    consecutiveFailures: z.number().int().positive(),
    failedAt: isoTime,
    nextRunAt,
  }),
  ScheduleDisabled: z.object({ scheduleId: z.string(), reason: z.string(), disabledAt: isoTime }),
} as const satisfies Record<ScheduleEventType, z.ZodType>;

type DataOf<Type extends ScheduleEventType> = Extract<ScheduleEvent, { type: Type }>['data'];
type Schemas = typeof scheduleEventDataSchemas;
type EveryScheduleEventMatches = { [Type in ScheduleEventType]: SameShape<z.infer<Schemas[Type]>, DataOf<Type>> }[ScheduleEventType];
const _scheduleEventDataMatches: Assert<EveryScheduleEventMatches> = true;

export const SCHEDULE_EVENT_DESCRIPTIONS: Readonly<Record<ScheduleEventType, string>> = {
  ScheduleCreated: 'A schedule was created: its timing, job template and next run.',
  ScheduleUpdated: 'A schedule changed (only the fields given), and its next run as it now stands.',
  ScheduleDeleted: 'A schedule was deleted.',
  ScheduleFired: 'A firing created its job (idempotent per schedule and due time; `manual` for run-now).',
  ScheduleFiringFailed: 'A firing could not create its job (credential deleted, plugin unavailable); the due time is spent.',
  ScheduleDisabled: 'The schedule stopped firing by itself after failed firings, and why.',
};
