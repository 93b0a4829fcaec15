/** The sections of a tenant's settings (`/api/v1/tenants/{tenantID}/settings/<section>`). */
export const SETTINGS_SECTIONS = ['general', 'scan-policy'] as const;

export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** Event category of settings events: `events.<tenant>.settings.<type>`, stream `settings-<tenant>-<section>`. */
export const SETTINGS_CATEGORY = 'settings';

export const SETTINGS_CHANGED = 'SettingsChanged';

/**
 * `SettingsChanged`: a PATCH changed a tenant's settings. Published by the gateway once the change
 * is stored, on `events.<tenant>.settings.SettingsChanged` (`subjects.event(tenant,
 * SETTINGS_CATEGORY, SETTINGS_CHANGED)`), as an `EventEnvelope` like every event (the Nats-Msg-Id
 * its `id`). It carries no values: a consumer
 * reads the settings themselves (`@strata/tenancy-settings`), which are stored before it is sent.
 */
export interface SettingsChangedData {
  section: SettingsSection;
  /**
   * Dotted paths of the values whose effective value changed, sorted: `currency`,
   * `global.cpu_percent`, `providers.aws.lookback_days` (a provider override set, changed or removed).
   */
  changed: string[];
}

/** The stream name a tenant's settings events carry (category `settings`; they are not stored in the event store). */
export const settingsStreamName = (tenantId: string, section: SettingsSection): string => `${SETTINGS_CATEGORY}-${tenantId}-${section}`;
