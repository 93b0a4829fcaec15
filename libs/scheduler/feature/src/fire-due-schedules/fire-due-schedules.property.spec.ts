import fc from 'fast-check';
import { InMemoryEventStore } from '@strata/platform-event-store';
import { openSqliteReadStore } from '@strata/platform-read-store';
import { ScheduleCommandHandler } from '../schedule-store/schedule-command-handler';
import { ScheduleWakeUps } from '../schedule-store/schedule-wake-ups';
import { FireDueSchedulesHandler } from './fire-due-schedules.handler';
import { FakeCredentials, FakeJobCreator } from './fixtures/fake-job-creator';

const START = Date.parse('2026-03-28T22:00:00.000Z');

/** What happened to each schedule: the due times recorded as fired, in stream order, and the jobs made. */
interface Outcome {
  fired: Record<string, string[]>;
  jobKeys: string[];
}

type Step = { advanceMs: number; replicas: 'a' | 'b' | 'both' };

/**
 * Runs the steps (the clock moves, then replica a, b or both run a pass) on fresh stores: with one
 * replica when `scheduler` is undefined (the oracle), else with two replicas whose job creations
 * answer in the order fast-check's scheduler picks.
 */
async function run(specs: readonly { interval?: number; cron?: string }[], steps: readonly Step[], scheduler?: fc.Scheduler): Promise<Outcome> {
  const events = new InMemoryEventStore();
  const readStore = openSqliteReadStore(':memory:');
  try {
    let clock = new Date(START);
    const credentials = new FakeCredentials();
    const jobs = new FakeJobCreator(credentials);
    if (scheduler) jobs.delay = () => scheduler.schedule(Promise.resolve(), 'job created');
    const replica = () => {
      const commands = new ScheduleCommandHandler(events, readStore, () => clock, new ScheduleWakeUps());
      return { commands, pass: new FireDueSchedulesHandler({ commands, readStore, jobs, credentials, clock: () => clock, concurrency: 3 }) };
    };
    const a = replica();
    const b = scheduler ? replica() : a;
    const ids = specs.map((_, n) => `sched-${n}`);
    for (const [n, spec] of specs.entries()) {
      const timing = spec.cron ? { kind: 'cron' as const, cron: spec.cron, timezone: 'Europe/Berlin' } : { kind: 'interval' as const, intervalMinutes: spec.interval! };
      await a.commands.execute('acme', ids[n]!, (now) => ({ type: 'CreateSchedule', scheduleId: ids[n]!, tenantId: 'acme', timing, jobTemplate: { name: 'n', plugins: ['demo'], credentialId: 'cred' }, now }));
    }
    for (const step of steps) {
      clock = new Date(clock.getTime() + step.advanceMs);
      const passes = step.replicas === 'both' ? [a.pass.fireDue(), b.pass.fireDue()] : [(step.replicas === 'a' ? a : b).pass.fireDue()];
      const all = Promise.all(passes);
      await (scheduler ? scheduler.waitFor(all) : all);
    }
    const fired: Record<string, string[]> = {};
    for (const id of ids) {
      fired[id] = (await events.read(`schedule-${id}`)).filter((event) => event.type === 'ScheduleFired').map((event) => String(event.data['dueAt']));
    }
    return { fired, jobKeys: jobs.keys() };
  } finally {
    await readStore.close();
    await events.close();
  }
}

describe('firing with two replicas (property)', () => {
  it('fires exactly the due times one replica alone fires, each with one job, whatever the interleaving', async () => {
    const schedule = fc.oneof(
      fc.record({ interval: fc.integer({ min: 1, max: 180 }) }),
      // Across the spring-forward night in Berlin (02:30 does not exist on 2026-03-29).
      fc.record({ cron: fc.constantFrom('30 2 * * *', '*/20 * * * *', '0 3 * * *') }),
    );
    const step = fc.record({ advanceMs: fc.integer({ min: 0, max: 3 * 3_600_000 }), replicas: fc.constantFrom<Step['replicas']>('a', 'b', 'both', 'both') });
    await fc.assert(
      fc.asyncProperty(fc.array(schedule, { minLength: 1, maxLength: 5 }), fc.array(step, { minLength: 1, maxLength: 8 }), fc.scheduler(), async (specs, steps, scheduler) => {
        const oracle = await run(specs, steps);
        const replicated = await run(specs, steps, scheduler);
        expect(replicated.fired).toEqual(oracle.fired);
        // One job per fired due time, and no job for a due time not recorded.
        const recordedKeys = Object.entries(replicated.fired)
          .flatMap(([id, dueTimes]) => dueTimes.map((dueAt) => `schedule:${id}:${dueAt}`))
          .sort();
        expect(replicated.jobKeys).toEqual(recordedKeys);
        for (const dueTimes of Object.values(replicated.fired)) expect(new Set(dueTimes).size).toBe(dueTimes.length);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
