import { defineCollection } from '@strata/platform-read-store';

/**
 * The scheduler's index of what fires next, across tenants: one document per enabled schedule with
 * a next run (`<tenant>:<schedule id>`), under {@link SCHEDULER_TENANT}, so one indexed range read
 * (`next_run_at <= now`) finds every due schedule of every tenant. Kept by the schedule writer
 * with the schedules read model, in the same write; the stream stays the truth (the firing loop
 * folds it before it fires, and rewrites an entry it finds stale).
 */
export interface DueSchedule {
  tenant_id: string;
  schedule_id: string;
  next_run_at: string;
}

/** Not a tenant id (those start with a letter or digit): the partition of cross-tenant indexes. */
export const SCHEDULER_TENANT = '_system';

export const dueSchedulesCollection = defineCollection<DueSchedule>({
  name: 'due_schedules',
  indexes: { next_run_at: 'string' },
});

export const dueScheduleId = (tenantId: string, scheduleId: string): string => `${tenantId}:${scheduleId}`;
