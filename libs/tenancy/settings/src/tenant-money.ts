import type { ReadStore } from '@strata/platform-read-store';
import { convertFromUsd, EXCHANGE_RATES } from './exchange-rates';
import { readTenantSettings } from './tenant-settings-store';

/**
 * Amounts as a tenant reads them: savings are kept in USD (the price table's currency) and shown
 * in the tenant's `currency` setting, converted with the dated exchange-rate table and rounded to
 * the currency's minor unit.
 */
export class TenantMoney {
  private constructor(readonly currency: string) {}

  static async of(readStore: ReadStore, tenantId: string): Promise<TenantMoney> {
    const { general } = await readTenantSettings(readStore, tenantId);
    return new TenantMoney(general.currency);
  }

  /** USD, unconverted: for callers that have no tenant (tests of shapes). */
  static readonly usd = new TenantMoney('USD');

  amount(usd: number): number;
  amount(usd: number | null): number | null;
  amount(usd: number | null): number | null {
    return usd === null ? null : convertFromUsd(usd, this.currency, EXCHANGE_RATES);
  }
}
