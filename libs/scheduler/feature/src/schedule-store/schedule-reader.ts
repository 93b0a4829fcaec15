import type { ReadStore } from '@strata/platform-read-store';
import { ScheduleNotFoundError, type ScheduleView } from '@strata/scheduler-domain';
import type { ListSchedulesQuery } from '../http/schedule-schemas';
import { schedulesCollection } from './schedules-collection';

export interface SchedulePage {
  items: ScheduleView[];
  page: { limit: number; next_cursor: string | null; has_more: boolean };
}

/** Reads of the schedules read model, always within one tenant. */
export class ScheduleReader {
  constructor(private readonly readStore: ReadStore) {}

  private schedules(tenantId: string) {
    return this.readStore.collection(schedulesCollection).forTenant(tenantId);
  }

  /** The tenant's schedule, or `schedule_not_found` (another tenant's id included). */
  async get(tenantId: string, scheduleId: string): Promise<ScheduleView> {
    const view = await this.schedules(tenantId).get(scheduleId);
    if (!view) throw new ScheduleNotFoundError(`tenant ${tenantId} has no schedule ${scheduleId}`);
    return view;
  }

  /** Oldest first (created_at, then id), keyset pages. */
  async list(tenantId: string, { limit, cursor }: ListSchedulesQuery): Promise<SchedulePage> {
    const found = await this.schedules(tenantId).find({ sort: { field: 'created_at', direction: 'asc' }, limit, ...(cursor ? { cursor } : {}) });
    return { items: found.items.map((entry) => entry.doc), page: { limit, next_cursor: found.nextCursor ?? null, has_more: found.nextCursor !== undefined } };
  }
}
