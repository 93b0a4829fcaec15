import { z } from 'zod';

const NOT_WHOLE = 'expected a whole number';
const DECIMAL_DIGITS = /^\d+$/;

export interface WholeNumberParamOptions {
  min?: number;
  max?: number;
  /**
   * The value when the parameter is absent. Given here rather than with `.default()`: zod leaves
   * the default of a transforming schema out of the JSON schema of its input, so the OpenAPI
   * document would not show it.
   */
  fallback?: number;
}

function decimalDigitsAsNumber(value: unknown): unknown {
  return typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value;
}

/**
 * A whole-number query parameter (`?page=2`) within bounds; `.optional()` when it has no
 * fallback and may be left out. Query strings are text: only plain decimal digits are read as a
 * number, since `Number()` (what `z.coerce` uses) also reads `1e3`, `0x10`, `+5`, ` 2` and the
 * empty string. Anything else says "expected a whole number" rather than "received NaN".
 */
export function wholeNumberParam({ min, max, fallback }: WholeNumberParamOptions = {}) {
  let number = z.number({ error: NOT_WHOLE }).int({ error: NOT_WHOLE });
  if (min !== undefined) number = number.min(min);
  if (max !== undefined) number = number.max(max);
  const param = z.preprocess(decimalDigitsAsNumber, number);
  // A prefault is an input: the fallback is parsed (and bounded) like a value that was sent.
  return fallback === undefined ? param : param.prefault(fallback);
}
