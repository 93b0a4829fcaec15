import { EsdbEventStore } from './esdb/esdb-event-store';
import type { EventStore } from './event-store';
import { type EventStoreConfig, eventStoreConfigFromEnv } from './event-store-config';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';

/** Tuning that applies when the configured store is SQLite. */
export type SqliteTuning = Omit<SqliteEventStoreOptions, 'path'>;

/**
 * Opens the configured event store (by default the one `STRATA_EVENT_STORE` names). The caller
 * owns it and must `close()` it.
 */
export function createEventStore(config: EventStoreConfig = eventStoreConfigFromEnv(), sqlite: SqliteTuning = {}): EventStore {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteEventStore({ ...sqlite, path: config.path });
    case 'esdb':
      return new EsdbEventStore({ connectionString: config.connectionString });
  }
}
