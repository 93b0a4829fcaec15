import type { ScheduleSpec } from '@strata/contracts';
import { dueFiring, firstRunAt, idempotencyKey, latestRunAtOrBefore, nextRunAfter, runNowIdempotencyKey, seedFrequencyToCron } from './schedule-timing';

const at = (iso: string) => new Date(iso);
const berlin0230: ScheduleSpec = { kind: 'cron', cron: '30 2 * * *', timezone: 'Europe/Berlin' };

/** Every due time of `spec` in [from, to), walking nextRunAfter. */
function runsBetween(spec: ScheduleSpec, from: string, to: string): string[] {
  const runs: string[] = [];
  let cursor: Date | null = new Date(Date.parse(from) - 1);
  while ((cursor = nextRunAfter(spec, cursor)) !== null && cursor.getTime() < Date.parse(to)) runs.push(cursor.toISOString());
  return runs;
}

describe('schedule timing', () => {
  describe('daylight saving: 30 2 * * * in Europe/Berlin', () => {
    it('fires once on the spring-forward day, at 03:00 CEST, the first instant after the gap (02:30 does not exist)', () => {
      // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST; croner moves the missing 02:30 to 03:00 (01:00Z).
      expect(runsBetween(berlin0230, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z')).toEqual(['2026-03-29T01:00:00.000Z']);
      expect(runsBetween(berlin0230, '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z')).toEqual([
        '2026-03-28T01:30:00.000Z',
        '2026-03-29T01:00:00.000Z',
        '2026-03-30T00:30:00.000Z',
      ]);
    });

    it('fires once on the fall-back day, at the first of the two 02:30s (CEST)', () => {
      // 2026-10-25: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET); croner takes the first only.
      expect(runsBetween(berlin0230, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z')).toEqual(['2026-10-25T00:30:00.000Z']);
      expect(nextRunAfter(berlin0230, at('2026-10-25T00:30:00Z'))).toEqual(at('2026-10-26T01:30:00Z'));
    });

    it('fires once on both days when the scheduler ticks every minute through them', () => {
      for (const [day, expected] of [
        ['2026-03-29', '2026-03-29T01:00:00.000Z'],
        ['2026-10-25', '2026-10-25T00:30:00.000Z'],
      ] as const) {
        let state = { enabled: true, spec: berlin0230, nextRunAt: firstRunAt(berlin0230, at(`${day}T00:00:00+02:00`))!.toISOString() as string | null };
        const fired: string[] = [];
        for (let minute = 0; minute < 24 * 60; minute++) {
          const now = new Date(Date.parse(`${day}T00:00:00+01:00`) - 3600_000 + minute * 60_000);
          const due = dueFiring(state, now);
          if (due) {
            fired.push(due.toISOString());
            state = { ...state, nextRunAt: nextRunAfter(berlin0230, due)!.toISOString() };
          }
        }
        expect(fired).toEqual([expected]);
      }
    });
  });

  describe("seed 000's frequency form as cron", () => {
    it.each([
      [{ frequency: 'daily', time: '02:00' }, '0 2 * * *'],
      [{ frequency: 'hourly', time: '00:15' }, '15 * * * *'],
      [{ frequency: 'hourly' }, '0 * * * *'],
      [{ frequency: 'weekly', time: '09:30', day: 'monday' }, '30 9 * * 1'],
      [{ frequency: 'weekly', time: '23:59', day: 'Sunday' }, '59 23 * * 0'],
    ] as const)('%j is %s', (seed, cron) => expect(seedFrequencyToCron(seed)).toBe(cron));

    it('refuses weekly without a day', () => expect(() => seedFrequencyToCron({ frequency: 'weekly', time: '09:00' })).toThrow(RangeError));

    it('hourly fires every hour at the minute, weekly on the day, in the time zone', () => {
      expect(runsBetween({ kind: 'cron', cron: '15 * * * *', timezone: 'UTC' }, '2026-12-05T10:00:00Z', '2026-12-05T13:00:00Z')).toEqual([
        '2026-12-05T10:15:00.000Z',
        '2026-12-05T11:15:00.000Z',
        '2026-12-05T12:15:00.000Z',
      ]);
      // Mondays 09:30 in New York (EST, UTC-5); 2026-12-07 is a Monday.
      expect(runsBetween({ kind: 'cron', cron: '30 9 * * 1', timezone: 'America/New_York' }, '2026-12-05T00:00:00Z', '2026-12-20T00:00:00Z')).toEqual([
        '2026-12-07T14:30:00.000Z',
        '2026-12-14T14:30:00.000Z',
      ]);
    });
  });

  describe('one-off and interval', () => {
    const once: ScheduleSpec = { kind: 'once', runAt: '2026-12-24T18:00:00.000Z' };
    const every15: ScheduleSpec = { kind: 'interval', intervalMinutes: 15, anchorAt: '2026-12-05T10:00:00.000Z' };

    it('a one-off runs at run_at and then never', () => {
      expect(nextRunAfter(once, at('2026-12-01T00:00:00Z'))).toEqual(at('2026-12-24T18:00:00Z'));
      expect(nextRunAfter(once, at('2026-12-24T18:00:00Z'))).toBeNull();
      expect(firstRunAt(once, at('2026-12-25T00:00:00Z'))).toEqual(at('2026-12-24T18:00:00Z'));
    });

    it('an interval runs every n minutes from when it was set, the first one interval after', () => {
      expect(firstRunAt(every15, at('2026-12-05T10:00:00Z'))).toEqual(at('2026-12-05T10:15:00Z'));
      expect(nextRunAfter(every15, at('2026-12-05T10:15:00Z'))).toEqual(at('2026-12-05T10:30:00Z'));
      expect(nextRunAfter(every15, at('2026-12-05T11:07:00Z'))).toEqual(at('2026-12-05T11:15:00Z'));
      expect(latestRunAtOrBefore(every15, at('2026-12-05T11:07:00Z'))).toEqual(at('2026-12-05T11:00:00Z'));
      expect(latestRunAtOrBefore(every15, at('2026-12-05T10:14:59Z'))).toBeNull();
    });
  });

  describe('dueFiring', () => {
    const daily: ScheduleSpec = { kind: 'cron', cron: '0 2 * * *', timezone: 'UTC' };

    it('is nothing before the next run, the next run when it comes', () => {
      const state = { enabled: true, spec: daily, nextRunAt: '2026-12-05T02:00:00.000Z' };
      expect(dueFiring(state, at('2026-12-05T01:59:59Z'))).toBeNull();
      expect(dueFiring(state, at('2026-12-05T02:00:00Z'))).toEqual(at('2026-12-05T02:00:00Z'));
      expect(dueFiring(state, at('2026-12-05T02:00:30Z'))).toEqual(at('2026-12-05T02:00:00Z'));
    });

    it('after 3 days down fires one catch-up run, for the latest due time missed', () => {
      const state = { enabled: true, spec: daily, nextRunAt: '2026-12-05T02:00:00.000Z' };
      const now = at('2026-12-08T09:00:00Z');
      expect(dueFiring(state, now)).toEqual(at('2026-12-08T02:00:00Z'));
      // After it, the next run is the next due time: the missed ones are not fired.
      expect(nextRunAfter(daily, at('2026-12-08T02:00:00Z'))).toEqual(at('2026-12-09T02:00:00Z'));
    });

    it('never fires a disabled schedule, or one without a next run', () => {
      expect(dueFiring({ enabled: false, spec: daily, nextRunAt: '2026-12-05T02:00:00.000Z' }, at('2026-12-06T00:00:00Z'))).toBeNull();
      expect(dueFiring({ enabled: true, spec: daily, nextRunAt: null }, at('2026-12-06T00:00:00Z'))).toBeNull();
    });
  });

  it('keys a firing by schedule and due time, and a run by hand apart', () => {
    expect(idempotencyKey('s-1', '2026-12-08T02:00:00Z')).toBe('schedule:s-1:2026-12-08T02:00:00.000Z');
    expect(idempotencyKey('s-1', at('2026-12-08T02:00:00Z'))).toBe(idempotencyKey('s-1', '2026-12-08T03:00:00+01:00'));
    expect(runNowIdempotencyKey('s-1', '2026-12-08T02:00:00Z')).not.toBe(idempotencyKey('s-1', '2026-12-08T02:00:00Z'));
  });
});
