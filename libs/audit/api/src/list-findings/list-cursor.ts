import { createHash } from 'node:crypto';
import { decodeQueryCursor, encodeQueryCursor, invalidCursor } from '@strata/platform-http';
import { canonicalJson } from '@strata/shared-domain';
import { z } from 'zod';

/*
 * The list's cursor: the read store's own cursor for the next page, bound to the query (tenant,
 * filters and sort, not the page size) so that it is refused with any other.
 */

export { invalidCursor };

export function queryIdOf(tenantId: string, query: object): string {
  return createHash('sha256').update(canonicalJson(['findings', tenantId, query])).digest('base64url').slice(0, 16);
}

export const encodeCursor = (queryId: string, storeCursor: string): string => encodeQueryCursor(queryId, { c: storeCursor });

/** The store cursor a cursor of `queryId` holds; `invalid_cursor` (400) for any other. */
export const decodeCursor = (cursor: string, queryId: string): string => decodeQueryCursor(cursor, queryId, z.object({ c: z.string() })).c;
