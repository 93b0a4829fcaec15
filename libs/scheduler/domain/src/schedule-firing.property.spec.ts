import fc from 'fast-check';
import type { ScheduleEvent } from '@strata/contracts';
import type { ScheduleTiming } from './schedule-commands';
import { scheduleDecider } from './schedule-decider';
import type { ScheduleState } from './schedule-state';
import { dueFiring } from './schedule-timing';

const START = Date.parse('2026-01-01T00:00:00Z');
const MINUTE = 60_000;

const timingArb: fc.Arbitrary<ScheduleTiming> = fc.oneof(
  fc.record({
    kind: fc.constant('cron' as const),
    cron: fc.constantFrom('*/5 * * * *', '0 * * * *', '30 2 * * *', '0 0 * * 1', '15 9 1 * *', '0 1-3 * * *', '45 23 * * 0'),
    timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'),
  }),
  fc.record({ kind: fc.constant('interval' as const), intervalMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }) }),
  fc.record({ kind: fc.constant('once' as const), runAt: fc.integer({ min: -7 * 24 * 60, max: 60 * 24 * 60 }).map((minutes) => new Date(START + minutes * MINUTE).toISOString()) }),
);

/** Gaps between ticks: mostly a minute or so, sometimes hours, sometimes days of downtime. */
const gapArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 120 }).map((seconds) => seconds * 1000) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 48 * 60 }).map((minutes) => minutes * MINUTE) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }).map((days) => days * 24 * 60 * MINUTE + 17_000) },
);

const tickArb = fc.record({ gap: gapArb, fails: fc.boolean() });

describe('firing over random schedules and ticks (property)', () => {
  it('fires unique, growing due times, never in the future, at most one per tick; a disabled schedule never fires', () => {
    fc.assert(
      fc.property(timingArb, fc.array(tickArb, { minLength: 1, maxLength: 60 }), (timing, ticks) => {
        const apply = (state: ScheduleState, events: readonly ScheduleEvent[]) => events.reduce(scheduleDecider.evolve, state);
        let state = apply(scheduleDecider.initialState(), scheduleDecider.decide(
          { type: 'CreateSchedule', scheduleId: 's', tenantId: 't', timing, jobTemplate: { name: 'n', plugins: ['aws'], credentialId: 'c' }, now: new Date(START).toISOString() },
          scheduleDecider.initialState(),
        ));
        const fired: number[] = [];
        let now = START;
        ticks.forEach(({ gap, fails }, i) => {
          now += gap;
          if (state.kind !== 'schedule') throw new Error('schedule vanished');
          const due = dueFiring(state, new Date(now));
          if (!due) return;
          expect(state.enabled).toBe(true);
          expect(due.getTime()).toBeLessThanOrEqual(now);
          if (fired.length > 0) expect(due.getTime()).toBeGreaterThan(fired[fired.length - 1]!);
          const dueAt = due.toISOString();
          const nowIso = new Date(now).toISOString();
          const events = fails
            ? scheduleDecider.decide({ type: 'RecordFiringFailure', dueAt, error: { code: 'plugin_unavailable', message: 'down' }, now: nowIso }, state)
            : scheduleDecider.decide({ type: 'RecordFiring', dueAt, jobId: `job-${i}`, now: nowIso }, state);
          expect(events.length).toBeGreaterThan(0);
          fired.push(due.getTime());
          state = apply(state, events);
          if (state.kind !== 'schedule') throw new Error('schedule vanished');
          // Settled: nothing more is due this tick, and the same due time is never accepted again.
          expect(dueFiring(state, new Date(now))).toBeNull();
          expect(() => scheduleDecider.decide({ type: 'RecordFiring', dueAt, jobId: `other-${i}`, now: nowIso }, state)).toThrow();
        });
        expect(new Set(fired).size).toBe(fired.length);
      }),
      { numRuns: 200 },
    );
  });
});
