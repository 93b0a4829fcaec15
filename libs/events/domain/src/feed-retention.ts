export const DEFAULT_EVENT_FEED_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

/** Events whose `time` is before this are past retention (`days` whole days before `now`). */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/** `STRATA_EVENT_FEED_RETENTION_DAYS`: whole days, 1 or more; unset or empty is the default (30). */
export function eventFeedRetentionDaysFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_EVENT_FEED_RETENTION_DAYS;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new Error(`STRATA_EVENT_FEED_RETENTION_DAYS must be a whole number of days, 1 or more; got "${value}"`);
  }
  return Number(value);
}
