import { resolve } from 'node:path';
import { defaultSqliteFile } from '@strata/platform-sqlite';
import { InvalidEventStoreConfigError } from './errors';

export type EventStoreConfig =
  | { kind: 'sqlite'; /** Absolute path of the database file. */ path: string }
  | { kind: 'esdb'; /** A KurrentDB/EventStoreDB connection string, passed to the client as is. */ connectionString: string };

const ESDB_SCHEMES = ['esdb', 'kurrentdb', 'kurrent', 'kdb'].flatMap((scheme) => [scheme, `${scheme}+discover`]);

/**
 * Reads the event store choice from the environment:
 * - `STRATA_EVENT_STORE` unset, empty or `sqlite`: `<STRATA_DATA_DIR or ./.strata>/strata.db`;
 * - `sqlite:<path>`: that file (a relative path is relative to `cwd`);
 * - `esdb://…`, `kurrentdb://…` (or `kurrent`, `kdb`, each also `+discover`): EventStoreDB/KurrentDB.
 *
 * @throws {@link InvalidEventStoreConfigError} for anything else.
 */
export function eventStoreConfigFromEnv(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): EventStoreConfig {
  const value = env['STRATA_EVENT_STORE']?.trim() ?? '';
  if (value === '' || value === 'sqlite') {
    // The same file the read store defaults to: one embedded database per installation.
    return { kind: 'sqlite', path: defaultSqliteFile(env, cwd) };
  }
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path === '') throw new InvalidEventStoreConfigError('STRATA_EVENT_STORE=sqlite: needs a file path after the colon');
    return { kind: 'sqlite', path: resolve(cwd, path) };
  }
  const scheme = /^([a-z+]+):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme !== undefined && ESDB_SCHEMES.includes(scheme)) return { kind: 'esdb', connectionString: value };
  // A URL is only quoted by its scheme: the rest may hold credentials.
  const shown = scheme ? `a ${scheme}:// URL` : /^[\w.-]+$/.test(value) ? `"${value}"` : 'value not shown';
  throw new InvalidEventStoreConfigError(
    `STRATA_EVENT_STORE (${shown}) must be unset, "sqlite", "sqlite:<path>", or an esdb:// / kurrentdb:// connection string`,
  );
}
