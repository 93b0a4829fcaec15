import { InMemoryEventStore } from '@strata/platform-event-store';
import { LoopHealth } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { waitFor } from '@strata/testing';
import { ScheduleCommandHandler } from '../schedule-store/schedule-command-handler';
import { ScheduleWakeUps } from '../schedule-store/schedule-wake-ups';
import { FireDueSchedulesHandler } from './fire-due-schedules.handler';
import { FakeCredentials, FakeJobCreator } from './fixtures/fake-job-creator';
import { SCHEDULE_FIRING_LOOP, ScheduleFiringLoop } from './schedule-firing.loop';

describe('ScheduleFiringLoop', () => {
  let events: InMemoryEventStore;
  let readStore: ReadStore;
  let wakeUps: ScheduleWakeUps;
  let commands: ScheduleCommandHandler;
  let jobs: FakeJobCreator;
  let loop: ScheduleFiringLoop;

  beforeEach(() => {
    events = new InMemoryEventStore();
    readStore = openSqliteReadStore(':memory:');
    wakeUps = new ScheduleWakeUps();
    commands = new ScheduleCommandHandler(events, readStore, () => new Date(), wakeUps);
    const credentials = new FakeCredentials();
    jobs = new FakeJobCreator(credentials);
  });
  afterEach(async () => {
    await loop?.stop();
    await readStore.close();
    await events.close();
  });

  const start = (health = new LoopHealth()) => {
    const handler = new FireDueSchedulesHandler({ commands, readStore, jobs, credentials: jobs.credentials });
    // A poll far longer than the test: only the wake-ups can make it fire in time.
    loop = new ScheduleFiringLoop(handler, { pollIntervalMs: 3_600_000, wakeUps, health });
    loop.start();
    return health;
  };
  const createOnce = (id: string, runAt: Date) =>
    commands.execute('acme', id, (now) => ({ type: 'CreateSchedule', scheduleId: id, tenantId: 'acme', timing: { kind: 'once', runAt: runAt.toISOString() }, jobTemplate: { name: id, plugins: ['demo'], credentialId: 'cred' }, now }));
  const firedAt = async (id: string) => {
    const fired = (await events.read(`schedule-${id}`)).find((event) => event.type === 'ScheduleFired');
    return fired ? Date.parse(String(fired.data['firedAt'])) : undefined;
  };

  it('sleeps until the next run it knows, and a writer of the same process wakes it for a sooner one', async () => {
    const later = new Date(Date.now() + 2_000);
    await createOnce('sched-later', later);
    start();
    await waitFor(() => loop.passes >= 1, { message: 'a first pass' });
    // Written after the loop went to sleep until `later`: due sooner.
    const sooner = new Date(Date.now() + 300);
    await createOnce('sched-sooner', sooner);

    const soonerFired = await waitFor(() => firedAt('sched-sooner'), { timeoutMs: 5_000, message: 'the sooner schedule to fire' });
    expect(soonerFired).toBeGreaterThanOrEqual(sooner.getTime());
    // Woken for it: it did not wait for the run the loop was sleeping until (nor for the poll).
    expect(soonerFired).toBeLessThan(later.getTime());
    const laterFired = await waitFor(() => firedAt('sched-later'), { timeoutMs: 5_000, message: 'the later schedule to fire' });
    expect(laterFired).toBeGreaterThanOrEqual(later.getTime());
    expect(laterFired - later.getTime()).toBeLessThan(1_500);
    expect(jobs.jobs.size).toBe(2);
    // Its waits add up to more than Jest's default 5 s when the machine is busy.
  }, 15_000);

  it('stops at once when stopped while a pass is finishing (before it goes to sleep)', async () => {
    let stopping: () => void = () => undefined;
    const nextRunAsked = new Promise<void>((resolve) => (stopping = resolve));
    const handler = {
      fireDue: async () => ({ fired: 0, failed: 0 }),
      // The stop comes while the loop asks for the next run: the signal is aborted before it sleeps.
      nextRunAfter: async () => {
        stopping();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return null;
      },
    } as unknown as FireDueSchedulesHandler;
    loop = new ScheduleFiringLoop(handler, { pollIntervalMs: 3_600_000, wakeUps });
    loop.start();
    await nextRunAsked;
    const started = Date.now();
    await loop.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('keeps a wake-up heard during a pass, after the pass read its next run, for the sleep that follows', async () => {
    let passes = 0;
    const handler = {
      fireDue: async () => {
        passes += 1;
        return { fired: 0, failed: 0 };
      },
      // A schedule written while the pass asks for the next run: the answer does not know it yet.
      nextRunAfter: async () => {
        if (passes === 1) wakeUps.nextRunChanged(new Date(Date.now() + 100));
        return null;
      },
    } as unknown as FireDueSchedulesHandler;
    loop = new ScheduleFiringLoop(handler, { pollIntervalMs: 3_600_000, wakeUps });
    loop.start();
    // Without the wake-up, the second pass would come after the hour's poll.
    await waitFor(() => passes >= 2, { timeoutMs: 3_000, message: 'a second pass soon after the wake-up' });
  });

  it('fires at once a schedule that fell due while a pass ran, not at the poll', async () => {
    let passes = 0;
    let dueDuringFirstPass = 0;
    const handler = {
      fireDue: async () => {
        passes += 1;
        // The first pass is slow: a run falls due while it goes on.
        if (passes === 1) {
          dueDuringFirstPass = Date.now() + 50;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return { fired: 0, failed: 0 };
      },
      nextRunAfter: async (after: Date) => (dueDuringFirstPass > after.getTime() ? new Date(dueDuringFirstPass) : null),
    } as unknown as FireDueSchedulesHandler;
    loop = new ScheduleFiringLoop(handler, { pollIntervalMs: 3_600_000, wakeUps });
    loop.start();
    await waitFor(() => passes >= 2, { timeoutMs: 3_000, message: 'a second pass for the run that fell due during the first' });
  });

  it('shows as down while passes fail, and recovers', async () => {
    let failing = true;
    const find = readStore.collection.bind(readStore);
    jest.spyOn(readStore, 'collection').mockImplementation(((definition: Parameters<ReadStore['collection']>[0]) => {
      const collection = find(definition);
      if (definition.name !== 'due_schedules') return collection;
      return {
        ...collection,
        forTenant: (tenant: string) => {
          const inner = collection.forTenant(tenant);
          return { ...inner, find: (query: Parameters<typeof inner.find>[0]) => (failing ? Promise.reject(new Error('store down')) : inner.find(query)) };
        },
      };
    }) as ReadStore['collection']);
    const health = start();
    await waitFor(() => health.downLoops().some((down) => down.name === SCHEDULE_FIRING_LOOP), { message: 'the loop reported down' });
    failing = false;
    await waitFor(() => !health.downLoops().some((down) => down.name === SCHEDULE_FIRING_LOOP) && loop.passes > 0, { timeoutMs: 10_000, message: 'the loop to recover' });
  });
});
