import { defineCollection } from '@strata/platform-read-store';
import type { ScheduleView } from '@strata/scheduler-domain';

/**
 * The schedules read model, per tenant, one document per schedule (the API's view, keyed by the
 * schedule id). Written by the writer itself right after each append (see `ScheduleCommandHandler`),
 * not by a relay-driven projection: a GET right after a write sees it.
 */
export const schedulesCollection = defineCollection<ScheduleView>({
  name: 'schedules',
  indexes: { created_at: 'string' },
});
