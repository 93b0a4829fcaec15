import { InvalidCursorError, type DocumentEntry, type FindPage, type FindQuery, type SortOrder, type TenantCollection, type Where } from '@strata/platform-read-store';
import { decodeCursor, encodeCursor, invalidCursor, type ScanPosition } from './api-cursor';
import { compareInStoreOrder } from './store-order';

/**
 * A list query as one index range of the read store (`where`, `sort`: the driving filter) plus
 * conditions checked here on each document (`matches`: filters no index serves). Keeping the
 * other filters out of `where` keeps the store's plan to that one index, read in order; pushing
 * them down would let SQLite pick another index and sort every match of it.
 */
export interface FilteredScan<TDoc extends object> {
  collection: Pick<TenantCollection<TDoc>, 'find'>;
  where: Where<TDoc>;
  sort: SortOrder<TDoc>;
  /** The value of the sort field of a document; omitted when sorting by id. */
  sortValue?: (doc: TDoc) => string;
  /** Conditions no index serves; omitted when the index range is the answer. */
  matches?: (doc: TDoc) => boolean;
  /** `queryIdOf(...)` of the API query, so its cursors only work for it. */
  queryId: string;
}

export interface ScanRequest {
  /** Page size: at most this many items. */
  limit: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
  /**
   * Documents examined at most per request when `matches` filters (default 5,000): a rare match
   * returns a short (even empty) page with a cursor rather than a slow one.
   */
  budget?: number;
}

export interface ScanPage<TDoc> {
  items: DocumentEntry<TDoc>[];
  nextCursor?: string;
}

export const DEFAULT_SCAN_BUDGET = 5_000;
const MIN_FILTERED_CHUNK = 100;
const MAX_FILTERED_CHUNK = 1_000;

/**
 * One page of a filtered keyset scan. Reads the index range in chunks from the store's own
 * cursors; when a page fills in the middle of a chunk, the next cursor holds that chunk's store
 * cursor and the last row examined, and the next request reads the chunk again from there, so
 * every matching document is returned once even though the store cannot start mid-chunk.
 * Without `matches`, a page is exactly one store page.
 */
export async function scanPage<TDoc extends object>(scan: FilteredScan<TDoc>, request: ScanRequest): Promise<ScanPage<TDoc>> {
  const { collection, where, sort, matches, queryId } = scan;
  const { limit } = request;
  const budget = request.budget ?? DEFAULT_SCAN_BUDGET;
  const chunkSize = matches ? Math.min(MAX_FILTERED_CHUNK, Math.max(MIN_FILTERED_CHUNK, limit * 2)) : limit;
  const keyOf = (entry: DocumentEntry<TDoc>): readonly [string | null, string] => [scan.sortValue ? scan.sortValue(entry.doc) : null, entry.id];

  let position: ScanPosition = request.cursor === undefined ? { chunk: null } : decodeCursor(request.cursor, queryId);
  const items: DocumentEntry<TDoc>[] = [];
  let examined = 0;
  for (;;) {
    const page = await readChunk(collection, { where, sort, limit: chunkSize, ...(position.chunk !== null ? { cursor: position.chunk } : {}) });
    const { after } = position;
    const rows = after ? page.items.filter((row) => compareKeys(keyOf(row), after) > 0) : page.items;
    for (const [index, row] of rows.entries()) {
      examined++;
      if (!matches || matches(row.doc)) items.push(row);
      const more = index < rows.length - 1;
      if (items.length === limit && more) return { items, nextCursor: encodeCursor(queryId, { chunk: position.chunk, after: keyOf(row) }) };
    }
    if (!page.nextCursor) return { items };
    position = { chunk: page.nextCursor };
    if (items.length === limit || examined >= budget) return { items, nextCursor: encodeCursor(queryId, position) };
  }
}

async function readChunk<TDoc extends object>(collection: Pick<TenantCollection<TDoc>, 'find'>, query: FindQuery<TDoc>): Promise<FindPage<TDoc>> {
  try {
    return await collection.find(query);
  } catch (error) {
    // A store cursor inside a cursor of ours that the store refuses: tampered with, or the store changed.
    if (error instanceof InvalidCursorError) throw invalidCursor();
    throw error;
  }
}

function compareKeys(a: readonly [string | null, string], b: readonly [string | null, string]): number {
  const [valueA, idA] = a;
  const [valueB, idB] = b;
  if (valueA !== null && valueB !== null) {
    const byValue = compareInStoreOrder(valueA, valueB);
    if (byValue !== 0) return byValue;
  }
  return compareInStoreOrder(idA, idB);
}
