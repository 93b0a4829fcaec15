/**
 * Where an event sits in a tenant's feed: when the feed recorded it (ISO 8601 UTC, milliseconds)
 * and its id, `2026-12-05T09:00:00.123Z#<event id>`. Positions sort as strings, in the order the
 * events were recorded, so "after this position" is a stable cursor for a poller: whatever is
 * recorded later lands after every position already handed out (see {@link RecordingClock}).
 */
export function feedPosition(recordedAt: Date, eventId: string): string {
  return `${recordedAt.toISOString()}#${eventId}`;
}

/**
 * The recorder's clock: never hands out the same or an earlier millisecond twice, even when the
 * wall clock stands still or steps back, so positions it makes only grow.
 */
export class RecordingClock {
  private lastMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => Date = () => new Date()) {}

  next(): Date {
    const ms = Math.max(this.now().getTime(), this.lastMs + 1);
    this.lastMs = ms;
    return new Date(ms);
  }
}

/** An ISO 8601 time with any offset, as UTC with milliseconds (`2026-12-05T09:00:00.000Z`): comparable as a string. */
export function normalizedTime(iso: string): string {
  return new Date(iso).toISOString();
}
