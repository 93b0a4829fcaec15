/** Days a report is kept when the tenant chose nothing (the `report_retention_days` general setting). */
export const DEFAULT_REPORT_RETENTION_DAYS = 90;

const DAY_MS = 86_400_000;

/** Reports created before this instant are past a retention of `days` whole days at `now`. */
export function reportRetentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}
