import { randomUUID } from 'node:crypto';
import { SETTINGS_CATEGORY, SETTINGS_CHANGED, settingsStreamName, subjects, type SettingsSection } from '@strata/contracts';
import type { SettingsChangedEvent } from './tenant-settings-store';

export interface SettingsChangedEventInput {
  tenantId: string;
  section: SettingsSection;
  /** Dotted paths of the values that changed (see `changedPaths`). */
  changed: string[];
  /** The change's revision in the section's stream (0 for its first). */
  revision: number;
  at: Date;
  /** Default: a new UUID. */
  id?: string;
}

/**
 * A `SettingsChanged` shaped as the event relay publishes stored events: `{id, type, data,
 * metadata: {tenantId}, streamName, revision, globalPosition, createdAt}`. It is not stored in
 * the event store (the gateway that changes settings has none), so `globalPosition` is empty:
 * consumers must not take it for a position in the store.
 */
export function settingsChangedEvent({ tenantId, section, changed, revision, at, id = randomUUID() }: SettingsChangedEventInput): SettingsChangedEvent {
  return {
    id,
    type: SETTINGS_CHANGED,
    data: { section, changed: [...changed] },
    metadata: { tenantId },
    streamName: settingsStreamName(tenantId, section),
    revision,
    globalPosition: '',
    createdAt: at.toISOString(),
  };
}

/** Where a tenant's `SettingsChanged` is published: `events.<tenant>.settings.SettingsChanged`. */
export const settingsChangedSubject = (tenantId: string): string => subjects.event(tenantId, SETTINGS_CATEGORY, SETTINGS_CHANGED);
