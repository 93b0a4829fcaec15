import type { ReadStore } from '@strata/platform-read-store';
import { convertFromUsd, EXCHANGE_RATES, readTenantSettings } from '@strata/tenancy-settings';

/** The tenant's currency and a converter from USD (the price table's) to it, rounded to its minor unit, as the Findings API shows amounts. */
export async function tenantMoney(readStore: ReadStore, tenantId: string): Promise<{ currency: string; money: (usd: number) => number }> {
  const { general } = await readTenantSettings(readStore, tenantId);
  return { currency: general.currency, money: (usd) => convertFromUsd(usd, general.currency, EXCHANGE_RATES) };
}
