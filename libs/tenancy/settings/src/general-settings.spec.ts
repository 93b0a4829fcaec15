import { REQUEST_PARSE_OPTIONS } from '@strata/contracts';
import { SUPPORTED_CURRENCIES } from './exchange-rates';
import { applyGeneralPatch, DEFAULT_GENERAL_SETTINGS, resolveGeneralSettings, updateGeneralSettingsRequestSchema } from './general-settings';

/** The problems the API would answer with: `{path, message}` per issue. */
function problems(body: unknown): { path: string; message: string }[] {
  const parsed = updateGeneralSettingsRequestSchema.safeParse(body, REQUEST_PARSE_OPTIONS);
  return parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('general settings', () => {
  it('default to USD, 30 seconds and scan_complete', () => {
    expect(DEFAULT_GENERAL_SETTINGS).toEqual({ currency: 'USD', api_timeout_seconds: 30, notification_trigger_mode: 'scan_complete', report_retention_days: 90 });
    expect(resolveGeneralSettings(undefined)).toEqual(DEFAULT_GENERAL_SETTINGS);
    expect(resolveGeneralSettings({})).toEqual(DEFAULT_GENERAL_SETTINGS);
  });

  it('take any subset of their fields in a PATCH', () => {
    expect(updateGeneralSettingsRequestSchema.parse({ currency: 'EUR', api_timeout_seconds: 15 })).toEqual({ currency: 'EUR', api_timeout_seconds: 15 });
    expect(updateGeneralSettingsRequestSchema.parse({ notification_trigger_mode: 'waste_only' })).toEqual({ notification_trigger_mode: 'waste_only' });
    for (const body of [{ api_timeout_seconds: 1 }, { api_timeout_seconds: 300 }, { currency: 'JPY' }]) expect(problems(body)).toEqual([]);
  });

  it('refuse an empty PATCH and unknown fields', () => {
    expect(problems({})).toEqual([{ path: '', message: 'Give at least one of currency, api_timeout_seconds, notification_trigger_mode, report_retention_days' }]);
    expect(problems({ currency: 'EUR', notifications_enabled: true })).toEqual([{ path: '', message: 'Unrecognized key: "notifications_enabled"' }]);
    expect(problems(undefined)).toEqual([{ path: '', message: 'Required' }]);
    expect(problems(null)).not.toEqual([]);
  });

  it('accept only currencies of the rate table, naming them when refusing', () => {
    const accepted = SUPPORTED_CURRENCIES.join(', ');
    for (const currency of ['XAU', 'eur', 'EURO', '', 42, null]) {
      expect(problems({ currency })).toEqual([{ path: 'currency', message: expect.stringContaining(`currency must be one of ${accepted}`) }]);
    }
  });

  it('take a timeout of 1 to 300 whole seconds', () => {
    for (const api_timeout_seconds of [0, 301, 1.5, -5, '30', null]) {
      expect(problems({ api_timeout_seconds })).toEqual([{ path: 'api_timeout_seconds', message: 'api_timeout_seconds must be a whole number of seconds from 1 to 300' }]);
    }
  });

  it('take scan_complete or waste_only as the trigger mode, and say so otherwise', () => {
    for (const notification_trigger_mode of ['', 'always', 'SCAN_COMPLETE', null, 1]) {
      expect(problems({ notification_trigger_mode })).toEqual([{ path: 'notification_trigger_mode', message: 'notification_trigger_mode must be scan_complete or waste_only' }]);
    }
  });

  it('apply a PATCH over what was stored, leaving the rest', () => {
    const stored = applyGeneralPatch({}, { currency: 'EUR' });
    expect(stored).toEqual({ currency: 'EUR' });
    const next = applyGeneralPatch(stored, { api_timeout_seconds: 15 });
    expect(next).toEqual({ currency: 'EUR', api_timeout_seconds: 15 });
    expect(stored).toEqual({ currency: 'EUR' }); // not changed in place
    expect(resolveGeneralSettings(next)).toEqual({ currency: 'EUR', api_timeout_seconds: 15, notification_trigger_mode: 'scan_complete', report_retention_days: 90 });
  });

  it('take report_retention_days as whole days from 1 to 3650', () => {
    expect(updateGeneralSettingsRequestSchema.parse({ report_retention_days: 30 })).toEqual({ report_retention_days: 30 });
    for (const report_retention_days of [0, 3651, 1.5, '30', null]) {
      expect(updateGeneralSettingsRequestSchema.safeParse({ report_retention_days }).success).toBe(false);
    }
    expect(resolveGeneralSettings({ report_retention_days: 7 }).report_retention_days).toBe(7);
  });

  it('read a stored value no longer valid (a currency a later table dropped) as its default', () => {
    expect(resolveGeneralSettings({ currency: 'XAU', api_timeout_seconds: 900, notification_trigger_mode: 'waste_only' })).toEqual({
      currency: 'USD',
      api_timeout_seconds: 30,
      notification_trigger_mode: 'waste_only',
      report_retention_days: 90,
    });
  });
});
