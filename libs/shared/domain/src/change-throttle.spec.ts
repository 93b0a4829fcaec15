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
});
