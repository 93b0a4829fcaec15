import { ChangeThrottle } from './change-throttle';

describe('ChangeThrottle', () => {
  it('tells the first figure at once, then a changed one once the interval has passed', () => {
    let now = 0;
    const throttle = new ChangeThrottle(1_000, () => now);
    expect(throttle.due(0)).toBe(true);
    now = 500;
    expect(throttle.due(3)).toBe(false);
    now = 1_000;
    expect(throttle.due(3)).toBe(true);
    now = 5_000;
    expect(throttle.due(3)).toBe(false); // no change, however long it has been
    expect(throttle.due(4)).toBe(true);
  });

  describe('told at start (a discovery run: its start report is news enough)', () => {
    it('lets a figure through once per interval, counted from the start', () => {
      let now = 1_000;
      const throttle = new ChangeThrottle(1_000, () => now, { toldAtStart: 0 });
      expect(throttle.due(10)).toBe(false);
      now = 1_999;
      expect(throttle.due(20)).toBe(false);
      now = 2_000;
      expect(throttle.due(30)).toBe(true);
      now = 2_500;
      expect(throttle.due(40)).toBe(false);
      now = 3_000;
      expect(throttle.due(50)).toBe(true);
    });

    it('counts a change of the detail as a change, even with the same value', () => {
      let now = 0;
      const throttle = new ChangeThrottle(100, () => now, { toldAtStart: 0 });
      now = 100;
      expect(throttle.due(5, 0.1)).toBe(true);
      now = 200;
      expect(throttle.due(5, 0.1)).toBe(false);
      expect(throttle.due(5, 0.2)).toBe(true);
    });

    it('lets a figure through without a change once the keep-alive time has passed', () => {
      let now = 0;
      const throttle = new ChangeThrottle(100, () => now, { toldAtStart: 0, keepAliveMs: 1_000 });
      now = 100;
      expect(throttle.due(5)).toBe(true);
      now = 1_099;
      expect(throttle.due(5)).toBe(false);
      now = 1_100;
      expect(throttle.due(5)).toBe(true);
      now = 1_150;
      expect(throttle.due(6)).toBe(false); // changed, but within the interval
    });

    it('stays quiet when nothing changed', () => {
      let now = 0;
      const throttle = new ChangeThrottle(100, () => now, { toldAtStart: 0 });
      now = 100;
      expect(throttle.due(0)).toBe(false);
      expect(throttle.due(5)).toBe(true);
      now = 500;
      expect(throttle.due(5)).toBe(false);
    });
  });
});
