import { z } from 'zod';

const NOT_WHOLE = 'expected a whole number';

/**
 * A whole-number query parameter (`?page=2`), its bounds and default added by the caller. Query
 * strings are text, so it is coerced; a value that is no whole number says so rather than
 * "expected number, received NaN".
 */
export const wholeNumberParam = () => z.coerce.number({ error: NOT_WHOLE }).int({ error: NOT_WHOLE });
