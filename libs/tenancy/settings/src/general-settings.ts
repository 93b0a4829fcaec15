import { z } from 'zod';
import { onlyIfValidSoFar } from './zod-options';
import { EXCHANGE_RATES, SUPPORTED_CURRENCIES } from './exchange-rates';

export const NOTIFICATION_TRIGGER_MODES = ['scan_complete', 'waste_only'] as const;
export type NotificationTriggerMode = (typeof NOTIFICATION_TRIGGER_MODES)[number];

/** A tenant's general settings, every field filled (defaults where the tenant chose nothing). */
export interface GeneralSettings {
  /** ISO 4217 code amounts are shown in; one of {@link SUPPORTED_CURRENCIES}. */
  currency: string;
  /** How long one call to a provider's API may take, in seconds (1-300). */
  api_timeout_seconds: number;
  /** When notifications go out: after every completed scan, or only when it found waste. */
  notification_trigger_mode: NotificationTriggerMode;
  /** Whole days a generated report is kept before the retention sweep deletes it (1-3650). */
  report_retention_days: number;
}

export const DEFAULT_GENERAL_SETTINGS: Readonly<GeneralSettings> = Object.freeze({
  currency: 'USD',
  api_timeout_seconds: 30,
  notification_trigger_mode: 'scan_complete',
  report_retention_days: 90,
});

/** What a tenant chose, as stored: fields it never set are absent and take the defaults. */
export type StoredGeneralSettings = Partial<GeneralSettings>;

const CURRENCY_MESSAGE = `currency must be one of ${SUPPORTED_CURRENCIES.join(', ')} (the currencies of the exchange-rate table of ${EXCHANGE_RATES.as_of})`;
const TIMEOUT_MESSAGE = 'api_timeout_seconds must be a whole number of seconds from 1 to 300';
const TRIGGER_MESSAGE = 'notification_trigger_mode must be scan_complete or waste_only';
const RETENTION_MESSAGE = 'report_retention_days must be a whole number of days from 1 to 3650';

export const currencySchema = z
  .enum(SUPPORTED_CURRENCIES as [string, ...string[]], { error: CURRENCY_MESSAGE })
  .describe('ISO 4217 code amounts are shown in (converted from USD at the exchange_rate); only currencies of the exchange-rate table');
export const apiTimeoutSecondsSchema = z
  .int({ error: TIMEOUT_MESSAGE })
  .min(1, { error: TIMEOUT_MESSAGE })
  .max(300, { error: TIMEOUT_MESSAGE })
  .describe("Seconds one call to a provider's API may take");
export const notificationTriggerModeSchema = z
  .enum(NOTIFICATION_TRIGGER_MODES, { error: TRIGGER_MESSAGE })
  .describe('scan_complete: notify after every completed scan; waste_only: only when a scan found waste');

export const reportRetentionDaysSchema = z
  .int({ error: RETENTION_MESSAGE })
  .min(1, { error: RETENTION_MESSAGE })
  .max(3650, { error: RETENTION_MESSAGE })
  .describe('Whole days a generated report is kept; older ones are deleted (default 90)');

const GENERAL_FIELDS = ['currency', 'api_timeout_seconds', 'notification_trigger_mode', 'report_retention_days'] as const;

/** `PATCH .../settings/general`: any of the fields, at least one, nothing else. */
export const updateGeneralSettingsRequestSchema = z
  .object({
    currency: currencySchema.optional(),
    api_timeout_seconds: apiTimeoutSecondsSchema.optional(),
    notification_trigger_mode: notificationTriggerModeSchema.optional(),
    report_retention_days: reportRetentionDaysSchema.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { when: onlyIfValidSoFar, message: `Give at least one of ${GENERAL_FIELDS.join(', ')}` })
  .meta({ id: 'UpdateGeneralSettingsRequest', examples: [{ currency: 'EUR', api_timeout_seconds: 15 }, { notification_trigger_mode: 'waste_only' }] });

export type UpdateGeneralSettingsRequest = z.infer<typeof updateGeneralSettingsRequestSchema>;

/** The stored choices with `patch` applied (a set field replaces the stored one). */
export function applyGeneralPatch(stored: StoredGeneralSettings, patch: UpdateGeneralSettingsRequest): StoredGeneralSettings {
  const next: StoredGeneralSettings = { ...stored };
  for (const field of GENERAL_FIELDS) if (patch[field] !== undefined) Object.assign(next, { [field]: patch[field] });
  return next;
}

const FIELD_SCHEMAS = { currency: currencySchema, api_timeout_seconds: apiTimeoutSecondsSchema, notification_trigger_mode: notificationTriggerModeSchema, report_retention_days: reportRetentionDaysSchema };

/**
 * The settings in effect: each stored field that is still valid, the default for the others. A
 * field no longer valid (a currency a later rate table dropped) reads as its default, so amounts
 * and the currency they are labelled with always agree.
 */
export function resolveGeneralSettings(stored: StoredGeneralSettings | undefined): GeneralSettings {
  const settings: GeneralSettings = { ...DEFAULT_GENERAL_SETTINGS };
  for (const field of GENERAL_FIELDS) {
    const value = stored?.[field];
    if (value !== undefined && FIELD_SCHEMAS[field].safeParse(value).success) Object.assign(settings, { [field]: value });
  }
  return settings;
}
