import { resolve } from 'node:path';

/**
 * The SQLite file services share when nothing else is configured:
 * `<STRATA_DATA_DIR or ./.strata>/strata.db`, resolved against `cwd`.
 */
export function defaultSqliteFile(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return resolve(cwd, env['STRATA_DATA_DIR'] || '.strata', 'strata.db');
}
