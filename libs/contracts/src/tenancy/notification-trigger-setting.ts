/**
 * The tenant's `notification_trigger_mode`, one setting with two doors: the general settings
 * (`PATCH .../settings/general`) and the notification policy (`PATCH .../notifications/policy`).
 * The tenancy context owns it (stored, then announced as `SettingsChanged`); the notification
 * policy writes it through this port, so both doors show the same value.
 */
export interface NotificationTriggerSetting {
  set(tenantId: string, mode: 'scan_complete' | 'waste_only'): Promise<void>;
}

/** DI token under which the tenancy module provides its {@link NotificationTriggerSetting}. */
export const NOTIFICATION_TRIGGER_SETTING = Symbol.for('strata:NotificationTriggerSetting');
