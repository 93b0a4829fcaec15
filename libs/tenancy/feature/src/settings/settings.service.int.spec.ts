import { join } from 'node:path';
import type { PluginCatalog } from '@strata/contracts';
import { DownstreamUnavailableError, RequestValidationError } from '@strata/platform-http';
import type { MessagingClient, PublishOptions } from '@strata/platform-messaging';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { TenantSettingsReader, type SettingsChangedEvent } from '@strata/tenancy-settings';
import { makeTempDir, type TempDir } from '@strata/testing';
import type { SecretKey } from '@strata/platform-secrets';
import type { TenancyOptions } from '../tenancy-options';
import { TenantsService } from '../tenants/tenants.service';
import { SettingsService } from './settings.service';

/** Stands in for the bus: records what is published, and can be down or fail to publish. */
class FakeBus {
  connected = true;
  failNext = 0;
  readonly published: { subject: string; event: SettingsChangedEvent; msgId: string }[] = [];

  async publish(subject: string, payload: unknown, options: PublishOptions) {
    if (this.failNext > 0) {
      this.failNext--;
      throw Object.assign(new Error('timed out waiting for the stream'), { name: 'TimeoutError' });
    }
    this.published.push({ subject, event: payload as SettingsChangedEvent, msgId: options.msgId });
    return { stream: 'EVENTS', seq: this.published.length, duplicate: false };
  }
}

const catalog = { list: () => [{ id: 'aws' }, { id: 'gcp' }] } as unknown as PluginCatalog;

describe('SettingsService: storing a change, then announcing it', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let options: TenancyOptions;
  let tenants: TenantsService;
  let reader: TenantSettingsReader;

  beforeAll(async () => {
    dir = await makeTempDir();
    readStore = await openSqliteReadStore(join(dir.path, 'strata.db'));
    let tick = 0;
    options = { readStore, secretKey: {} as SecretKey, clock: () => new Date(Date.UTC(2026, 11, 5, 10, 0, tick++)) };
    tenants = new TenantsService(options);
    await tenants.create({ id: 'acme-corp', name: 'Acme' });
    reader = new TenantSettingsReader(readStore);
  });

  afterAll(async () => {
    await readStore.close();
    await dir.remove();
  });

  /** `plugins: null` for a process without a plugin catalog. */
  const service = (bus?: FakeBus, plugins: PluginCatalog | null = catalog) =>
    new SettingsService(options, tenants, bus as unknown as MessagingClient | undefined, plugins ?? undefined);

  it('answers 503 before writing anything while NATS is unreachable, or when the process has no client', async () => {
    const bus = Object.assign(new FakeBus(), { connected: false });
    await expect(service(bus).updateGeneral('acme-corp', { currency: 'EUR' })).rejects.toThrow(DownstreamUnavailableError);
    await expect(service(undefined).updateScanPolicy('acme-corp', { global: { cpu_percent: 1 } })).rejects.toThrow(DownstreamUnavailableError);
    expect(await reader.record('acme-corp', 'general')).toBeUndefined();
    expect(await reader.record('acme-corp', 'scan-policy')).toBeUndefined();
    expect(bus.published).toEqual([]);
    // Reading needs no bus.
    expect((await service(undefined).general('acme-corp')).currency).toBe('USD');
  });

  it('keeps a change whose announcement failed, and announces it (same id) before the next change of the section', async () => {
    const bus = new FakeBus();
    bus.failNext = 1;
    await expect(service(bus).updateGeneral('acme-corp', { currency: 'EUR' })).rejects.toThrow(DownstreamUnavailableError);
    const kept = await reader.record('acme-corp', 'general');
    expect(kept).toMatchObject({ values: { currency: 'EUR' }, revision: 0, pending_event: { type: 'settings.SettingsChanged', tenant_id: 'acme-corp', data: { section: 'general', changed: ['currency'] } } });
    const pendingId = kept!.pending_event!.id;

    // The client retries the same change: nothing is left to change, but the pending event goes out.
    const retried = await service(bus).updateGeneral('acme-corp', { currency: 'EUR' });
    expect(retried).toMatchObject({ currency: 'EUR', updated_at: kept!.updated_at });
    expect(bus.published).toEqual([{ subject: 'events.acme-corp.settings.SettingsChanged', event: kept!.pending_event, msgId: pendingId }]);
    expect((await reader.record('acme-corp', 'general'))!.pending_event).toBeNull();

    // A different change after a failure: the pending one first, then its own.
    bus.failNext = 1;
    await expect(service(bus).updateGeneral('acme-corp', { api_timeout_seconds: 10 })).rejects.toThrow(DownstreamUnavailableError);
    await service(bus).updateGeneral('acme-corp', { notification_trigger_mode: 'waste_only' });
    expect(bus.published.slice(1).map(({ event }) => event.data.changed)).toEqual([['api_timeout_seconds'], ['notification_trigger_mode']]);
    expect(await reader.record('acme-corp', 'general')).toMatchObject({ revision: 2, pending_event: null });
    expect(await reader.general('acme-corp')).toMatchObject({ currency: 'EUR', api_timeout_seconds: 10, notification_trigger_mode: 'waste_only' });
  });

  it('refuses provider names the plugin catalog does not have, before writing anything', async () => {
    const bus = new FakeBus();
    const attempt = service(bus).updateScanPolicy('acme-corp', { providers: { aws: { cpu_percent: 1 }, azure: { cpu_percent: 1 } } });
    await expect(attempt).rejects.toThrow(RequestValidationError);
    await expect(attempt).rejects.toMatchObject({ details: [{ path: 'providers.azure', message: 'unknown provider "azure": one of aws, gcp' }] });
    await expect(service(bus, null).updateScanPolicy('acme-corp', { providers: { aws: { cpu_percent: 1 } } })).rejects.toMatchObject({
      details: [{ path: 'providers.aws', message: expect.stringContaining('no plugin catalog') }],
    });
    expect(await reader.record('acme-corp', 'scan-policy')).toBeUndefined();
    expect(bus.published).toEqual([]);
    await service(bus).updateScanPolicy('acme-corp', { providers: { aws: { cpu_percent: 1 } } });
    expect(bus.published).toHaveLength(1);
  });

  it('answers tenant_not_found for a tenant nobody created', async () => {
    await expect(service(new FakeBus()).general('nowhere')).rejects.toMatchObject({ code: 'tenant_not_found' });
    await expect(service(new FakeBus()).updateGeneral('nowhere', { currency: 'EUR' })).rejects.toMatchObject({ code: 'tenant_not_found' });
  });
});
