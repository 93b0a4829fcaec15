import { openSqliteReadStore } from '@strata/platform-read-store';
import { tenantSettingsCollection } from '@strata/tenancy-settings';
import type { TenancyOptions } from '../tenancy-options';
import { ScanPolicyPluginDefaults } from './scan-policy-plugin-defaults';

describe('ScanPolicyPluginDefaults', () => {
  const readStore = openSqliteReadStore(':memory:');
  const defaults = new ScanPolicyPluginDefaults({ readStore } as unknown as TenancyOptions);
  afterAll(() => readStore.close());

  it("gives the aws plugin the tenant's look-back (its aws override first), and other plugins nothing", async () => {
    expect(await defaults.forPlugin('acme', 'aws')).toEqual({ metrics_lookback_days: 14 });
    await readStore.collection(tenantSettingsCollection).forTenant('acme').upsert('scan-policy', {
      section: 'scan-policy',
      values: { global: { lookback_days: 30 }, providers: { aws: { lookback_days: 7 } } },
      updated_at: '2026-12-01T00:00:00.000Z',
      revision: 0,
      pending_event: null,
    } as never);
    expect(await defaults.forPlugin('acme', 'aws')).toEqual({ metrics_lookback_days: 7 });
    expect(await defaults.forPlugin('acme', 'demo')).toEqual({});
    expect(await defaults.forPlugin('globex', 'aws')).toEqual({ metrics_lookback_days: 14 });
  });
});
