import { Inject, Injectable, Optional } from '@nestjs/common';
import { PLUGIN_CATALOG, type PluginCatalog, type SettingsSection } from '@strata/contracts';
import { DownstreamUnavailableError, RequestValidationError } from '@strata/platform-http';
import { MessagingClient } from '@strata/platform-messaging';
import type { TenantCollection } from '@strata/platform-read-store';
import { KeyedLock } from '@strata/shared-domain';
import {
  applyGeneralPatch,
  applyScanPolicyPatch,
  changedPaths,
  generalSettingsView,
  resolveGeneralSettings,
  resolveScanPolicy,
  scanPolicyView,
  settingsChangedEvent,
  settingsChangedSubject,
  TenantSettingsReader,
  tenantSettingsCollection,
  unknownProviderProblems,
  type GeneralSettingsRecord,
  type GeneralSettingsView,
  type ScanPolicyRecord,
  type ScanPolicyView,
  type SettingsChangedEvent,
  type TenantSettingsRecord,
  type UpdateGeneralSettingsRequest,
  type UpdateScanPolicyRequest,
} from '@strata/tenancy-settings';
import { TENANCY_OPTIONS, type TenancyOptions } from '../tenancy-options';
import { TenantsService } from '../tenants/tenants.service';

/** What the service needs of the bus: to publish, and to know whether it can right now. */
type SettingsPublisher = Pick<MessagingClient, 'publish' | 'connected'>;

/**
 * A tenant's settings (general, scan policy) as the API reads and changes them. A change is
 * stored, then announced as `SettingsChanged` on NATS; the event is written with the change (an
 * outbox of one) and cleared once published, so a publish that fails is made good by the next
 * change of the section, with the same event id. Changes need NATS: without a connection a PATCH
 * is answered 503 before anything is written.
 */
@Injectable()
export class SettingsService {
  private readonly lock = new KeyedLock();
  private readonly reader: TenantSettingsReader;

  constructor(
    @Inject(TENANCY_OPTIONS) private readonly options: TenancyOptions,
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Optional() @Inject(MessagingClient) private readonly messaging?: SettingsPublisher,
    @Optional() @Inject(PLUGIN_CATALOG) private readonly plugins?: PluginCatalog,
  ) {
    this.reader = new TenantSettingsReader(options.readStore);
  }

  async general(tenantId: string): Promise<GeneralSettingsView> {
    await this.tenants.require(tenantId);
    return generalSettingsView(await this.reader.record(tenantId, 'general'));
  }

  async scanPolicy(tenantId: string): Promise<ScanPolicyView> {
    await this.tenants.require(tenantId);
    return scanPolicyView(await this.reader.record(tenantId, 'scan-policy'));
  }

  async updateGeneral(tenantId: string, patch: UpdateGeneralSettingsRequest): Promise<GeneralSettingsView> {
    await this.tenants.require(tenantId);
    return this.lock.run(`${tenantId}\ngeneral`, async () => {
      const current = await this.reader.record(tenantId, 'general');
      const values = applyGeneralPatch(current?.values ?? {}, patch);
      const changed = changedPaths(resolveGeneralSettings(current?.values), resolveGeneralSettings(values));
      return generalSettingsView(await this.commit<GeneralSettingsRecord>(tenantId, 'general', current, values, changed));
    });
  }

  async updateScanPolicy(tenantId: string, patch: UpdateScanPolicyRequest): Promise<ScanPolicyView> {
    await this.tenants.require(tenantId);
    return this.lock.run(`${tenantId}\nscan-policy`, async () => {
      const current = await this.reader.record(tenantId, 'scan-policy');
      const known = this.plugins?.list().map((plugin) => plugin.id) ?? [];
      const problems = unknownProviderProblems(patch, current?.values ?? {}, known);
      if (problems.length > 0) throw new RequestValidationError('Invalid request body', problems);
      const values = applyScanPolicyPatch(current?.values ?? {}, patch);
      const changed = changedPaths(resolveScanPolicy(current?.values), resolveScanPolicy(values));
      return scanPolicyView(await this.commit<ScanPolicyRecord>(tenantId, 'scan-policy', current, values, changed));
    });
  }

  /**
   * Publishes the section's pending event, if a failed publish left one, then stores `values`
   * and announces `changed`; a change that changes nothing writes and announces nothing.
   */
  private async commit<R extends TenantSettingsRecord>(
    tenantId: string,
    section: R['section'] & SettingsSection,
    current: R | undefined,
    values: R['values'],
    changed: string[],
  ): Promise<R | undefined> {
    if (!current?.pending_event && changed.length === 0) return current;
    const messaging = this.connectedMessaging();
    const records = this.records(tenantId) as unknown as TenantCollection<R>;
    let latest = current;
    if (latest?.pending_event) {
      await this.publish(messaging, latest.pending_event);
      latest = { ...latest, pending_event: null };
      await records.upsert(section, latest);
    }
    if (changed.length === 0) return latest;

    const at = this.options.clock();
    const revision = latest ? latest.revision + 1 : 0;
    const event = settingsChangedEvent({ tenantId, section, changed, at });
    const record = { section, values, updated_at: at.toISOString(), revision, pending_event: event } as R;
    await records.upsert(section, record);
    await this.publish(messaging, event);
    const published = { ...record, pending_event: null };
    await records.upsert(section, published);
    return published;
  }

  private records(tenantId: string): TenantCollection<TenantSettingsRecord> {
    return this.options.readStore.collection(tenantSettingsCollection).forTenant(tenantId);
  }

  /** The bus, when connected; a 503 before anything is written otherwise. */
  private connectedMessaging(): SettingsPublisher {
    if (!this.messaging) throw new DownstreamUnavailableError('nats (this process has no messaging client to announce settings changes with)');
    if (!this.messaging.connected) throw new DownstreamUnavailableError('nats');
    return this.messaging;
  }

  private async publish(messaging: SettingsPublisher, event: SettingsChangedEvent): Promise<void> {
    try {
      await messaging.publish(settingsChangedSubject(event.tenant_id), event, { msgId: event.id });
    } catch (error) {
      throw new DownstreamUnavailableError('nats', { cause: error });
    }
  }
}
