import { convertFromUsd, EXCHANGE_RATES, exchangeRateFor, parseExchangeRates, roundHalfAwayFromZero, SUPPORTED_CURRENCIES, UnsupportedCurrencyError, type ExchangeRates } from './exchange-rates';

const table = (rates: Record<string, number>, minor_units: Record<string, number>): ExchangeRates => ({
  base: 'USD',
  as_of: '2026-01-02',
  source: 'test',
  rates: { USD: 1, ...rates },
  minor_units: { USD: 2, ...minor_units },
});

describe('the exchange-rate table', () => {
  it('ships a valid table from USD with at least the ten currencies the settings offer', () => {
    expect(EXCHANGE_RATES.base).toBe('USD');
    expect(EXCHANGE_RATES.rates['USD']).toBe(1);
    expect(EXCHANGE_RATES.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(SUPPORTED_CURRENCIES).toEqual(expect.arrayContaining(['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'CHF', 'INR', 'BRL', 'SEK']));
    expect(EXCHANGE_RATES.minor_units['JPY']).toBe(0);
    expect(EXCHANGE_RATES.minor_units['EUR']).toBe(2);
  });

  it('says honestly that its figures are reference rates, and how to refresh them', () => {
    expect(EXCHANGE_RATES.source).toMatch(/^Reference rates, not market data/);
    expect(EXCHANGE_RATES.source).toContain('ecb.europa.eu');
  });

  it('refuses a table with a problem, naming each', () => {
    const good = table({ EUR: 0.9 }, { EUR: 2 });
    expect(() => parseExchangeRates({ ...good, rates: { ...good.rates, USD: 1.1 } }, 'x.json')).toThrow('invalid exchange-rate table x.json: rates.USD: must be 1: the rates are from USD');
    expect(() => parseExchangeRates({ ...good, minor_units: { USD: 2 } }, 'x.json')).toThrow('minor_units.EUR: EUR has a rate but no minor unit');
    expect(() => parseExchangeRates({ ...good, rates: { ...good.rates, EUR: -1 } }, 'x.json')).toThrow(/rates\.EUR/);
    expect(() => parseExchangeRates({ ...good, rates: { ...good.rates, eur: 1 } }, 'x.json')).toThrow(/ISO 4217/);
    expect(() => parseExchangeRates({ ...good, as_of: '30/11/2026' }, 'x.json')).toThrow(/as_of/);
    expect(() => parseExchangeRates({ ...good, base: 'EUR' }, 'x.json')).toThrow(/base/);
    expect(() => parseExchangeRates({ ...good, note: 'x' }, 'x.json')).toThrow(/note/);
    expect(parseExchangeRates(good, 'x.json')).toEqual(good);
  });

  it('gives the rate of a currency the table has, as the settings API shows it', () => {
    expect(exchangeRateFor('EUR', table({ EUR: 0.92 }, { EUR: 2 }))).toEqual({ base: 'USD', rate: 0.92, as_of: '2026-01-02', source: 'test' });
    expect(exchangeRateFor('XXX', table({}, {}))).toBeUndefined();
    expect(exchangeRateFor('toString', table({}, {}))).toBeUndefined();
  });
});

describe('convertFromUsd', () => {
  const rates = table({ EUR: 0.92, JPY: 150.5, KWD: 0.307, ONE: 1 }, { EUR: 2, JPY: 0, KWD: 3, ONE: 2 });

  it('converts at the rate and rounds to the currency minor unit', () => {
    expect(convertFromUsd(100, 'EUR', rates)).toBe(92);
    expect(convertFromUsd(12.34, 'EUR', rates)).toBe(11.35); // 11.3528
    expect(convertFromUsd(10, 'JPY', rates)).toBe(1505);
    expect(convertFromUsd(0.01, 'JPY', rates)).toBe(2); // 1.505 → 2
    expect(convertFromUsd(1, 'KWD', rates)).toBe(0.307);
    expect(convertFromUsd(1.23456, 'KWD', rates)).toBe(0.379); // 0.37900992
    expect(convertFromUsd(19.99, 'USD', rates)).toBe(19.99);
    expect(convertFromUsd(0, 'EUR', rates)).toBe(0);
  });

  it('rounds halves away from zero, in decimal (no binary 1.005 → 1.00)', () => {
    expect(convertFromUsd(0.125, 'ONE', rates)).toBe(0.13);
    expect(convertFromUsd(-0.125, 'ONE', rates)).toBe(-0.13);
    expect(convertFromUsd(1.005, 'ONE', rates)).toBe(1.01);
    expect(convertFromUsd(1.004999, 'ONE', rates)).toBe(1);
    expect(convertFromUsd(1.15, 'JPY', table({ JPY: 100 }, { JPY: 0 }))).toBe(115); // 114.99999999999999 in binary
    expect(convertFromUsd(-0.001, 'ONE', rates)).toBe(0);
    expect(Object.is(convertFromUsd(-0.001, 'ONE', rates), -0)).toBe(false);
    expect(convertFromUsd(123_456_789.125, 'ONE', rates)).toBe(123_456_789.13);
    expect(roundHalfAwayFromZero(2.5, 0)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
    expect(roundHalfAwayFromZero(1e-7, 2)).toBe(0);
    expect(roundHalfAwayFromZero(1.5e21, 2)).toBe(1.5e21);
  });

  it('refuses a currency the table lacks, naming the ones it has', () => {
    expect(() => convertFromUsd(1, 'XAU', rates)).toThrow(UnsupportedCurrencyError);
    expect(() => convertFromUsd(1, 'XAU', rates)).toThrow('no exchange rate for currency "XAU"; the table has USD, EUR, JPY, KWD, ONE');
    expect(() => convertFromUsd(1, 'constructor', rates)).toThrow(UnsupportedCurrencyError);
  });

  it('refuses an amount that is not a finite number', () => {
    for (const amount of [Number.NaN, Number.POSITIVE_INFINITY]) expect(() => convertFromUsd(amount, 'EUR', rates)).toThrow(RangeError);
  });

  it('converts with the shipped table', () => {
    const eur = EXCHANGE_RATES.rates['EUR']!;
    expect(convertFromUsd(100, 'EUR', EXCHANGE_RATES)).toBe(Math.round(100 * eur * 100) / 100);
    expect(Number.isInteger(convertFromUsd(123.45, 'JPY', EXCHANGE_RATES))).toBe(true);
  });
});
