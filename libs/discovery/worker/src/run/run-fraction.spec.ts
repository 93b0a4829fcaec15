import { RunFraction } from './run-fraction';

describe('RunFraction', () => {
  it('is undefined until the plugin reports, then the share done, rounded down to a thousandth', () => {
    const fraction = new RunFraction();
    expect(fraction.value).toBeUndefined();
    fraction.record(1, 3);
    expect(fraction.value).toBe(0.333);
    fraction.record(3, 3);
    expect(fraction.value).toBe(1);
  });

  it('never goes back, and stays within 0 and 1', () => {
    const fraction = new RunFraction();
    fraction.record(5, 10);
    fraction.record(6, 20); // the plugin found more to do
    expect(fraction.value).toBe(0.5);
    fraction.record(30, 20);
    expect(fraction.value).toBe(1);
  });

  it('ignores reports that say nothing usable', () => {
    const fraction = new RunFraction();
    for (const [done, total] of [[1, 0], [1, -5], [Number.NaN, 10], [1, Number.POSITIVE_INFINITY]] as const) fraction.record(done, total);
    expect(fraction.value).toBeUndefined();
    fraction.record(-3, 10);
    expect(fraction.value).toBe(0);
  });
});
