import { newEventId } from './event-id';

describe('newEventId', () => {
  it('is a lowercase version-7 UUID', () => {
    expect(newEventId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by creation time', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((t) => newEventId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('is unique within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newEventId(42)));
    expect(ids.size).toBe(1000);
  });
});
