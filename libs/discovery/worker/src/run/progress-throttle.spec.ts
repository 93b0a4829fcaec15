import { ProgressThrottle } from './progress-throttle';

describe('ProgressThrottle', () => {
  it('lets a report through once per interval, counted from the start', () => {
    let now = 1_000;
    const throttle = new ProgressThrottle(1_000, () => now);
    expect(throttle.take(10)).toBe(false);
    now = 1_999;
    expect(throttle.take(20)).toBe(false);
    now = 2_000;
    expect(throttle.take(30)).toBe(true);
    now = 2_500;
    expect(throttle.take(40)).toBe(false);
    now = 3_000;
    expect(throttle.take(50)).toBe(true);
  });

  it('counts a new share of the run done as news, even with no new nodes', () => {
    let now = 0;
    const throttle = new ProgressThrottle(100, () => now);
    now = 100;
    expect(throttle.take(5, 0.1)).toBe(true);
    now = 200;
    expect(throttle.take(5, 0.1)).toBe(false);
    expect(throttle.take(5, 0.2)).toBe(true);
  });

  it('lets a report through without news once the keep-alive time has passed', () => {
    let now = 0;
    const throttle = new ProgressThrottle(100, () => now, 1_000);
    now = 100;
    expect(throttle.take(5)).toBe(true);
    now = 1_099;
    expect(throttle.take(5)).toBe(false);
    now = 1_100;
    expect(throttle.take(5)).toBe(true);
    now = 1_150;
    expect(throttle.take(6)).toBe(false); // news, but within the interval
  });

  it('stays quiet when nothing new was found', () => {
    let now = 0;
    const throttle = new ProgressThrottle(100, () => now);
    now = 100;
    expect(throttle.take(0)).toBe(false);
    expect(throttle.take(5)).toBe(true);
    now = 500;
    expect(throttle.take(5)).toBe(false);
  });
});
