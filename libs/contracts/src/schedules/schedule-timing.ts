import { Cron } from 'croner';

/**
 * Whether `name` is an IANA time zone the runtime knows (`Europe/Berlin`, `UTC`, also in other
 * letter case and the database's links such as `US/Eastern`). `Intl.supportedValuesOf` lists only
 * canonical names (not even `UTC`), so the test is whether `Intl` accepts it; offsets such as
 * `+01:00`, which it accepts too, are not time zones and are refused.
 */
export function isIanaTimeZone(name: string): boolean {
  if (name.length === 0 || /^[+-]|^\d/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const unknownTimeZoneMessage = (name: string): string => `unknown time zone "${name}": expected an IANA name such as "Europe/Berlin" or "UTC"`;

/**
 * Why `expression` is no cron expression this API takes, or undefined when it is one: five
 * fields (minute hour day-of-month month day-of-week, no seconds), as croner reads them, firing
 * at least once.
 */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return 'cron must have 5 fields: minute hour day-of-month month day-of-week';
  try {
    const cron = new Cron(expression, { paused: true, timezone: 'UTC' });
    if (cron.nextRun(new Date(0)) === null) return 'cron never fires';
    return undefined;
  } catch (error) {
    return `invalid cron expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export const WEEK_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];
export const SEED_FREQUENCIES = ['hourly', 'daily', 'weekly'] as const;
