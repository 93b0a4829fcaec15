import type { DatabaseSync } from 'node:sqlite';
import { immediateTransaction } from '@strata/platform-sqlite';
import type { CollectionDefinition } from '../collection-definition';

export const CHECKPOINT_TABLE = 'read_store_checkpoints';

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `rs_<name>`: the `rs_` prefix keeps read models apart from the event store's tables in a shared file. */
export const tableName = (definition: CollectionDefinition): string => `rs_${definition.name}`;

/** The generated column that mirrors an indexed field, e.g. `doc.stats.nodes`. */
export const fieldColumnName = (path: string): string => `doc.${path}`;

interface IndexSpec {
  name: string;
  columns: string[];
  /** Only rows where this column is not null (a partial index). */
  notNull?: string;
}

const indexName = (definition: CollectionDefinition, paths: readonly string[]): string =>
  `${tableName(definition)}.${paths.map(fieldColumnName).join('+')}`;
/** The name of a field's own (single-field) index. */
const ownIndexName = (definition: CollectionDefinition, path: string): string => indexName(definition, [path]);

function indexSpecs(definition: CollectionDefinition): IndexSpec[] {
  const own = definition.ownIndexes ?? {};
  const name = (paths: readonly string[]) => indexName(definition, paths);
  // Tenant first (every query is tenant-scoped), id last (the tie-breaker of every sort). An
  // unordered index ends with the field: SQLite adds the rowid, which follows insertion order.
  const single = Object.keys(definition.indexes)
    .filter((path) => own[path] !== 'none')
    .map((path) => ({
      name: name([path]),
      columns: ['tenant', fieldColumnName(path), ...(own[path] === 'unordered' ? [] : ['id'])],
      ...(own[path] === 'sparse' ? { notNull: fieldColumnName(path) } : {}),
    }));
  const compound = definition.compoundIndexes.map((paths) => ({ name: name(paths), columns: ['tenant', ...paths.map(fieldColumnName), 'id'] }));
  return [...single, ...compound];
}

/** What the table lacks of the definition, and the retired indexes it still has. */
function missingParts(db: DatabaseSync, definition: CollectionDefinition): { columns: string[]; indexes: IndexSpec[]; obsolete: string[] } {
  const table = tableName(definition);
  const existingColumns = new Set(
    db
      .prepare('SELECT name FROM pragma_table_xinfo(?)')
      .all(table)
      .map((row) => row['name']),
  );
  const existingIndexes = new Set(
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?")
      .all(table)
      .map((row) => row['name']),
  );
  return {
    columns: Object.keys(definition.indexes).filter((path) => !existingColumns.has(fieldColumnName(path))),
    indexes: indexSpecs(definition).filter((index) => !existingIndexes.has(index.name)),
    obsolete: (definition.retiredIndexes ?? []).map((path) => ownIndexName(definition, path)).filter((name) => existingIndexes.has(name)),
  };
}

function isComplete(db: DatabaseSync, definition: CollectionDefinition): boolean {
  const tableExists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(tableName(definition));
  if (tableExists === undefined) return false;
  const missing = missingParts(db, definition);
  return missing.columns.length === 0 && missing.indexes.length === 0 && missing.obsolete.length === 0;
}

/**
 * Creates the collection's table, generated columns and indexes, adding whatever an earlier
 * definition lacked and dropping the indexes it retires (`retiredIndexes`), so an upgraded file
 * stops paying for them. (Columns stay: a generated column costs nothing to write, and a process
 * of the older version may still filter on it while both run.) Safe with several processes on one file: the common case (all present)
 * only reads, and changes are decided and made under the write lock, so a column another
 * process added a moment ago is seen rather than added twice.
 */
export function ensureCollectionTable(db: DatabaseSync, definition: CollectionDefinition): void {
  if (isComplete(db, definition)) return;
  const table = quoteIdentifier(tableName(definition));
  immediateTransaction(db, () => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (tenant TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant, id))`,
    );
    const missing = missingParts(db, definition);
    for (const path of missing.columns) {
      // VIRTUAL: computed when read or indexed, so the JSON text is the only copy of the data.
      db.exec(
        `ALTER TABLE ${table} ADD COLUMN ${quoteIdentifier(fieldColumnName(path))} ` +
          `GENERATED ALWAYS AS (json_extract(doc, '$.${path}')) VIRTUAL`,
      );
    }
    for (const name of missing.obsolete) db.exec(`DROP INDEX IF EXISTS ${quoteIdentifier(name)}`);
    for (const index of missing.indexes) {
      const partial = index.notNull === undefined ? '' : ` WHERE ${quoteIdentifier(index.notNull)} IS NOT NULL`;
      db.exec(
        `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(index.name)} ON ${table} (${index.columns.map(quoteIdentifier).join(', ')})${partial}`,
      );
    }
  });
}

export function ensureCheckpointTable(db: DatabaseSync): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (projection TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  );
}
