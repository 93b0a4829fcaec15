export * from './errors';
export {
  defineCollection,
  type CollectionDefinition,
  type CollectionSpec,
  type IndexablePath,
  type IndexType,
  type IndexValue,
  type OwnIndex,
  type PathValue,
} from './collection-definition';
export type { DocumentEntry } from './document-rules';
export * from './read-store';
export { findAll } from './find-all';
export * from './read-store-location';
export * from './create-read-store';
export { SqliteReadStore, openSqliteReadStore, type OpenSqliteReadStoreOptions } from './sqlite/sqlite-read-store';
export {
  MongoReadStore,
  connectMongoReadStore,
  type MongoReadStoreLocation,
  type MongoReadStoreOptions,
} from './mongo/mongo-read-store';
