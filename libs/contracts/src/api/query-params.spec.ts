import { z } from 'zod';
import { REQUEST_PARSE_OPTIONS } from './errors';
import { wholeNumberParam } from './query-params';

const query = z.object({ page: wholeNumberParam({ min: 1, max: 1000, fallback: 1 }) }).strict();
const parse = (page?: unknown) => query.safeParse(page === undefined ? {} : { page }, REQUEST_PARSE_OPTIONS);

describe('wholeNumberParam', () => {
  it('reads plain decimal digits as a number, and applies the default', () => {
    expect(parse('12').data).toEqual({ page: 12 });
    expect(parse('007').data).toEqual({ page: 7 });
    expect(parse().data).toEqual({ page: 1 });
  });

  it.each(['1e3', '0x10', '0b11', '0o7', '+5', '-1', ' 2', '2 ', '1.5', '1.0', 'Infinity', 'NaN', '', 'abc'])('refuses %j as no whole number', (page) => {
    expect(parse(page).error?.issues.map((issue) => issue.message)).toEqual(['expected a whole number']);
  });

  it('refuses a repeated parameter (an array) as no whole number', () => {
    expect(parse(['1', '2']).error?.issues.map((issue) => issue.message)).toEqual(['expected a whole number']);
  });

  it('keeps its bounds', () => {
    expect(parse('0').success).toBe(false);
    expect(parse('1001').success).toBe(false);
    expect(parse('1000').data).toEqual({ page: 1000 });
  });

  it('is documented as a bounded integer', () => {
    expect(z.toJSONSchema(query, { io: 'input' }).properties?.['page']).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000, default: 1 });
  });
});
