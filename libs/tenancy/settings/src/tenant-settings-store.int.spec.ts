import { join } from 'node:path';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { makeTempDir, type TempDir } from '@strata/testing';
import { EXCHANGE_RATES } from './exchange-rates';
import { effectivePolicyFor } from './scan-policy';
import { readTenantSettings, TenantSettingsReader, tenantSettingsCollection, type GeneralSettingsRecord, type ScanPolicyRecord } from './tenant-settings-store';

describe('reading tenant settings from the read store', () => {
  let dir: TempDir;
  let readStore: ReadStore;

  beforeAll(async () => {
    dir = await makeTempDir();
    readStore = await openSqliteReadStore(join(dir.path, 'strata.db'));
  });

  afterAll(async () => {
    await readStore.close();
    await dir.remove();
  });

  const usd = { base: 'USD', rate: 1, as_of: EXCHANGE_RATES.as_of, source: EXCHANGE_RATES.source };

  it('gives the defaults for a tenant that never changed anything (or does not exist)', async () => {
    expect(await readTenantSettings(readStore, 'acme-corp')).toEqual({
      general: { currency: 'USD', api_timeout_seconds: 30, notification_trigger_mode: 'scan_complete', report_retention_days: 90, updated_at: null, exchange_rate: usd },
      scanPolicy: { global: { cpu_percent: 5, network_mb: 5, lookback_days: 14 }, providers: {}, updated_at: null },
    });
  });

  it("gives what a tenant stored, over the defaults, and only that tenant's", async () => {
    const acme = readStore.collection(tenantSettingsCollection).forTenant('acme-corp');
    const general: GeneralSettingsRecord = { section: 'general', values: { currency: 'JPY' }, updated_at: '2026-12-01T10:00:00.000Z', revision: 0, pending_event: null };
    const scanPolicy: ScanPolicyRecord = {
      section: 'scan-policy',
      values: { global: { cpu_percent: 3 }, providers: { aws: { lookback_days: 30 } } },
      updated_at: '2026-12-02T10:00:00.000Z',
      revision: 1,
      pending_event: null,
    };
    await acme.upsert('general', general);
    await acme.upsert('scan-policy', scanPolicy);

    const reader = new TenantSettingsReader(readStore);
    const settings = await reader.all('acme-corp');
    expect(settings.general).toEqual({
      currency: 'JPY',
      api_timeout_seconds: 30,
      notification_trigger_mode: 'scan_complete',
      report_retention_days: 90,
      updated_at: '2026-12-01T10:00:00.000Z',
      exchange_rate: { ...usd, rate: EXCHANGE_RATES.rates['JPY'] },
    });
    expect(settings.scanPolicy).toEqual({ global: { cpu_percent: 3, network_mb: 5, lookback_days: 14 }, providers: { aws: { lookback_days: 30 } }, updated_at: '2026-12-02T10:00:00.000Z' });
    expect(effectivePolicyFor(settings.scanPolicy, 'aws')).toEqual({ cpu_percent: 3, network_mb: 5, lookback_days: 30 });
    expect(await reader.general('acme-corp')).toEqual(settings.general);
    expect(await reader.scanPolicy('acme-corp')).toEqual(settings.scanPolicy);
    expect(await reader.record('acme-corp', 'general')).toEqual(general);

    expect((await reader.all('globex')).general.currency).toBe('USD');
    expect((await reader.all('globex')).scanPolicy.updated_at).toBeNull();
  });
});
