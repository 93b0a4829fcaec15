import type { EventEnvelope, SettingsChangedData, SettingsSection } from '@strata/contracts';
import { defineCollection, type ReadStore } from '@strata/platform-read-store';
import type { StoredGeneralSettings } from './general-settings';
import type { StoredScanPolicy } from './scan-policy';
import { generalSettingsView, scanPolicyView, type GeneralSettingsView, type ScanPolicyView } from './settings-views';

/** The `SettingsChanged` event as published: its envelope. */
export type SettingsChangedEvent = EventEnvelope<SettingsChangedData>;

interface SettingsRecordOf<Section extends SettingsSection, Values> {
  section: Section;
  /** What the tenant chose (sparse): what it never set takes the defaults when read. */
  values: Values;
  /** When the section last changed (ISO 8601). */
  updated_at: string;
  /** Revision of the section's last `SettingsChanged` (0 for the first change). */
  revision: number;
  /**
   * The `SettingsChanged` of the last change while it is not yet published: written with the
   * change, cleared once NATS has it. A change whose publish failed is published by the next
   * PATCH of the section (the client's retry) before anything else, with the same id.
   */
  pending_event: SettingsChangedEvent | null;
}

export type GeneralSettingsRecord = SettingsRecordOf<'general', StoredGeneralSettings>;
export type ScanPolicyRecord = SettingsRecordOf<'scan-policy', StoredScanPolicy>;
export type TenantSettingsRecord = GeneralSettingsRecord | ScanPolicyRecord;

/**
 * Tenant settings, in the tenant's scope, one document per section, keyed by the section's name
 * (`general`, `scan-policy`). Written by the settings API (`@strata/tenancy-feature`); read by
 * anyone through {@link readTenantSettings}.
 */
export const tenantSettingsCollection = defineCollection<TenantSettingsRecord>({ name: 'tenancy_settings', indexes: {} });

/**
 * A tenant's settings in effect, every field filled, as `GET .../settings/<section>` shows them
 * (each with `updated_at`, null while the section holds its defaults; the general section with
 * the `exchange_rate` of its currency).
 */
export interface TenantSettings {
  general: GeneralSettingsView;
  scanPolicy: ScanPolicyView;
}

/**
 * Reads tenants' settings from the read store the settings API writes to. A tenant (known or
 * not) that never changed a section gets its defaults; nothing is cached, so a change applies to
 * the next read. For services that react to changes: `SettingsChanged` on
 * `events.<tenant>.settings.SettingsChanged` says which section and fields changed.
 */
export class TenantSettingsReader {
  constructor(private readonly readStore: ReadStore) {}

  async general(tenantId: string): Promise<GeneralSettingsView> {
    return generalSettingsView(await this.record(tenantId, 'general'));
  }

  /** The policy; `effectivePolicyFor(policy, provider)` gives the thresholds for one provider. */
  async scanPolicy(tenantId: string): Promise<ScanPolicyView> {
    return scanPolicyView(await this.record(tenantId, 'scan-policy'));
  }

  async all(tenantId: string): Promise<TenantSettings> {
    const records = await this.readStore.collection(tenantSettingsCollection).forTenant(tenantId).getMany(['general', 'scan-policy']);
    const general = records.get('general') as GeneralSettingsRecord | undefined;
    const scanPolicy = records.get('scan-policy') as ScanPolicyRecord | undefined;
    return { general: generalSettingsView(general?.section === 'general' ? general : undefined), scanPolicy: scanPolicyView(scanPolicy?.section === 'scan-policy' ? scanPolicy : undefined) };
  }

  /** The stored record of one section, as written (undefined before its first change). */
  record(tenantId: string, section: 'general'): Promise<GeneralSettingsRecord | undefined>;
  record(tenantId: string, section: 'scan-policy'): Promise<ScanPolicyRecord | undefined>;
  async record(tenantId: string, section: SettingsSection): Promise<TenantSettingsRecord | undefined> {
    const record = await this.readStore.collection(tenantSettingsCollection).forTenant(tenantId).get(section);
    return record?.section === section ? record : undefined;
  }
}

/** A tenant's settings in effect (defaults for what it never set): `new TenantSettingsReader(readStore).all(tenantId)`. */
export function readTenantSettings(readStore: ReadStore, tenantId: string): Promise<TenantSettings> {
  return new TenantSettingsReader(readStore).all(tenantId);
}
