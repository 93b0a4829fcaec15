import { InMemoryEventStore } from '@strata/platform-event-store';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { MAX_CONSECUTIVE_FAILURES, type ScheduleTiming } from '@strata/scheduler-domain';
import { dueSchedulesCollection, SCHEDULER_TENANT } from '../schedule-store/due-schedules-collection';
import { ScheduleCommandHandler } from '../schedule-store/schedule-command-handler';
import { ScheduleWakeUps } from '../schedule-store/schedule-wake-ups';
import { schedulesCollection } from '../schedule-store/schedules-collection';
import { FireDueSchedulesHandler } from './fire-due-schedules.handler';
import { FakeCredentials, FakeJobCreator } from './fixtures/fake-job-creator';

describe('FireDueSchedulesHandler (one pass of the scheduler)', () => {
  let events: InMemoryEventStore;
  let readStore: ReadStore;
  let clock: Date;
  let commands: ScheduleCommandHandler;
  let credentials: FakeCredentials;
  let jobs: FakeJobCreator;
  let handler: FireDueSchedulesHandler;
  const at = (iso: string) => (clock = new Date(iso));

  beforeEach(() => {
    events = new InMemoryEventStore();
    readStore = openSqliteReadStore(':memory:');
    at('2026-06-01T10:00:00.000Z');
    commands = new ScheduleCommandHandler(events, readStore, () => clock, new ScheduleWakeUps());
    credentials = new FakeCredentials();
    jobs = new FakeJobCreator(credentials);
    handler = new FireDueSchedulesHandler({ commands, readStore, jobs, credentials, clock: () => clock, concurrency: 8 });
  });
  afterEach(async () => {
    await readStore.close();
    await events.close();
  });

  async function createSchedule(id: string, timing: ScheduleTiming, tenantId = 'acme', plugins = ['demo']) {
    return commands.execute(tenantId, id, (now) => ({ type: 'CreateSchedule', scheduleId: id, tenantId, name: id, timing, jobTemplate: { name: `job of ${id}`, plugins, credentialId: 'cred' }, now }));
  }
  const view = (id: string, tenantId = 'acme') => readStore.collection(schedulesCollection).forTenant(tenantId).get(id);
  const dueEntries = async () => (await readStore.collection(dueSchedulesCollection).forTenant(SCHEDULER_TENANT).find({ limit: 100 })).items.map((entry) => entry.id);
  const eventTypes = async (id: string) => (await events.read(`schedule-${id}`)).map((event) => event.type);

  it('fires a due schedule once: one job with the key of schedule id + due time, RecordFiring, the next run moved on', async () => {
    await createSchedule('sched-a', { kind: 'interval', intervalMinutes: 60 });
    expect(await dueEntries()).toEqual(['acme:sched-a']);

    at('2026-06-01T11:00:00.000Z');
    expect(await handler.fireDue()).toMatchObject({ fired: 1, failed: 0 });
    expect(jobs.keys()).toEqual(['schedule:sched-a:2026-06-01T11:00:00.000Z']);
    expect(await view('sched-a')).toMatchObject({
      last_job_id: 'job-acme-schedule:sched-a:2026-06-01T11:00:00.000Z',
      last_run_at: '2026-06-01T11:00:00.000Z',
      next_run_at: '2026-06-01T12:00:00.000Z',
      last_error: null,
    });
    const [, fired] = await events.read('schedule-sched-a');
    expect(fired).toMatchObject({ type: 'ScheduleFired', data: { dueAt: '2026-06-01T11:00:00.000Z', idempotencyKey: 'schedule:sched-a:2026-06-01T11:00:00.000Z' } });
    expect(jobs.jobs.get('job-acme-schedule:sched-a:2026-06-01T11:00:00.000Z')!.request).toEqual({ name: 'job of sched-a', plugins: ['demo'], credential_id: 'cred' });

    // A second pass at the same time has nothing due.
    expect(await handler.fireDue()).toMatchObject({ fired: 0 });
    expect(jobs.calls).toBe(1);
  });

  it('fires nothing before the due time, and nothing for a disabled schedule', async () => {
    await createSchedule('sched-a', { kind: 'interval', intervalMinutes: 60 });
    await createSchedule('sched-off', { kind: 'interval', intervalMinutes: 30 });
    await commands.execute('acme', 'sched-off', (now) => ({ type: 'UpdateSchedule', enabled: false, now }));
    expect(await dueEntries()).toEqual(['acme:sched-a']);
    at('2026-06-01T10:59:59.999Z');
    expect(await handler.fireDue()).toEqual({ fired: 0, failed: 0, settled: 0, not_due: 0, deferred: 0 });
    expect(jobs.calls).toBe(0);
    expect(await handler.nextRunAfter(clock)).toEqual(new Date('2026-06-01T11:00:00.000Z'));
  });

  it('after downtime fires one catch-up run (the latest missed due time), not one per missed slot', async () => {
    await createSchedule('sched-a', { kind: 'interval', intervalMinutes: 60 });
    await createSchedule('sched-cron', { kind: 'cron', cron: '30 2 * * *', timezone: 'Europe/Berlin' });
    // Down from 10:00 on June 1st until 15:30 on June 4th: 77 hourly slots and 3 nightly ones missed.
    at('2026-06-04T15:30:00.000Z');
    expect(await handler.fireDue()).toMatchObject({ fired: 2 });
    expect(jobs.keys()).toEqual(['schedule:sched-a:2026-06-04T15:00:00.000Z', 'schedule:sched-cron:2026-06-04T00:30:00.000Z']);
    expect(await view('sched-a')).toMatchObject({ next_run_at: '2026-06-04T16:00:00.000Z' });
    expect(await view('sched-cron')).toMatchObject({ next_run_at: '2026-06-05T00:30:00.000Z' });
    expect(await handler.fireDue()).toMatchObject({ fired: 0 });
  });

  it('records a failed firing in last_error, and after 5 in a row disables the schedule with a reason', async () => {
    await createSchedule('sched-a', { kind: 'interval', intervalMinutes: 10 }, 'acme', ['aws']);
    jobs.unavailablePlugins.add('aws');
    for (let failure = 1; failure <= MAX_CONSECUTIVE_FAILURES; failure++) {
      at(new Date(Date.parse('2026-06-01T10:00:00.000Z') + failure * 600_000).toISOString());
      expect(await handler.fireDue()).toMatchObject({ fired: 0, failed: 1 });
      const shown = await view('sched-a');
      expect(shown).toMatchObject({ last_error: { code: 'plugin_unavailable', message: 'plugin "aws" is not available in this build' }, consecutive_failures: failure });
      expect(shown!.enabled).toBe(failure < MAX_CONSECUTIVE_FAILURES);
    }
    expect(await view('sched-a')).toMatchObject({
      enabled: false,
      next_run_at: null,
      disabled_reason: 'disabled after 5 failed firings in a row: plugin "aws" is not available in this build',
    });
    expect(await eventTypes('sched-a')).toEqual(['ScheduleCreated', ...Array(5).fill('ScheduleFiringFailed'), 'ScheduleDisabled']);
    expect(await dueEntries()).toEqual([]);
    expect(jobs.jobs.size).toBe(0);
    // Disabled: later passes leave it alone.
    at('2026-06-02T10:00:00.000Z');
    expect(await handler.fireDue()).toMatchObject({ fired: 0, failed: 0 });
  });

  it('counts a deleted credential as a failed firing (credential_not_found); a success afterwards clears last_error', async () => {
    await createSchedule('sched-a', { kind: 'interval', intervalMinutes: 10 });
    credentials.deleted.add('acme/cred');
    at('2026-06-01T10:10:00.000Z');
    expect(await handler.fireDue()).toMatchObject({ failed: 1 });
    expect(await view('sched-a')).toMatchObject({ last_error: { code: 'credential_not_found', message: 'credential "cred" no longer exists' }, consecutive_failures: 1, enabled: true, next_run_at: '2026-06-01T10:20:00.000Z' });

    credentials.deleted.clear();
    at('2026-06-01T10:20:00.000Z');
    expect(await handler.fireDue()).toMatchObject({ fired: 1 });
    expect(await view('sched-a')).toMatchObject({ last_error: null, consecutive_failures: 0 });
  });

  it('leaves a due time unsettled when the orchestrator does not answer, and fires it on a later pass', async () => {
    await createSchedule('sched-a', { kind: 'interval', intervalMinutes: 60 });
    jobs.unavailable = true;
    at('2026-06-01T11:00:05.000Z');
    expect(await handler.fireDue()).toMatchObject({ deferred: 1, fired: 0, failed: 0 });
    expect(await eventTypes('sched-a')).toEqual(['ScheduleCreated']);
    // Still due; the loop does not spin on it (the next run after now is none).
    expect(await dueEntries()).toEqual(['acme:sched-a']);
    expect(await handler.nextRunAfter(clock)).toBeUndefined();

    jobs.unavailable = false;
    at('2026-06-01T11:00:10.000Z');
    expect(await handler.fireDue()).toMatchObject({ fired: 1 });
    expect(jobs.keys()).toEqual(['schedule:sched-a:2026-06-01T11:00:00.000Z']);
  });

  it('rewrites a stale due entry from the stream instead of firing it again', async () => {
    await createSchedule('sched-a', { kind: 'interval', intervalMinutes: 60 });
    const due = readStore.collection(dueSchedulesCollection).forTenant(SCHEDULER_TENANT);
    at('2026-06-01T11:00:00.000Z');
    await handler.fireDue();
    // A writer that crashed before its upsert left the old entry behind.
    await due.upsert('acme:sched-a', { tenant_id: 'acme', schedule_id: 'sched-a', next_run_at: '2026-06-01T11:00:00.000Z' });
    at('2026-06-01T11:30:00.000Z');
    expect(await handler.fireDue()).toMatchObject({ not_due: 1, fired: 0 });
    expect(await due.get('acme:sched-a')).toMatchObject({ next_run_at: '2026-06-01T12:00:00.000Z' });
    // An entry naming a deleted schedule, or one of another tenant, goes.
    await due.upsert('globex:sched-a', { tenant_id: 'globex', schedule_id: 'sched-a', next_run_at: '2026-06-01T11:00:00.000Z' });
    expect(await handler.fireDue()).toMatchObject({ not_due: 1 });
    expect(await due.get('globex:sched-a')).toBeUndefined();
    expect(jobs.calls).toBe(1);
  });

  it('two passes at once (two replicas) fire each due time of many schedules exactly once', async () => {
    for (let n = 0; n < 60; n++) await createSchedule(`sched-${String(n).padStart(2, '0')}`, { kind: 'interval', intervalMinutes: 60 }, n % 2 === 0 ? 'acme' : 'globex');
    // Creations answer out of order, so the replicas overtake each other.
    let turn = 0;
    jobs.delay = () => new Promise((resolve) => setTimeout(resolve, (turn++ * 7) % 5));
    const other = new FireDueSchedulesHandler({ commands: new ScheduleCommandHandler(events, readStore, () => clock, new ScheduleWakeUps()), readStore, jobs, credentials, clock: () => clock, concurrency: 5 });
    at('2026-06-01T11:00:00.000Z');
    const [one, two] = await Promise.all([handler.fireDue(), other.fireDue()]);
    expect(one.deferred + two.deferred + one.failed + two.failed).toBe(0);
    // Both replicas really fired some of the same schedules (a replica whose record comes second
    // finds its very firing recorded: it counts it as fired too) ...
    expect(jobs.calls).toBeGreaterThan(60);
    expect(one.fired + two.fired).toBe(jobs.calls);
    // ... and each due time made one job and one ScheduleFired.
    expect(jobs.jobs.size).toBe(60);
    for (let n = 0; n < 60; n++) {
      const id = `sched-${String(n).padStart(2, '0')}`;
      expect(await eventTypes(id)).toEqual(['ScheduleCreated', 'ScheduleFired']);
    }
  });
});
