import { z } from 'zod';

/** The region a price falls back to when the resource's region is unknown or not in the table. */
export const FALLBACK_REGION = 'us-east-1';

const priceKey = z.string().regex(/^[a-z0-9]+(?:\.[a-z0-9_-]+)+$/, 'a price key: dot-separated lower-case words, e.g. ebs.gp3.gb_month');
const usd = z.number().finite().nonnegative();

/**
 * A dated table of on-demand list prices (`libs/audit/packs/data/prices/aws.json`): per region,
 * price key → USD. Units are in the key's last word: `hour`, `gb_month`, `gb`, `iops_month`, …
 */
export const priceTableSchema = z
  .strictObject({
    /** The date the figures were compiled (YYYY-MM-DD). */
    version: z.iso.date(),
    source: z.string().trim().min(1),
    currency: z.literal('USD'),
    hours_per_month: z.number().positive(),
    regions: z.record(z.string().regex(/^[a-z]{2}(?:-[a-z]+)+-\d$/, 'a region name, e.g. eu-west-1'), z.record(priceKey, usd)),
  })
  .refine((table) => Object.hasOwn(table.regions, FALLBACK_REGION), {
    path: ['regions', FALLBACK_REGION],
    message: `the table must price ${FALLBACK_REGION}: it is the fallback region`,
  });

export type PriceTable = z.infer<typeof priceTableSchema>;

export interface Price {
  usd: number;
  /** The region the figure is for. */
  region: string;
  /** True when the figure is the fallback region's, not the asked region's. */
  approximate: boolean;
}

export interface PriceLookup {
  version: string;
  hoursPerMonth: number;
  /** The price of `key` in `region`, or in us-east-1 (approximate) when the table has no figure there; undefined for an unknown key. */
  price(region: string | undefined, key: string): Price | undefined;
}

export function priceLookup(table: PriceTable): PriceLookup {
  const figure = (region: string, key: string): number | undefined => {
    const prices = Object.hasOwn(table.regions, region) ? table.regions[region] : undefined;
    return prices && Object.hasOwn(prices, key) ? prices[key] : undefined;
  };
  return {
    version: table.version,
    hoursPerMonth: table.hours_per_month,
    price(region, key) {
      const exact = region === undefined ? undefined : figure(region, key);
      if (exact !== undefined) return { usd: exact, region: region!, approximate: false };
      const fallback = figure(FALLBACK_REGION, key);
      return fallback === undefined ? undefined : { usd: fallback, region: FALLBACK_REGION, approximate: region !== FALLBACK_REGION };
    },
  };
}
