import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = (random: number) => ({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => random });

  it('waits between half and all of a ceiling that doubles with each retry', () => {
    expect([1, 2, 3].map((retry) => backoffDelay(retry, policy(0)))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((retry) => backoffDelay(retry, policy(0.999_999)))).toEqual([100, 200, 400]);
  });

  it('never waits longer than the cap', () => {
    expect(backoffDelay(30, policy(0.999_999))).toBe(1_000);
  });

  it('spreads the waits of callers that retry together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 1_000, random: Math.random })));
    expect(delays.size).toBeGreaterThan(5);
  });
});
