import { createHash } from 'node:crypto';
import { canonicalJson, DomainError } from '@strata/shared-domain';
import { z } from 'zod';

/** Where a filtered scan stopped: the store cursor of the chunk it was in, and the last row it examined. */
export interface ScanPosition {
  /** The read store cursor the chunk was read from; null for the first chunk. */
  chunk: string | null;
  /** Sort value (null when sorted by id) and id of the last row examined in that chunk. */
  after?: readonly [value: string | null, id: string];
}

const payloadSchema = z.object({
  q: z.string(),
  c: z.string().nullable(),
  a: z.tuple([z.string().nullable(), z.string()]).optional(),
});

/** A cursor that is not one this API issued for this very query (tenant, path and filters). */
export const invalidCursor = (): DomainError => new DomainError('invalid_cursor', 'the cursor does not belong to this list (its filters differ) or is corrupt');

/** Identifies a list query (tenant, list, filters, but not the page size): a cursor only works for its own. */
export function queryIdOf(list: string, tenantId: string, filters: object): string {
  return createHash('sha256').update(canonicalJson([list, tenantId, filters])).digest('base64url').slice(0, 16);
}

export function encodeCursor(queryId: string, position: ScanPosition): string {
  const payload: z.infer<typeof payloadSchema> = { q: queryId, c: position.chunk, ...(position.after ? { a: [...position.after] } : {}) };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** The position a cursor of `queryId` holds; `invalid_cursor` (400) for any other. */
export function decodeCursor(cursor: string, queryId: string): ScanPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const payload = payloadSchema.safeParse(parsed);
  if (!payload.success || payload.data.q !== queryId) throw invalidCursor();
  const { c, a } = payload.data;
  return { chunk: c, ...(a ? { after: a } : {}) };
}
