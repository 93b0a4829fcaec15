import { redeliveryDelayMs, workingHeartbeatIntervalMs, type RedeliveryBackoff } from './delivery-timing';

const noJitter: RedeliveryBackoff = { initialDelayMs: 100, multiplier: 2, maxDelayMs: 1_000, jitter: 0 };

describe('redeliveryDelayMs', () => {
  it('grows with the delivery count and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((count) => redeliveryDelayMs(count, noJitter))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('treats a count below 1 as the first delivery', () => {
    expect(redeliveryDelayMs(0, noJitter)).toBe(100);
  });

  it('takes off at most the jitter fraction', () => {
    const jittered = { ...noJitter, jitter: 0.25 };
    expect(redeliveryDelayMs(3, jittered, () => 0)).toBe(400);
    expect(redeliveryDelayMs(3, jittered, () => 0.999999)).toBe(300);
    expect(redeliveryDelayMs(3, jittered, () => 0.5)).toBe(350);
  });
});

describe('workingHeartbeatIntervalMs', () => {
  it('beats three times per ack wait, with a floor', () => {
    expect(workingHeartbeatIntervalMs(30_000)).toBe(10_000);
    expect(workingHeartbeatIntervalMs(900)).toBe(300);
    expect(workingHeartbeatIntervalMs(10)).toBe(50);
  });
});
