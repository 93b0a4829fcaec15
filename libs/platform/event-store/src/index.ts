export * from './event-store';
export * from './errors';
export * from './event-store-config';
export * from './create-event-store';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export type { WarningLogger } from './sqlite/change-notifier';
export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb/esdb-event-store';
export * from './event-id';
export { InMemoryEventStore } from './memory/in-memory-event-store';
