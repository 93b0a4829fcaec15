import { priceLookup, type PriceSource } from '@strata/audit-domain';
import { loadPriceTable } from './load-pack-data';

let shipped: PriceSource | undefined;

/** The dated price table shipped with Strata (`data/prices/aws.json`), read once per process. */
export function builtInPrices(): PriceSource {
  return (shipped ??= priceLookup(loadPriceTable()));
}
