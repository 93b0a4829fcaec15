import { defineCollection } from '../collection-definition';
import { describeReadStoreContract } from '../read-store.contract';
import { fakeMongoDb } from './mongo-driver.fake';
import { MongoReadStore } from './mongo-read-store';

// The MongoDB adapter's own code against a driver fake; the same suite runs against a real
// server in mongo-read-store.int.spec.ts when MONGO_URL is set.
describe('MongoDB read store (driver fake)', () => {
  describeReadStoreContract({
    open: async () => {
      const store = new MongoReadStore(fakeMongoDb().db, { collectionPrefix: 'test_' });
      return { store, dispose: () => store.close() };
    },
  });

  it('stores tenant and id beside the document and indexes every field tenant first, id last', async () => {
    const fake = fakeMongoDb();
    const store = new MongoReadStore(fake.db, { collectionPrefix: 'p_' });
    const nodes = defineCollection<{ type: string; name: string }>({
      name: 'nodes',
      indexes: { type: 'string', name: 'string' },
      compoundIndexes: [['type', 'name']],
    });
    await store.collection(nodes).forTenant('acme').upsert('n1', { type: 'vm', name: 'web' });

    const collection = fake.collections.get('p_rs_nodes');
    expect([...(collection?.documents.values() ?? [])]).toEqual([
      { _id: '["acme","n1"]', tenant: 'acme', id: 'n1', doc: { type: 'vm', name: 'web' } },
    ]);
    expect([...(collection?.indexNames ?? [])].sort()).toEqual(['doc.name', 'doc.type', 'doc.type+doc.name', 'tenant+id']);
  });

  it('keeps unordered and sparse own indexes full and ordered, and leaves out fields that have none', async () => {
    const fake = fakeMongoDb();
    const store = new MongoReadStore(fake.db, { collectionPrefix: 'p_' });
    const nodes = defineCollection<{ type: string; name: string; job: string; gone?: string | null }>({
      name: 'nodes',
      indexes: { type: 'string', name: 'string', job: 'string', gone: 'string' },
      compoundIndexes: [['type', 'name']],
      ownIndexes: { type: 'none', job: 'unordered', gone: 'sparse' },
    });
    await store.collection(nodes).forTenant('acme').upsert('n1', { type: 'vm', name: 'web', job: 'j1', gone: null });
    expect([...(fake.collections.get('p_rs_nodes')?.indexNames ?? [])].sort()).toEqual(['doc.gone', 'doc.job', 'doc.name', 'doc.type+doc.name', 'tenant+id']);
  });

  it('drops the indexes a newer definition retires, whether or not they exist, and no other', async () => {
    const fake = fakeMongoDb();
    const old = new MongoReadStore(fake.db, { collectionPrefix: 'p_' });
    const v1 = defineCollection<{ type: string; name: string }>({ name: 'nodes', indexes: { type: 'string', name: 'string' } });
    await old.collection(v1).forTenant('acme').upsert('n1', { type: 'vm', name: 'web' });

    const store = new MongoReadStore(fake.db, { collectionPrefix: 'p_' });
    const v2 = defineCollection<{ type: string; name: string }>({ name: 'nodes', indexes: { type: 'string' }, retiredIndexes: ['name', 'never_made'] });
    await expect(store.collection(v2).forTenant('acme').count({ type: 'vm' })).resolves.toBe(1);
    expect([...(fake.collections.get('p_rs_nodes')?.indexNames ?? [])].sort()).toEqual(['doc.type', 'tenant+id']);
    // A reader's view declaring fewer indexes retires none: the owner's stay.
    const view = defineCollection<{ name: string }>({ name: 'nodes', indexes: {} });
    await new MongoReadStore(fake.db, { collectionPrefix: 'p_' }).collection(view).forTenant('acme').count();
    expect([...(fake.collections.get('p_rs_nodes')?.indexNames ?? [])].sort()).toEqual(['doc.type', 'tenant+id']);
  });
});
