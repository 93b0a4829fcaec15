import { InvalidCursorError } from '@strata/platform-read-store';
import { DomainError } from '@strata/shared-domain';
import { z } from 'zod';

export const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
    cursor: z.string().min(1).max(2048).optional().describe('next_cursor of the previous page'),
  })
  .strict();

export type ListQuery = z.infer<typeof listQuerySchema>;

export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

/** A cursor from another list (or a corrupted one) is the caller's mistake, not a server error. */
export async function withCursorCheck<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new DomainError('invalid_cursor', 'cursor does not belong to this list');
    throw error;
  }
}

/** A list response schema: `{items, next_cursor?}`. */
export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({ items: z.array(item), next_cursor: z.string().optional().describe('Pass as cursor to get the next page') })
    .meta({ id });
}
