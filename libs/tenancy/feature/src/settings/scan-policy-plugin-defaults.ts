import { Inject, Injectable } from '@nestjs/common';
import type { PluginConfigDefaults } from '@strata/contracts';
import { effectivePolicyFor, readTenantSettings } from '@strata/tenancy-settings';
import { TENANCY_OPTIONS, type TenancyOptions } from '../tenancy-options';

/**
 * The scan policy's window for utilisation, as the config of the plugins that read utilisation
 * (today aws: CloudWatch over `metrics_lookback_days`), so a tenant's `lookback_days` reaches
 * discovery unless a job sets the field itself.
 */
const LOOKBACK_FIELD: Readonly<Record<string, string>> = { aws: 'metrics_lookback_days' };

@Injectable()
export class ScanPolicyPluginDefaults implements PluginConfigDefaults {
  constructor(@Inject(TENANCY_OPTIONS) private readonly options: TenancyOptions) {}

  async forPlugin(tenantId: string, plugin: string): Promise<Readonly<Record<string, unknown>>> {
    const field = LOOKBACK_FIELD[plugin];
    if (field === undefined) return {};
    const { scanPolicy } = await readTenantSettings(this.options.readStore, tenantId);
    return { [field]: effectivePolicyFor(scanPolicy, plugin).lookback_days };
  }
}
