import type { CollectionDefinition, IndexablePath } from './collection-definition';
import {
  assertDocumentId,
  assertStorableDocument,
  assertTenantId,
  lastEntryPerId,
  type DocumentEntry,
} from './document-rules';
import { InvalidArgumentError, InvalidQueryError } from './errors';
import { cursorAfter, indexTypeOf, planFind, planWhere, type Condition, type FindPlan } from './query-plan';
import type {
  CheckpointWrite,
  Collection,
  FindPage,
  FindQuery,
  TenantCollection,
  UpsertSet,
  Where,
  WriteOptions,
} from './read-store';

/**
 * What an adapter implements for one collection. Inputs arrive validated and planned, so an
 * adapter only translates; tenant scoping is the one rule it must apply itself, on every call.
 */
export interface CollectionBackend {
  /** Throws `ReadStoreClosedError` once the store is closed. */
  assertOpen(): void;
  get(tenantId: string, id: string): Promise<object | undefined>;
  /** The document as JSON text; see {@link TenantCollection.getJson}. */
  getJson(tenantId: string, id: string): Promise<string | undefined>;
  getMany(tenantId: string, ids: readonly string[]): Promise<DocumentEntry<object>[]>;
  upsertMany(tenantId: string, entries: readonly DocumentEntry<object>[], checkpoint?: CheckpointWrite): Promise<void>;
  /** Up to `plan.limit + 1` documents in plan order; the extra one tells that a next page exists. */
  find(tenantId: string, plan: FindPlan): Promise<DocumentEntry<object>[]>;
  count(tenantId: string, where: readonly Condition[]): Promise<number>;
  /** The sum of a declared number field over what `where` selects. */
  sum(tenantId: string, field: string, where: readonly Condition[]): Promise<number>;
  delete(tenantId: string, id: string, checkpoint?: CheckpointWrite): Promise<boolean>;
  /** The tenants with documents, sorted. */
  tenants(): Promise<string[]>;
}

export function assertCheckpointWrite(checkpoint: CheckpointWrite | undefined): void {
  if (checkpoint === undefined) return;
  assertProjectionName(checkpoint.projection);
  if (typeof checkpoint.value !== 'string') {
    throw new InvalidArgumentError(`checkpoint of "${checkpoint.projection}" must be a string`);
  }
}

export function assertProjectionName(projection: unknown): asserts projection is string {
  if (typeof projection !== 'string' || projection.length === 0) {
    throw new InvalidArgumentError(`projection name must be a non-empty string, got ${JSON.stringify(projection)}`);
  }
}

/** Validated documents for one tenant's collection, ready for its backend; see {@link prepareUpsert}. */
export interface PreparedUpsert<TBackend extends CollectionBackend = CollectionBackend> {
  backend: TBackend;
  tenantId: string;
  /** One per id, the last given winning. */
  entries: DocumentEntry<object>[];
}

class ValidatingTenantCollection<TDoc extends object> implements TenantCollection<TDoc> {
  constructor(
    private readonly definition: CollectionDefinition<TDoc>,
    readonly tenantId: string,
    readonly backend: CollectionBackend,
  ) {}

  /** Validates `entries` as `bulkUpsert` does, without writing them. */
  prepareUpsert(entries: readonly DocumentEntry<TDoc>[]): PreparedUpsert {
    for (const { id, doc } of entries) {
      assertDocumentId(id);
      assertStorableDocument(this.definition, id, doc);
    }
    this.backend.assertOpen();
    return { backend: this.backend, tenantId: this.tenantId, entries: lastEntryPerId(entries) };
  }

  async get(id: string): Promise<TDoc | undefined> {
    assertDocumentId(id);
    this.backend.assertOpen();
    return (await this.backend.get(this.tenantId, id)) as TDoc | undefined;
  }

  async getJson(id: string): Promise<string | undefined> {
    assertDocumentId(id);
    this.backend.assertOpen();
    return this.backend.getJson(this.tenantId, id);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, TDoc>> {
    ids.forEach((id) => assertDocumentId(id));
    this.backend.assertOpen();
    const unique = [...new Set(ids)];
    const found = unique.length === 0 ? [] : await this.backend.getMany(this.tenantId, unique);
    return new Map(found.map(({ id, doc }) => [id, doc as TDoc]));
  }

  upsert(id: string, doc: TDoc, options?: WriteOptions): Promise<void> {
    return this.bulkUpsert([{ id, doc }], options);
  }

  async bulkUpsert(entries: readonly DocumentEntry<TDoc>[], options: WriteOptions = {}): Promise<void> {
    const { entries: unique } = this.prepareUpsert(entries);
    assertCheckpointWrite(options.checkpoint);
    await this.backend.upsertMany(this.tenantId, unique, options.checkpoint);
  }

  async find(query: FindQuery<TDoc>): Promise<FindPage<TDoc>> {
    const plan = planFind(this.definition, this.tenantId, query);
    this.backend.assertOpen();
    const rows = (await this.backend.find(this.tenantId, plan)) as DocumentEntry<TDoc>[];
    if (rows.length <= plan.limit) return { items: rows };
    const items = rows.slice(0, plan.limit);
    const last = items[items.length - 1];
    return last === undefined ? { items } : { items, nextCursor: cursorAfter(plan, last) };
  }

  async count(where?: Where<TDoc>): Promise<number> {
    const conditions = planWhere(this.definition, where);
    this.backend.assertOpen();
    return this.backend.count(this.tenantId, conditions);
  }

  async sum(field: IndexablePath<TDoc>, where?: Where<TDoc>): Promise<number> {
    if (indexTypeOf(this.definition, field) !== 'number') {
      throw new InvalidQueryError(`collection "${this.definition.name}": sum needs a number field, and "${field}" is indexed as ${this.definition.indexes[field]}`);
    }
    const conditions = planWhere(this.definition, where);
    this.backend.assertOpen();
    return this.backend.sum(this.tenantId, field, conditions);
  }

  async delete(id: string, options: WriteOptions = {}): Promise<boolean> {
    assertDocumentId(id);
    assertCheckpointWrite(options.checkpoint);
    this.backend.assertOpen();
    return this.backend.delete(this.tenantId, id, options.checkpoint);
  }
}

/**
 * Validates every set of an `upsertTogether` before any is written, and hands each to its
 * backend. Only collections of the store it is called on can be written together: `ownBackend`
 * says whether a backend is one of that store's.
 */
export function prepareUpsertSets<TBackend extends CollectionBackend>(
  sets: readonly UpsertSet[],
  options: WriteOptions,
  ownBackend: (backend: CollectionBackend) => backend is TBackend,
): PreparedUpsert<TBackend>[] {
  const prepared = sets.map(({ collection, entries }) => {
    const upsert = collection instanceof ValidatingTenantCollection ? collection.prepareUpsert(entries) : undefined;
    if (upsert === undefined || !ownBackend(upsert.backend)) {
      throw new InvalidArgumentError('upsertTogether takes collections of the store it is called on (store.collection(...).forTenant(...))');
    }
    return { ...upsert, backend: upsert.backend };
  });
  assertCheckpointWrite(options.checkpoint);
  return prepared;
}

/** A collection whose every call is validated here and scoped to one tenant before reaching `backend`. */
export class BackedCollection<TDoc extends object> implements Collection<TDoc> {
  constructor(
    readonly definition: CollectionDefinition<TDoc>,
    private readonly backend: CollectionBackend,
  ) {}

  forTenant(tenantId: string): TenantCollection<TDoc> {
    assertTenantId(tenantId);
    return new ValidatingTenantCollection(this.definition, tenantId, this.backend);
  }

  tenants(): Promise<string[]> {
    this.backend.assertOpen();
    return this.backend.tenants();
  }
}
