import { z } from 'zod';
import { wholeNumberParam } from '@strata/contracts';
import { listOrEnvelopeSchema, withListEnvelope } from '@strata/platform-http';

/** A tenancy list's query: keyset `limit`/`cursor`, and `envelope` (seed 001's cursor envelope, answered by `answerNextCursorList`). */
export const listQuerySchema = withListEnvelope(
  z
    .object({
      limit: wholeNumberParam({ min: 1, max: 200, fallback: 50 }).describe('Page size'),
      cursor: z.string().min(1).max(2048).optional().describe('next_cursor of the previous page'),
    })
    .strict(),
);

export type ListQuery = z.infer<typeof listQuerySchema>;

export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

/** A list response schema: `{items, next_cursor?}`, or with `envelope=true` the cursor envelope (`<id>Envelope`). */
export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  const own = z.object({ items: z.array(item), next_cursor: z.string().optional().describe('Pass as cursor to get the next page') }).meta({ id });
  return listOrEnvelopeSchema(own, item, `${id}Envelope`);
}
