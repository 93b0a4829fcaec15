import type { CollectionDefinition, IndexablePath, PathValue } from './collection-definition';
import type { DocumentEntry } from './document-rules';

/** Matches documents whose field is in the list; `null` in the list also matches null or missing. */
export interface InFilter<V> {
  readonly $in: readonly (V | null)[];
}

/** Bounds on a field; null or missing values never match a range. */
export interface RangeFilter<V> {
  readonly $gt?: V;
  readonly $gte?: V;
  readonly $lt?: V;
  readonly $lte?: V;
}

/** A value (equality; `null` matches null or missing), an `$in` list, or range bounds. */
export type FieldFilter<V> = V | null | InFilter<V> | RangeFilter<V>;

/**
 * Conditions on indexed fields, all of which must hold. `$id` filters on the document id, which
 * the primary key serves with no index of its own: a range of ids is how a collection whose ids
 * start with a field's value finds the documents of that value (edges by their source node).
 */
export type Where<TDoc> = { readonly [P in IndexablePath<TDoc>]?: FieldFilter<PathValue<TDoc, P>> } & {
  readonly $id?: IdFilter;
};

/** A document id, a list of ids, or bounds on ids (ids are never null). */
export type IdFilter = string | { readonly $in: readonly string[] } | RangeFilter<string>;

/**
 * Order by one indexed field, ties broken by document id in the same direction. Null and missing
 * values count as lower than every value: first when ascending, last when descending. Without a
 * field, documents are ordered by id.
 */
export interface SortOrder<TDoc> {
  readonly field?: IndexablePath<TDoc>;
  readonly direction?: 'asc' | 'desc';
}

export interface FindQuery<TDoc> {
  readonly where?: Where<TDoc>;
  readonly sort?: SortOrder<TDoc>;
  /** Page size, 1 to {@link MAX_PAGE_SIZE}. */
  readonly limit: number;
  /** `nextCursor` of the previous page of the same query (same tenant, filter and sort). */
  readonly cursor?: string;
}

export interface FindPage<TDoc> {
  readonly items: DocumentEntry<TDoc>[];
  /**
   * Present when more documents may follow. Paging is keyset-based: documents written between
   * pages appear on a later page only if they sort after the cursor, and no document is returned
   * twice unless its sort field changes while paging.
   */
  readonly nextCursor?: string;
}

/** The largest page `find` returns. */
export const MAX_PAGE_SIZE = 10_000;

/** Position of a projection in the event store, written with the documents it produced. */
export interface CheckpointWrite {
  readonly projection: string;
  /** Opaque value produced by the event store. */
  readonly value: string;
}

export interface WriteOptions {
  /**
   * Record this checkpoint with the write. SQLite commits both in one transaction; MongoDB writes
   * it right after the documents succeed, so a crash in between replays events the documents
   * already reflect (upserts and deletes are idempotent, so the replay converges).
   */
  readonly checkpoint?: CheckpointWrite;
}

/** One tenant's documents of one collection: the only way to read or write documents. */
export interface TenantCollection<TDoc extends object> {
  readonly tenantId: string;
  get(id: string): Promise<TDoc | undefined>;
  /**
   * The document as JSON text, for a caller that would only serialise it again: what `get`
   * parses (SQLite hands over the stored text, unparsed). `JSON.parse` of it equals `get`'s result.
   */
  getJson(id: string): Promise<string | undefined>;
  /** The documents that exist among `ids`, keyed by id. */
  getMany(ids: readonly string[]): Promise<Map<string, TDoc>>;
  /** Inserts or replaces the whole document. */
  upsert(id: string, doc: TDoc, options?: WriteOptions): Promise<void>;
  /**
   * Inserts or replaces many documents (thousands per call are fine); when an id repeats, its
   * last document wins. All documents are validated before any is written.
   */
  bulkUpsert(entries: readonly DocumentEntry<TDoc>[], options?: WriteOptions): Promise<void>;
  find(query: FindQuery<TDoc>): Promise<FindPage<TDoc>>;
  count(where?: Where<TDoc>): Promise<number>;
  /**
   * The sum of a declared `number` field over the documents `where` selects (documents without
   * the field count as 0), computed by the store: no document is read into the process.
   */
  sum(field: IndexablePath<TDoc>, where?: Where<TDoc>): Promise<number>;
  /** True when the document existed. */
  delete(id: string, options?: WriteOptions): Promise<boolean>;
}

/**
 * One collection's share of {@link ReadStore.upsertTogether}: documents to upsert into one
 * tenant's collection, as `bulkUpsert` takes them. {@link upsertSet} builds one with its types checked.
 */
export interface UpsertSet {
  readonly collection: TenantCollection<object>;
  readonly entries: readonly DocumentEntry<object>[];
}

/** An {@link UpsertSet}, its documents checked against the collection's document type. */
export const upsertSet = <TDoc extends object>(collection: TenantCollection<TDoc>, entries: readonly DocumentEntry<TDoc>[]): UpsertSet => ({
  collection: collection as unknown as TenantCollection<object>,
  entries,
});

export interface Collection<TDoc extends object> {
  readonly definition: CollectionDefinition<TDoc>;
  forTenant(tenantId: string): TenantCollection<TDoc>;
  /** The tenants that have documents in the collection, sorted: for maintenance across tenants (migrations). */
  tenants(): Promise<string[]>;
}

/** Where each projection has got to, stored beside its read models. */
export interface CheckpointStore {
  get(projection: string): Promise<string | undefined>;
  set(projection: string, value: string): Promise<void>;
}

/**
 * Read models: named collections of JSON documents keyed by (tenant, id), plus the checkpoints
 * of the projections that build them.
 */
export interface ReadStore {
  /** Binds a definition to this store, creating its table or indexes on first use (idempotent). */
  collection<TDoc extends object>(definition: CollectionDefinition<TDoc>): Collection<TDoc>;
  readonly checkpoints: CheckpointStore;
  /**
   * Whether `upsertTogether` writes all its sets or none (SQLite: one transaction). MongoDB writes
   * them one after the other, so a crash can leave the first written and not the rest.
   */
  readonly atomicWrites: boolean;
  /**
   * Bulk upserts into several collections (and tenants) of this store as one write. SQLite commits
   * them in one transaction: all or none, and one commit, which is most of what a write costs (each
   * commit writes every page the write touched). MongoDB has no such transaction: it writes them one
   * set after the other, in the order given, each like `bulkUpsert`, so a failure part-way leaves
   * the earlier sets written. Every document of every set is validated before any is written; the
   * checkpoint is recorded as `bulkUpsert` records it.
   */
  upsertTogether(sets: readonly UpsertSet[], options?: WriteOptions): Promise<void>;
  /**
   * Rebuild from zero: forgets the projection's checkpoint and deletes every document, of every
   * tenant, in `collections`. The collections stay usable.
   */
  resetProjection(projection: string, collections: readonly CollectionDefinition[]): Promise<void>;
  close(): Promise<void>;
}
