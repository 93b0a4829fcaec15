import type { DocumentEntry } from './document-rules';
import type { FindQuery, TenantCollection } from './read-store';

/**
 * Every document `query` matches, read a page (`limit`) at a time with keyset cursors, as one
 * sequence: for work that must see them all without holding them all.
 */
export async function* findAll<TDoc extends object>(
  collection: TenantCollection<TDoc>,
  query: Omit<FindQuery<TDoc>, 'cursor'>,
): AsyncGenerator<DocumentEntry<TDoc>> {
  let cursor: string | undefined;
  do {
    const page = await collection.find({ ...query, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
