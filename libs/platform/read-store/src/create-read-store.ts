import { connectMongoReadStore } from './mongo/mongo-read-store';
import type { ReadStore } from './read-store';
import { readStoreLocationFromEnv, type ReadStoreLocation } from './read-store-location';
import { openSqliteReadStore } from './sqlite/sqlite-read-store';

export interface CreateReadStoreOptions {
  /** SQLite: how long a write waits for another process's lock (default 10 s). */
  busyTimeoutMs?: number;
  /** SQLite: page cache of the connection (default 64 MiB). */
  cacheSizeMiB?: number;
  /** SQLite: write in a worker thread (default false; see `OpenSqliteReadStoreOptions`). */
  writerThread?: boolean;
  /** SQLite: page cache of the writer thread's connection (default: `cacheSizeMiB`). */
  writerCacheSizeMiB?: number;
  /** SQLite: run counts in a worker thread (default false; see `OpenSqliteReadStoreOptions`). */
  readerThread?: boolean;
  /** MongoDB: prepended to every collection name. */
  collectionPrefix?: string;
}

/** Opens the read store at `location`, by default the one `STRATA_READ_STORE` names. */
export async function createReadStore(
  location: ReadStoreLocation = readStoreLocationFromEnv(),
  options: CreateReadStoreOptions = {},
): Promise<ReadStore> {
  switch (location.kind) {
    case 'sqlite':
      return openSqliteReadStore(location.path, {
        busyTimeoutMs: options.busyTimeoutMs,
        cacheSizeMiB: options.cacheSizeMiB,
        writerThread: options.writerThread,
        writerCacheSizeMiB: options.writerCacheSizeMiB,
        readerThread: options.readerThread,
      });
    case 'mongo':
      return connectMongoReadStore({ ...location, collectionPrefix: options.collectionPrefix });
  }
}
