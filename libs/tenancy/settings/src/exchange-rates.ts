import { z } from 'zod';
import ratesFile from '../data/exchange-rates.json';
import { explainKeyProblems } from './zod-options';

const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code: three capital letters');

/**
 * A dated table of exchange rates from US dollars: `rates.EUR` is the euros one dollar buys.
 * `minor_units` are the ISO 4217 decimal places of each currency (JPY 0, most others 2), to
 * which converted amounts are rounded. Every currency has both, and USD is 1.
 */
export const exchangeRatesSchema = z
  .object({
    base: z.literal('USD'),
    as_of: z.iso.date().describe('The day the rates are for (YYYY-MM-DD)'),
    source: z.string().min(1).describe('Where the figures come from, and how to refresh them'),
    rates: z.record(currencyCode, z.number().positive(), { error: explainKeyProblems }),
    minor_units: z.record(currencyCode, z.int().min(0).max(4), { error: explainKeyProblems }),
  })
  .strict()
  .superRefine((table, context) => {
    if (table.rates['USD'] !== 1) context.addIssue({ code: 'custom', path: ['rates', 'USD'], message: 'must be 1: the rates are from USD' });
    for (const code of Object.keys(table.rates)) {
      if (table.minor_units[code] === undefined) context.addIssue({ code: 'custom', path: ['minor_units', code], message: `${code} has a rate but no minor unit` });
    }
    for (const code of Object.keys(table.minor_units)) {
      if (table.rates[code] === undefined) context.addIssue({ code: 'custom', path: ['rates', code], message: `${code} has a minor unit but no rate` });
    }
  });

export type ExchangeRates = z.infer<typeof exchangeRatesSchema>;

/** Parses a rate table, throwing one error that names every problem (`origin` says which file). */
export function parseExchangeRates(json: unknown, origin: string): ExchangeRates {
  const parsed = exchangeRatesSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`invalid exchange-rate table ${origin}: ${problems.join('; ')}`);
}

/**
 * The rate table this build ships (`libs/tenancy/settings/data/exchange-rates.json`), validated
 * when this module loads: a broken table stops the process at start rather than at the first
 * conversion. Its `source` says how the figures were obtained and how to refresh them.
 */
export const EXCHANGE_RATES: ExchangeRates = parseExchangeRates(ratesFile, 'libs/tenancy/settings/data/exchange-rates.json');

/** The currencies a tenant may choose: those of {@link EXCHANGE_RATES}, in the table's order. */
export const SUPPORTED_CURRENCIES: readonly string[] = Object.freeze(Object.keys(EXCHANGE_RATES.rates));

/** The rate a tenant's amounts are converted with, as the settings API shows it. */
export interface ExchangeRateView {
  base: 'USD';
  /** Units of the currency one US dollar buys. */
  rate: number;
  as_of: string;
  source: string;
}

/** The rate of `currency` in `rates`, or undefined when the table has none. */
export function exchangeRateFor(currency: string, rates: ExchangeRates = EXCHANGE_RATES): ExchangeRateView | undefined {
  const rate = Object.hasOwn(rates.rates, currency) ? rates.rates[currency] : undefined;
  return rate === undefined ? undefined : { base: rates.base, rate, as_of: rates.as_of, source: rates.source };
}

/** A currency the rate table has no rate for. */
export class UnsupportedCurrencyError extends Error {
  constructor(
    readonly currency: string,
    readonly supported: readonly string[],
  ) {
    super(`no exchange rate for currency "${currency}"; the table has ${supported.join(', ')}`);
    this.name = new.target.name;
  }
}

/**
 * `amountUsd` US dollars in `currency`, at the table's rate, rounded to the currency's minor unit
 * (half away from zero: 0.125 USD at 1 → 0.13, -0.125 → -0.13; 100.5 JPY → 101). Pure: the caller
 * passes the table (usually {@link EXCHANGE_RATES}). Throws {@link UnsupportedCurrencyError} for
 * a currency the table lacks, and a RangeError for an amount that is not a finite number.
 */
export function convertFromUsd(amountUsd: number, currency: string, rates: ExchangeRates): number {
  if (!Number.isFinite(amountUsd)) throw new RangeError(`amount must be a finite number, not ${amountUsd}`);
  const rate = Object.hasOwn(rates.rates, currency) ? rates.rates[currency] : undefined;
  const places = Object.hasOwn(rates.minor_units, currency) ? rates.minor_units[currency] : undefined;
  if (rate === undefined || places === undefined) throw new UnsupportedCurrencyError(currency, Object.keys(rates.rates));
  // The product at the precision a double holds in decimal, so that 1.15 × 100 (114.99999999999999
  // in binary) rounds as the 115 it means.
  const converted = Number((amountUsd * rate).toPrecision(15));
  return roundHalfAwayFromZero(converted, places);
}

/** `value` rounded to `places` decimals, halves away from zero, shifting in decimal (no 1.005 × 100 = 100.49999). */
export function roundHalfAwayFromZero(value: number, places: number): number {
  const rounded = Math.sign(value) * shiftDecimal(Math.round(shiftDecimal(Math.abs(value), places)), -places);
  return rounded === 0 ? 0 : rounded; // never -0
}

/** `value` × 10^`places`, done on its decimal representation (exact for the digits it has). */
function shiftDecimal(value: number, places: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}
