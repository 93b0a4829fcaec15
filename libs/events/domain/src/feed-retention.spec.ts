import { eventFeedRetentionDaysFrom, retentionCutoff } from './feed-retention';

describe('feed retention', () => {
  it('cuts off whole days before now', () => {
    expect(retentionCutoff(new Date('2026-12-31T12:00:00Z'), 30)).toBe('2026-12-01T12:00:00.000Z');
  });

  it('reads STRATA_EVENT_FEED_RETENTION_DAYS: default 30, whole days from 1', () => {
    expect(eventFeedRetentionDaysFrom(undefined)).toBe(30);
    expect(eventFeedRetentionDaysFrom('')).toBe(30);
    expect(eventFeedRetentionDaysFrom('7')).toBe(7);
    for (const bad of ['0', '-1', '1.5', 'ten', '1e3']) expect(() => eventFeedRetentionDaysFrom(bad)).toThrow(/STRATA_EVENT_FEED_RETENTION_DAYS/);
  });
});
