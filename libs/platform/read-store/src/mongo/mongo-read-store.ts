import { MongoClient, type AnyBulkWriteOperation, type Collection as MongoCollection, type Db } from 'mongodb';
import { assertDefinedCollection, type CollectionDefinition } from '../collection-definition';
import type { DocumentEntry } from '../document-rules';
import { InvalidReadStoreConfigError, ReadStoreClosedError } from '../errors';
import type { Condition, FindPlan } from '../query-plan';
import type { CheckpointStore, CheckpointWrite, Collection, ReadStore, UpsertSet, WriteOptions } from '../read-store';
import {
  assertCheckpointWrite,
  assertProjectionName,
  BackedCollection,
  prepareUpsertSets,
  type CollectionBackend,
} from '../tenant-collection';
import { mongoFilter, mongoIndexes, mongoSort, retiredMongoIndexNames, storedId, type StoredDocument } from './mongo-query';

interface StoredCheckpoint {
  _id: string;
  value: string;
  updatedAt: Date;
}

export interface MongoReadStoreOptions {
  /** Prepended to every collection name, e.g. to isolate test runs in a shared database. */
  collectionPrefix?: string;
}

const COLLECTION_PREFIX = /^[A-Za-z0-9_-]*$/;

// Documents are JSON in the port; normalising here makes MongoDB return what SQLite would
// (no Dates, no undefined members), so the two adapters cannot drift apart on odd inputs.
const asJson = (doc: object): StoredDocument['doc'] => JSON.parse(JSON.stringify(doc)) as StoredDocument['doc'];

class MongoCollectionBackend implements CollectionBackend {
  constructor(
    readonly store: MongoReadStore,
    private readonly collection: MongoCollection<StoredDocument>,
    private readonly indexesReady: () => Promise<void>,
  ) {}

  assertOpen(): void {
    this.store.assertOpen();
  }

  async tenants(): Promise<string[]> {
    await this.indexesReady();
    const tenants = (await this.collection.distinct('tenant')) as string[];
    return tenants.sort();
  }

  async get(tenantId: string, id: string): Promise<object | undefined> {
    await this.indexesReady();
    const found = await this.collection.findOne({ _id: storedId(tenantId, id) }, { projection: { doc: 1 } });
    return found?.doc;
  }

  async getJson(tenantId: string, id: string): Promise<string | undefined> {
    const doc = await this.get(tenantId, id);
    return doc === undefined ? undefined : JSON.stringify(doc);
  }

  async getMany(tenantId: string, ids: readonly string[]): Promise<DocumentEntry<object>[]> {
    await this.indexesReady();
    const found = await this.collection
      .find({ _id: { $in: ids.map((id) => storedId(tenantId, id)) } }, { projection: { id: 1, doc: 1 } })
      .toArray();
    return found.map(({ id, doc }) => ({ id, doc }));
  }

  async upsertMany(
    tenantId: string,
    entries: readonly DocumentEntry<object>[],
    checkpoint?: CheckpointWrite,
  ): Promise<void> {
    await this.indexesReady();
    if (entries.length > 0) {
      const operations: AnyBulkWriteOperation<StoredDocument>[] = entries.map(({ id, doc }) => ({
        replaceOne: {
          filter: { _id: storedId(tenantId, id) },
          replacement: { tenant: tenantId, id, doc: asJson(doc) },
          upsert: true,
        },
      }));
      // Ids are unique (settled by the caller), so operations are independent and may run in any order.
      await this.collection.bulkWrite(operations, { ordered: false });
    }
    await this.store.recordCheckpoint(checkpoint);
  }

  async find(tenantId: string, plan: FindPlan): Promise<DocumentEntry<object>[]> {
    await this.indexesReady();
    const found = await this.collection
      .find(mongoFilter(tenantId, plan.where, plan.segments), { projection: { _id: 0, id: 1, doc: 1 } })
      .sort(mongoSort(plan))
      .limit(plan.limit + 1)
      .toArray();
    return found.map(({ id, doc }) => ({ id, doc }));
  }

  async count(tenantId: string, where: readonly Condition[]): Promise<number> {
    await this.indexesReady();
    return this.collection.countDocuments(mongoFilter(tenantId, where));
  }

  async sum(tenantId: string, field: string, where: readonly Condition[]): Promise<number> {
    await this.indexesReady();
    const [result] = await this.collection
      .aggregate<{ total: number }>([{ $match: mongoFilter(tenantId, where) }, { $group: { _id: null, total: { $sum: `$doc.${field}` } } }])
      .toArray();
    return result?.total ?? 0;
  }

  async delete(tenantId: string, id: string, checkpoint?: CheckpointWrite): Promise<boolean> {
    await this.indexesReady();
    const { deletedCount } = await this.collection.deleteOne({ _id: storedId(tenantId, id) });
    await this.store.recordCheckpoint(checkpoint);
    return deletedCount > 0;
  }
}

/**
 * Read models in MongoDB: one collection per definition (`<prefix>rs_<name>`) holding
 * `{ _id, tenant, id, doc }`, indexed `{ tenant, doc.<field>, id }` per indexed field; checkpoints
 * in `<prefix>read_store_checkpoints`, one document per projection.
 */
export class MongoReadStore implements ReadStore {
  readonly checkpoints: CheckpointStore;
  readonly atomicWrites = false;
  private readonly checkpointCollection: MongoCollection<StoredCheckpoint>;
  private readonly indexCreation = new WeakMap<CollectionDefinition, Promise<void>>();
  private readonly prefix: string;
  private closed = false;

  /** Uses `db` as given; when `client` is passed, `close()` closes it. */
  constructor(
    private readonly db: Db,
    { collectionPrefix = '' }: MongoReadStoreOptions = {},
    private readonly client?: MongoClient,
  ) {
    if (!COLLECTION_PREFIX.test(collectionPrefix)) {
      throw new InvalidReadStoreConfigError(`collection prefix "${collectionPrefix}" may only hold letters, digits, "_" and "-"`);
    }
    this.prefix = collectionPrefix;
    this.checkpointCollection = db.collection<StoredCheckpoint>(`${collectionPrefix}read_store_checkpoints`);
    this.checkpoints = {
      get: async (projection) => {
        assertProjectionName(projection);
        this.assertOpen();
        return (await this.checkpointCollection.findOne({ _id: projection }))?.value;
      },
      set: async (projection, value) => {
        const checkpoint = { projection, value };
        assertCheckpointWrite(checkpoint);
        this.assertOpen();
        await this.recordCheckpoint(checkpoint);
      },
    };
  }

  collection<TDoc extends object>(definition: CollectionDefinition<TDoc>): Collection<TDoc> {
    assertDefinedCollection(definition);
    this.assertOpen();
    const collection = this.mongoCollection(definition);
    return new BackedCollection(
      definition,
      new MongoCollectionBackend(this, collection, () => this.ensureIndexes(definition, collection)),
    );
  }

  async upsertTogether(sets: readonly UpsertSet[], options: WriteOptions = {}): Promise<void> {
    const ownBackend = (backend: CollectionBackend): backend is MongoCollectionBackend => backend instanceof MongoCollectionBackend && backend.store === this;
    const prepared = prepareUpsertSets(sets, options, ownBackend);
    this.assertOpen();
    // No transaction across collections here: one set after the other, like successive bulkUpserts.
    for (const { backend, tenantId, entries } of prepared) await backend.upsertMany(tenantId, entries);
    await this.recordCheckpoint(options.checkpoint);
  }

  async resetProjection(projection: string, collections: readonly CollectionDefinition[]): Promise<void> {
    assertProjectionName(projection);
    collections.forEach((definition) => assertDefinedCollection(definition));
    this.assertOpen();
    // Checkpoint first: if this stops half-way, the projection restarts from zero over leftover
    // documents, which replaying every event overwrites or deletes. The other order could leave
    // a checkpoint pointing past documents that no longer exist.
    await this.checkpointCollection.deleteOne({ _id: projection });
    for (const definition of collections) await this.mongoCollection(definition).deleteMany({});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client?.close();
  }

  assertOpen(): void {
    if (this.closed) throw new ReadStoreClosedError();
  }

  async recordCheckpoint(checkpoint: CheckpointWrite | undefined): Promise<void> {
    if (checkpoint === undefined) return;
    await this.checkpointCollection.updateOne(
      { _id: checkpoint.projection },
      { $set: { value: checkpoint.value, updatedAt: new Date() } },
      { upsert: true },
    );
  }

  private mongoCollection(definition: CollectionDefinition): MongoCollection<StoredDocument> {
    return this.db.collection<StoredDocument>(`${this.prefix}rs_${definition.name}`);
  }

  /**
   * `createIndexes` is idempotent server-side; this only avoids repeating it per call. Keyed by
   * the (immutable) definition, so two definitions of one collection (a module's own and another
   * module's view of it) are each ensured once rather than again at every switch between them.
   */
  private ensureIndexes(definition: CollectionDefinition, collection: MongoCollection<StoredDocument>): Promise<void> {
    const known = this.indexCreation.get(definition);
    if (known) return known;
    const done = (async () => {
      await collection.createIndexes(mongoIndexes(definition));
      for (const name of retiredMongoIndexNames(definition)) await dropIndexIfPresent(collection, name);
    })();
    this.indexCreation.set(definition, done);
    done.catch(() => {
      if (this.indexCreation.get(definition) === done) this.indexCreation.delete(definition);
    });
    return done;
  }
}

export interface MongoReadStoreLocation extends MongoReadStoreOptions {
  url: string;
  database: string;
}

/** Connects to MongoDB and returns a read store that closes the connection on `close()`. */
export async function connectMongoReadStore({ url, database, collectionPrefix }: MongoReadStoreLocation): Promise<MongoReadStore> {
  const client = new MongoClient(url);
  await client.connect();
  try {
    return new MongoReadStore(client.db(database), { collectionPrefix }, client);
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** MongoDB's code for "index not found": the index was never made here, or is gone already. */
const INDEX_NOT_FOUND = 27;

async function dropIndexIfPresent(collection: MongoCollection<StoredDocument>, name: string): Promise<void> {
  try {
    await collection.dropIndex(name);
  } catch (error) {
    if ((error as { code?: unknown }).code !== INDEX_NOT_FOUND) throw error;
  }
}
