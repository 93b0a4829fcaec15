import { z } from 'zod';
import { wholeNumberParam } from '@strata/contracts';

export const listQuerySchema = z
  .object({
    limit: wholeNumberParam({ min: 1, max: 200, fallback: 50 }).describe('Page size'),
    cursor: z.string().min(1).max(2048).optional().describe('next_cursor of the previous page'),
  })
  .strict();

export type ListQuery = z.infer<typeof listQuerySchema>;

export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

/** A list response schema: `{items, next_cursor?}`. */
export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({ items: z.array(item), next_cursor: z.string().optional().describe('Pass as cursor to get the next page') })
    .meta({ id });
}
