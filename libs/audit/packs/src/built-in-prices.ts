import type { PriceSource } from '@strata/audit-domain';

/** The dated price table shipped with Strata. Until it lands, no price is known: savings stay unknown. */
export function builtInPrices(): PriceSource {
  return { price: () => undefined };
}
