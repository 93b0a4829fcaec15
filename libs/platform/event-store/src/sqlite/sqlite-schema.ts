import type { DatabaseSync } from 'node:sqlite';
import { immediateTransaction } from '@strata/platform-sqlite';

/**
 * One table holds every event. The rowid is the global position: AUTOINCREMENT never reuses a
 * number, and appends hold the write lock, so positions grow in commit order and a reader that
 * has seen position N will never later find a new event below N.
 */
const CREATE_EVENTS_TABLE = `
  CREATE TABLE IF NOT EXISTS events (
    global_position INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    stream_name TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (stream_name, revision)
  ) STRICT`;

/** Creates the schema if missing; safe when several processes open a new file at once. */
export function ensureEventsSchema(db: DatabaseSync): void {
  immediateTransaction(db, () => db.exec(CREATE_EVENTS_TABLE));
}
