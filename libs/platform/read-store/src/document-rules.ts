import type { CollectionDefinition, IndexType, IndexValue } from './collection-definition';
import { InvalidArgumentError, InvalidDocumentError } from './errors';

/** One document and the id it is stored under. */
export interface DocumentEntry<TDoc> {
  id: string;
  doc: TDoc;
}

export function assertTenantId(tenantId: unknown): asserts tenantId is string {
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    throw new InvalidArgumentError(`tenant id must be a non-empty string, got ${JSON.stringify(tenantId)}`);
  }
}

export function assertDocumentId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new InvalidArgumentError(`document id must be a non-empty string, got ${JSON.stringify(id)}`);
  }
}

export function isIndexType(value: unknown, type: IndexType): value is IndexValue {
  return type === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === type;
}

/** The value at a dotted path; `undefined` when any step is missing or not an object. */
export function readPath(doc: unknown, path: string): unknown {
  let value = doc;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * Indexed fields must hold their declared kind, null or nothing. Both stores then compare and
 * sort the same way: MongoDB orders mixed types by type bracket, SQLite by storage class, and
 * those orders disagree.
 */
export function assertStorableDocument(definition: CollectionDefinition, id: string, doc: unknown): void {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InvalidDocumentError(`document "${id}" in "${definition.name}" must be a JSON object`);
  }
  for (const [path, type] of Object.entries(definition.indexes)) {
    const value = readPath(doc, path);
    if (value !== undefined && value !== null && !isIndexType(value, type)) {
      throw new InvalidDocumentError(
        `document "${id}" in "${definition.name}": indexed field "${path}" must be a ${type} or null, got ${JSON.stringify(value)}`,
      );
    }
  }
}

/**
 * Keeps the last entry per id, in first-seen order. An unordered MongoDB bulk write applies
 * duplicates in no defined order, so "last one wins" has to be settled before writing.
 */
export function lastEntryPerId<TDoc>(entries: readonly DocumentEntry<TDoc>[]): DocumentEntry<TDoc>[] {
  const byId = new Map<string, DocumentEntry<TDoc>>();
  for (const entry of entries) byId.set(entry.id, entry);
  return byId.size === entries.length ? [...entries] : [...byId.values()];
}
