import { createHash } from 'node:crypto';
import { DomainError } from '@strata/contracts';
import { canonicalJson } from '@strata/shared-domain';
import { z } from 'zod';

/*
 * The list's cursor: the read store's own cursor for the next page, bound to the query (tenant,
 * filters and sort, not the page size) so that it is refused with any other.
 */

const payloadSchema = z.object({ q: z.string(), c: z.string() });

export const invalidCursor = (): DomainError => new DomainError('invalid_cursor', 'the cursor does not belong to this list (its filters or sort differ) or is corrupt');

export function queryIdOf(tenantId: string, query: object): string {
  return createHash('sha256').update(canonicalJson(['findings', tenantId, query])).digest('base64url').slice(0, 16);
}

export const encodeCursor = (queryId: string, storeCursor: string): string => Buffer.from(JSON.stringify({ q: queryId, c: storeCursor })).toString('base64url');

/** The store cursor a cursor of `queryId` holds; `invalid_cursor` (400) for any other. */
export function decodeCursor(cursor: string, queryId: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const payload = payloadSchema.safeParse(parsed);
  if (!payload.success || payload.data.q !== queryId) throw invalidCursor();
  return payload.data.c;
}
