import { resolve } from 'node:path';
import { defaultSqliteFile } from '@strata/platform-sqlite';
import { InvalidReadStoreConfigError } from './errors';

/** Where the read models live. */
export type ReadStoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'mongo'; readonly url: string; readonly database: string };

export const DEFAULT_MONGO_DATABASE = 'strata';

const MONGO_SCHEME = /^mongodb(\+srv)?:\/\//;
// Characters MongoDB refuses in database names.
const INVALID_DATABASE_NAME = /[/\\. "$*<>:|?\0]/;

/** The database in the URL path (`mongodb://host/<db>?options`), or `strata` when there is none. */
function mongoDatabase(url: string): string {
  const afterScheme = url.replace(MONGO_SCHEME, '');
  const slash = afterScheme.indexOf('/');
  const path = slash === -1 ? '' : (afterScheme.slice(slash + 1).split('?')[0] ?? '');
  let database: string;
  try {
    database = decodeURIComponent(path);
  } catch {
    throw new InvalidReadStoreConfigError('the MongoDB URL has a malformed database name');
  }
  if (database === '') return DEFAULT_MONGO_DATABASE;
  if (INVALID_DATABASE_NAME.test(database) || database.length > 63) {
    throw new InvalidReadStoreConfigError(`"${database}" cannot be a MongoDB database name`);
  }
  return database;
}

/**
 * Parses a `STRATA_READ_STORE` value: unset or `sqlite` (the default file), `sqlite:<path>`, or a
 * `mongodb://` / `mongodb+srv://` URL. Errors quote only the scheme, since URLs carry passwords.
 */
export function parseReadStoreLocation(
  value: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ReadStoreLocation {
  const setting = value?.trim() ?? '';
  if (setting === '' || setting === 'sqlite') return { kind: 'sqlite', path: defaultSqliteFile(env, cwd) };
  if (setting.startsWith('sqlite:')) {
    const path = setting.slice('sqlite:'.length);
    if (path === '') throw new InvalidReadStoreConfigError('"sqlite:" needs a file path, e.g. sqlite:/var/lib/strata/strata.db');
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(cwd, path) };
  }
  if (MONGO_SCHEME.test(setting)) return { kind: 'mongo', url: setting, database: mongoDatabase(setting) };
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(setting)?.[0] ?? 'a value without a scheme';
  throw new InvalidReadStoreConfigError(
    `STRATA_READ_STORE must be "sqlite", "sqlite:<path>" or a mongodb:// or mongodb+srv:// URL; got ${scheme}`,
  );
}

/** The location `STRATA_READ_STORE` (and `STRATA_DATA_DIR`) describe. */
export function readStoreLocationFromEnv(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ReadStoreLocation {
  return parseReadStoreLocation(env['STRATA_READ_STORE'], env, cwd);
}
