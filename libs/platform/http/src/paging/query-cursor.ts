import { DomainError } from '@strata/contracts';
import { z } from 'zod';

/*
 * A list's cursor, bound to the query it was issued for: `q` identifies the query (tenant,
 * filters, sort; not the page size), the other fields say where the next page starts. A cursor
 * shown to any other query, or tampered with, is refused.
 */

/** A cursor that is not one this API issued for this very query. */
export const invalidCursor = (): DomainError => new DomainError('invalid_cursor', 'the cursor does not belong to this list (its filters or sort differ) or is corrupt');

export function encodeQueryCursor(queryId: string, position: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify({ q: queryId, ...position })).toString('base64url');
}

/** The position a cursor of `queryId` holds, as `position` parses it; `invalid_cursor` (400) for any other. */
export function decodeQueryCursor<T>(cursor: string, queryId: string, position: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const bound = z.object({ q: z.literal(queryId) }).passthrough().safeParse(parsed);
  if (!bound.success) throw invalidCursor();
  const { q: _q, ...rest } = bound.data;
  const decoded = position.safeParse(rest);
  if (!decoded.success) throw invalidCursor();
  return decoded.data;
}
