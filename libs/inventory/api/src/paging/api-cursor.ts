import { createHash } from 'node:crypto';
import { decodeQueryCursor, encodeQueryCursor, invalidCursor } from '@strata/platform-http';
import { canonicalJson } from '@strata/shared-domain';
import { z } from 'zod';

/** Where a filtered scan stopped: the store cursor of the chunk it was in, and the last row it examined. */
export interface ScanPosition {
  /** The read store cursor the chunk was read from; null for the first chunk. */
  chunk: string | null;
  /** Sort value (null when sorted by id) and id of the last row examined in that chunk. */
  after?: readonly [value: string | null, id: string];
}

const positionSchema = z.object({
  c: z.string().nullable(),
  a: z.tuple([z.string().nullable(), z.string()]).optional(),
});

export { invalidCursor };

/** Identifies a list query (tenant, list, filters, but not the page size): a cursor only works for its own. */
export function queryIdOf(list: string, tenantId: string, filters: object): string {
  return createHash('sha256').update(canonicalJson([list, tenantId, filters])).digest('base64url').slice(0, 16);
}

export function encodeCursor(queryId: string, position: ScanPosition): string {
  return encodeQueryCursor(queryId, { c: position.chunk, ...(position.after ? { a: [...position.after] } : {}) });
}

/** The position a cursor of `queryId` holds; `invalid_cursor` (400) for any other. */
export function decodeCursor(cursor: string, queryId: string): ScanPosition {
  const { c, a } = decodeQueryCursor(cursor, queryId, positionSchema);
  return { chunk: c, ...(a ? { after: a } : {}) };
}
