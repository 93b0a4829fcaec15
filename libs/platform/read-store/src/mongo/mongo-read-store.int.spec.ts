import { MongoClient } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { describeReadStoreContract } from '../read-store.contract';
import { parseReadStoreLocation } from '../read-store-location';
import { connectMongoReadStore } from './mongo-read-store';

const mongoUrl = process.env['MONGO_URL'];

if (mongoUrl === undefined || mongoUrl === '') {
  // Straight to stderr: Jest does not print the console buffer of a file whose tests all skip.
  process.stderr.write(
    '\nskipped: set MONGO_URL (e.g. mongodb://127.0.0.1:27017/strata_test) to run the MongoDB read-store contract\n',
  );
}

(mongoUrl ? describe : describe.skip)('MongoDB read store (MONGO_URL)', () => {
  const url = mongoUrl ?? 'mongodb://unused';
  const location = parseReadStoreLocation(url);
  const database = location.kind === 'mongo' ? location.database : 'strata';

  /** Drops the collections a test created, found by its unique prefix. */
  async function dropPrefixed(prefix: string): Promise<void> {
    const client = new MongoClient(url);
    try {
      const db = client.db(database);
      for (const { name } of await db.listCollections({ name: { $regex: `^${prefix}` } }, { nameOnly: true }).toArray()) {
        await db.dropCollection(name);
      }
    } finally {
      await client.close();
    }
  }

  describeReadStoreContract({
    open: async () => {
      const collectionPrefix = `t${randomBytes(5).toString('hex')}_`;
      const store = await connectMongoReadStore({ url, database, collectionPrefix });
      return {
        store,
        dispose: async () => {
          await store.close();
          await dropPrefixed(collectionPrefix);
        },
      };
    },
  });
});
