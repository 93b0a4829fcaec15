import { InMemoryEventStore, StreamRevisionConflictError, type EventStore } from '@strata/platform-event-store';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import type { ScheduleCommand } from '@strata/scheduler-domain';
import { ScheduleCommandHandler } from './schedule-command-handler';
import { schedulesCollection } from './schedules-collection';

describe('ScheduleCommandHandler', () => {
  let events: InMemoryEventStore;
  let readStore: ReadStore;
  const now = () => new Date('2026-06-01T10:00:00.000Z');
  const create = (scheduleId: string) => (at: string): ScheduleCommand => ({
    type: 'CreateSchedule',
    scheduleId,
    tenantId: 'acme',
    name: 'nightly',
    timing: { kind: 'interval', intervalMinutes: 60 },
    jobTemplate: { name: 'demo', plugins: ['demo'], credentialId: 'cred' },
    now: at,
  });

  beforeEach(() => {
    events = new InMemoryEventStore();
    readStore = openSqliteReadStore(':memory:');
  });
  afterEach(async () => {
    await readStore.close();
    await events.close();
  });

  it('appends to schedule-<id> and writes the view to the read model in the same call', async () => {
    const handler = new ScheduleCommandHandler(events, readStore, now);
    const view = await handler.execute('acme', 'sched-1', create('sched-1'));
    expect(view).toMatchObject({ id: 'sched-1', next_run_at: '2026-06-01T11:00:00.000Z' });
    expect((await events.read('schedule-sched-1')).map((event) => event.type)).toEqual(['ScheduleCreated']);
    expect(await readStore.collection(schedulesCollection).forTenant('acme').get('sched-1')).toEqual(view);

    await handler.execute('acme', 'sched-1', (at) => ({ type: 'DeleteSchedule', now: at }));
    expect(await readStore.collection(schedulesCollection).forTenant('acme').get('sched-1')).toBeUndefined();
  });

  it("refuses another tenant's schedule as not found, writing nothing", async () => {
    const handler = new ScheduleCommandHandler(events, readStore, now);
    await handler.execute('acme', 'sched-1', create('sched-1'));
    await expect(handler.execute('globex', 'sched-1', (at) => ({ type: 'UpdateSchedule', name: 'mine', now: at }))).rejects.toMatchObject({ code: 'schedule_not_found' });
    expect(await events.read('schedule-sched-1')).toHaveLength(1);
  });

  it('decides again once on a concurrent write, then gives up', async () => {
    const handler = new ScheduleCommandHandler(events, readStore, now);
    await handler.execute('acme', 'sched-1', create('sched-1'));
    // Another writer renames it between this writer's read and its append, once.
    let raced = 0;
    const racing: EventStore = Object.assign(Object.create(events) as EventStore, {
      append: async (...args: Parameters<EventStore['append']>) => {
        if (raced++ === 0) await events.append(args[0], [{ ...args[1][0]!, id: '01890000-0000-7000-8000-000000000001', data: { ...args[1][0]!.data, changes: { name: 'theirs' } } }], args[2]);
        return events.append(...args);
      },
    });
    const view = await new ScheduleCommandHandler(racing, readStore, now).execute('acme', 'sched-1', (at) => ({ type: 'UpdateSchedule', enabled: false, now: at }));
    expect(view).toMatchObject({ name: 'theirs', enabled: false });
    expect(await events.read('schedule-sched-1')).toHaveLength(3);

    const alwaysConflicting: EventStore = Object.assign(Object.create(events) as EventStore, {
      append: () => Promise.reject(new StreamRevisionConflictError('schedule-sched-1', 0, 1)),
    });
    await expect(new ScheduleCommandHandler(alwaysConflicting, readStore, now).execute('acme', 'sched-1', (at) => ({ type: 'UpdateSchedule', name: 'x', now: at }))).rejects.toBeInstanceOf(StreamRevisionConflictError);
  });
});
