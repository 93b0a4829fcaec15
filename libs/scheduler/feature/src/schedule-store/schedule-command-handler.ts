import { randomBytes } from 'node:crypto';
import { scheduleStreamName, type ScheduleEvent } from '@strata/contracts';
import { newEventId, StreamRevisionConflictError, type EventStore, type StoredEvent } from '@strata/platform-event-store';
import { upsertSet, type ReadStore } from '@strata/platform-read-store';
import { evolveScheduleView, scheduleDecider, ScheduleNotFoundError, type ScheduleCommand, type ScheduleState, type ScheduleView } from '@strata/scheduler-domain';
import { replay } from '@strata/shared-domain';
import { dueScheduleId, dueSchedulesCollection, SCHEDULER_TENANT } from './due-schedules-collection';
import { processScheduleWakeUps, type ScheduleWakeUps } from './schedule-wake-ups';
import { schedulesCollection } from './schedules-collection';

/** A new schedule id: `sched-<16 hex>`. */
export const newScheduleId = (): string => `sched-${randomBytes(8).toString('hex')}`;

/** Two tries: a concurrent write to the same schedule is decided again once, on the newer state. */
const MAX_ATTEMPTS = 2;

/**
 * Load → fold → decide → append (with the expected revision) for one schedule stream
 * (`schedule-<id>`), then the read model: the stream's events folded with `evolveScheduleView`
 * and upserted (or the document removed once deleted), with the schedule's entry in the
 * scheduler's due index (`due_schedules`), in the same request. The writer keeps the projection;
 * a relay-driven projection can take over later without changing the events.
 */
export class ScheduleCommandHandler {
  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    private readonly now: () => Date = () => new Date(),
    private readonly wakeUps: ScheduleWakeUps = processScheduleWakeUps,
  ) {}

  /** The schedule as its stream folds now (any tenant's: the caller checks `tenantId`). */
  async load(scheduleId: string): Promise<ScheduleState> {
    const stored = await this.events.read(scheduleStreamName(scheduleId));
    return replay(scheduleDecider, stored.map(asScheduleEvent));
  }

  /**
   * Writes the schedule's view and due entry again from its stream: what the firing loop does
   * with a due entry the stream no longer agrees with (a writer that crashed between its append
   * and its upsert, or two writers whose upserts landed out of order).
   */
  async refresh(tenantId: string, scheduleId: string): Promise<ScheduleView | undefined> {
    const stored = await this.events.read(scheduleStreamName(scheduleId));
    const events = stored.map(asScheduleEvent);
    const state = replay(scheduleDecider, events);
    // A stream of another tenant is not this tenant's to project: only its stale entry goes.
    if (state.kind === 'schedule' && state.tenantId !== tenantId) {
      await this.readStore.collection(dueSchedulesCollection).forTenant(SCHEDULER_TENANT).delete(dueScheduleId(tenantId, scheduleId));
      return undefined;
    }
    return this.project(tenantId, scheduleId, events);
  }

  /**
   * Runs `command` (built for `now`) on the tenant's schedule and returns its view afterwards
   * (undefined once deleted). Another tenant's schedule is `schedule_not_found`, as an unknown one.
   */
  async execute(tenantId: string, scheduleId: string, command: (now: string) => ScheduleCommand): Promise<ScheduleView | undefined> {
    const stream = scheduleStreamName(scheduleId);
    for (let attempt = 1; ; attempt++) {
      const stored = await this.events.read(stream);
      const state = replay(scheduleDecider, stored.map(asScheduleEvent));
      if (state.kind === 'schedule' && state.tenantId !== tenantId) throw notFound(tenantId, scheduleId);
      const decided = decide(command(this.now().toISOString()), state, tenantId, scheduleId);
      if (decided.length === 0) return this.project(tenantId, scheduleId, stored.map(asScheduleEvent));
      try {
        await this.events.append(
          stream,
          decided.map((event) => ({
            id: newEventId(this.now().getTime()),
            type: event.type,
            data: event.data,
            metadata: { tenantId, correlationId: scheduleId, schemaVersion: event.version },
          })),
          stored.length === 0 ? 'no_stream' : stored.length - 1,
        );
      } catch (error) {
        if (error instanceof StreamRevisionConflictError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      // Folded from the stream as it is now, so that of two writers the later upsert carries both.
      return this.project(tenantId, scheduleId, (await this.events.read(stream)).map(asScheduleEvent));
    }
  }

  private async project(tenantId: string, scheduleId: string, events: readonly ScheduleEvent[]): Promise<ScheduleView | undefined> {
    const view = events.reduce<ScheduleView | undefined>(evolveScheduleView, undefined);
    const schedules = this.readStore.collection(schedulesCollection).forTenant(tenantId);
    const due = this.readStore.collection(dueSchedulesCollection).forTenant(SCHEDULER_TENANT);
    const dueId = dueScheduleId(tenantId, scheduleId);
    if (view?.enabled && view.next_run_at !== null) {
      // One write: the view and the due entry never disagree on SQLite.
      const entry = { tenant_id: tenantId, schedule_id: scheduleId, next_run_at: view.next_run_at };
      await this.readStore.upsertTogether([upsertSet(schedules, [{ id: scheduleId, doc: view }]), upsertSet(due, [{ id: dueId, doc: entry }])]);
      this.wakeUps.nextRunChanged(new Date(view.next_run_at));
      return view;
    }
    if (view) await schedules.upsert(scheduleId, view);
    else await schedules.delete(scheduleId);
    await due.delete(dueId);
    return view;
  }
}

function decide(command: ScheduleCommand, state: ScheduleState, tenantId: string, scheduleId: string): readonly ScheduleEvent[] {
  try {
    return scheduleDecider.decide(command, state);
  } catch (error) {
    // The domain's message names no tenant; the API's 404 says where it looked.
    if (error instanceof ScheduleNotFoundError) throw notFound(tenantId, scheduleId);
    throw error;
  }
}

function notFound(tenantId: string, scheduleId: string): ScheduleNotFoundError {
  return new ScheduleNotFoundError(`tenant ${tenantId} has no schedule ${scheduleId}`);
}

/**
 * A stored schedule event back in its contract shape; the schema version travels in the metadata.
 * Only this handler appends to schedule streams, so the shape is trusted rather than re-validated.
 */
export function asScheduleEvent(stored: Pick<StoredEvent, 'type' | 'data' | 'metadata'>): ScheduleEvent {
  const version = typeof stored.metadata['schemaVersion'] === 'number' ? stored.metadata['schemaVersion'] : 1;
  return { type: stored.type, version, data: stored.data } as unknown as ScheduleEvent;
}
