import { randomUUID } from 'node:crypto';
import { eventEnvelope, SETTINGS_CATEGORY, SETTINGS_CHANGED, subjects, type SettingsSection } from '@strata/contracts';
import type { SettingsChangedEvent } from './tenant-settings-store';

export interface SettingsChangedEventInput {
  tenantId: string;
  section: SettingsSection;
  /** Dotted paths of the values that changed (see `changedPaths`). */
  changed: string[];
  at: Date;
  /** Default: a new UUID. */
  id?: string;
}

/**
 * A `SettingsChanged` envelope (`settings.SettingsChanged`), like every event on `events.>`. It
 * is not stored in the event store (the gateway that changes settings has none): the settings
 * record holds it until NATS has it.
 */
export function settingsChangedEvent({ tenantId, section, changed, at, id = randomUUID() }: SettingsChangedEventInput): SettingsChangedEvent {
  return eventEnvelope({ id, category: SETTINGS_CATEGORY, name: SETTINGS_CHANGED, tenantId, time: at.toISOString(), data: { section, changed: [...changed] } });
}

/** Where a tenant's `SettingsChanged` is published: `events.<tenant>.settings.SettingsChanged`. */
export const settingsChangedSubject = (tenantId: string): string => subjects.event(tenantId, SETTINGS_CATEGORY, SETTINGS_CHANGED);
