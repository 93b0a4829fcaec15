import { isWithinJsonLimits, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './json-body-parser';

/** `levels` objects, each the only member of the one around it. */
const nested = (levels: number): unknown => JSON.parse('{"a":'.repeat(levels) + '1' + '}'.repeat(levels));
const nestedArrays = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('isWithinJsonLimits', () => {
  it('accepts scalars and bodies up to the depth limit, objects and arrays alike', () => {
    for (const value of [null, 1, 'text', true, {}, []]) expect(isWithinJsonLimits(value)).toBe(true);
    expect(isWithinJsonLimits(nested(MAX_JSON_DEPTH))).toBe(true);
    expect(isWithinJsonLimits(nestedArrays(MAX_JSON_DEPTH))).toBe(true);
  });

  it('refuses one level more', () => {
    expect(isWithinJsonLimits(nested(MAX_JSON_DEPTH + 1))).toBe(false);
    expect(isWithinJsonLimits(nestedArrays(MAX_JSON_DEPTH + 1))).toBe(false);
    expect(isWithinJsonLimits({ shallow: 1, deep: nested(MAX_JSON_DEPTH) })).toBe(false);
  });

  it('walks nesting far deeper than the call stack allows without overflowing', () => {
    expect(isWithinJsonLimits(nestedArrays(200_000), { maxDepth: 300_000, maxValues: 300_000 })).toBe(true);
  });

  it('counts every object member and array item, at every level', () => {
    expect(isWithinJsonLimits(new Array(MAX_JSON_VALUES).fill(0))).toBe(true);
    expect(isWithinJsonLimits(new Array(MAX_JSON_VALUES + 1).fill(0))).toBe(false);
    const spread = { a: new Array(MAX_JSON_VALUES / 2).fill(0), b: { c: new Array(MAX_JSON_VALUES / 2 - 3).fill({}) } };
    expect(isWithinJsonLimits(spread)).toBe(true); // a, b, c and the items: exactly the limit
    expect(isWithinJsonLimits({ ...spread, d: 0 })).toBe(false);
  });
});
