import { z } from 'zod';
import { exchangeRateFor, EXCHANGE_RATES, type ExchangeRateView } from './exchange-rates';
import { apiTimeoutSecondsSchema, currencySchema, notificationTriggerModeSchema, reportRetentionDaysSchema, resolveGeneralSettings, type GeneralSettings, type StoredGeneralSettings } from './general-settings';
import { providerNameSchema, resolveScanPolicy, scanThresholdsSchema, thresholdOverrideSchema, type ScanPolicy, type StoredScanPolicy } from './scan-policy';

const updatedAtSchema = z.iso.datetime().nullable().describe('When the section last changed; null while it holds its defaults');

export const exchangeRateSchema = z
  .object({
    base: z.literal('USD'),
    rate: z.number().positive().describe('Units of the currency one US dollar buys'),
    as_of: z.iso.date().describe('The day of the rate table'),
    source: z.string().describe('Where the rates come from'),
  })
  .meta({ id: 'ExchangeRate', description: 'The rate amounts (kept in USD) are converted to the currency with' });

/** `GET .../settings/general`: every field, with defaults where the tenant chose nothing. */
export const generalSettingsViewSchema = z
  .object({
    currency: currencySchema,
    api_timeout_seconds: apiTimeoutSecondsSchema,
    notification_trigger_mode: notificationTriggerModeSchema,
    report_retention_days: reportRetentionDaysSchema,
    updated_at: updatedAtSchema,
    exchange_rate: exchangeRateSchema,
  })
  .meta({ id: 'GeneralSettings' });

export type GeneralSettingsView = GeneralSettings & { updated_at: string | null; exchange_rate: ExchangeRateView };

/** `GET .../settings/scan-policy`: the global thresholds (defaults filled in) and each provider's override. */
export const scanPolicyViewSchema = z
  .object({
    global: scanThresholdsSchema,
    providers: z.record(providerNameSchema, thresholdOverrideSchema).describe("Overrides by provider (plugin id); a provider's resources use global for what its override leaves out"),
    updated_at: updatedAtSchema,
  })
  .meta({ id: 'ScanPolicy' });

export type ScanPolicyView = ScanPolicy & { updated_at: string | null };

/** The API view of a stored general section (`undefined`: never changed). */
export function generalSettingsView(stored: { values: StoredGeneralSettings; updated_at: string } | undefined): GeneralSettingsView {
  const settings = resolveGeneralSettings(stored?.values);
  // resolveGeneralSettings only keeps a currency the table has, so its rate is always there.
  const exchange_rate = exchangeRateFor(settings.currency, EXCHANGE_RATES)!;
  return { ...settings, updated_at: stored?.updated_at ?? null, exchange_rate };
}

/** The API view of a stored scan-policy section (`undefined`: never changed). */
export function scanPolicyView(stored: { values: StoredScanPolicy; updated_at: string } | undefined): ScanPolicyView {
  return { ...resolveScanPolicy(stored?.values), updated_at: stored?.updated_at ?? null };
}
