import { createHash } from 'node:crypto';
import type { CollectionDefinition, IndexType, IndexValue } from './collection-definition';
import { decodeCursor, encodeCursor, type CursorPosition } from './cursor';
import { isIndexType, readPath, type DocumentEntry } from './document-rules';
import { InvalidQueryError, UnindexedFieldError } from './errors';
import { MAX_PAGE_SIZE } from './read-store';

/** What a condition tests: the document id or an indexed field of the document. */
export type Operand = { readonly kind: 'id' } | { readonly kind: 'field'; readonly path: string };

/**
 * A storage-neutral test on one operand. Both adapters translate these one for one, so every
 * rule about nulls, types and paging lives here rather than in each adapter.
 */
export type Condition =
  | { readonly op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte'; readonly operand: Operand; readonly value: IndexValue }
  | { readonly op: 'in'; readonly operand: Operand; readonly values: readonly IndexValue[]; readonly orNull: boolean }
  | { readonly op: 'isNull' | 'notNull'; readonly operand: Operand };

export type SortDirection = 'asc' | 'desc';

export interface FindPlan {
  /** The caller's filter, all of which must hold. */
  readonly where: readonly Condition[];
  /** `field` undefined: order by id only. */
  readonly sort: { readonly field: string | undefined; readonly direction: SortDirection };
  /**
   * Where the page starts, as disjoint segments listed in sort order, each a conjunction an
   * index can read as one range. Reading them in turn (each sorted, with `where` applied) until
   * the page is full yields the page. A single empty segment means "from the top".
   */
  readonly segments: readonly (readonly Condition[])[];
  readonly limit: number;
  /** Identifies collection, tenant, filter and sort, so a cursor is only accepted by its own query. */
  readonly queryId: string;
}

/** The unvalidated input of a find, as a caller or an HTTP layer may pass it. */
export interface FindInput {
  readonly where?: unknown;
  readonly sort?: { readonly field?: string; readonly direction?: string };
  readonly limit: number;
  readonly cursor?: string;
}

const DOCUMENT_ID: Operand = { kind: 'id' };
const RANGE_OPERATORS = { $gt: 'gt', $gte: 'gte', $lt: 'lt', $lte: 'lte' } as const;

const isSortDirection = (value: string): value is SortDirection => value === 'asc' || value === 'desc';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function indexTypeOf(definition: CollectionDefinition, path: string): IndexType {
  const type = Object.hasOwn(definition.indexes, path) ? definition.indexes[path] : undefined;
  if (type === undefined) throw new UnindexedFieldError(definition.name, path, Object.keys(definition.indexes));
  return type;
}

function typedValue(collection: string, path: string, type: IndexType, value: unknown, what: string): IndexValue {
  if (!isIndexType(value, type)) {
    throw new InvalidQueryError(
      `collection "${collection}": ${what} on "${path}" must be a ${type}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The key of {@link Where} that filters on the document id (see `Where`). */
const ID_KEY = '$id';

/** The conditions of one key of a filter: `path` is an indexed field, or {@link ID_KEY}. */
function fieldConditions(definition: CollectionDefinition, path: string, filter: unknown): Condition[] {
  const byId = path === ID_KEY;
  const type: IndexType = byId ? 'string' : indexTypeOf(definition, path);
  const operand: Operand = byId ? DOCUMENT_ID : { kind: 'field', path };
  const collection = definition.name;
  if (filter === null) {
    if (byId) throw new InvalidQueryError(`collection "${collection}": a document id is never null`);
    return [{ op: 'isNull', operand }];
  }
  if (!isPlainObject(filter)) {
    if (Array.isArray(filter)) {
      throw new InvalidQueryError(`collection "${collection}": to match any of several values of "${path}" use { $in: [...] }`);
    }
    return [{ op: 'eq', operand, value: typedValue(collection, path, type, filter, 'a value') }];
  }
  const operators = Object.keys(filter);
  if (operators.includes('$in')) {
    const list = filter['$in'];
    if (operators.length !== 1 || !Array.isArray(list)) {
      throw new InvalidQueryError(`collection "${collection}": "${path}" takes $in with an array and no other operator`);
    }
    if (byId && list.includes(null)) throw new InvalidQueryError(`collection "${collection}": a document id is never null`);
    const values = list.filter((value) => value !== null).map((value) => typedValue(collection, path, type, value, '$in'));
    return [{ op: 'in', operand, values, orNull: values.length !== list.length }];
  }
  if (operators.length === 0) {
    throw new InvalidQueryError(`collection "${collection}": the filter on "${path}" has no operator`);
  }
  return operators.map((operator) => {
    if (!Object.hasOwn(RANGE_OPERATORS, operator)) {
      throw new InvalidQueryError(
        `collection "${collection}": unknown operator "${operator}" on "${path}" (supported: $in, $gt, $gte, $lt, $lte)`,
      );
    }
    const op = RANGE_OPERATORS[operator as keyof typeof RANGE_OPERATORS];
    return { op, operand, value: typedValue(collection, path, type, filter[operator], operator) };
  });
}

/** Validates a filter against the collection's indexes and turns it into conditions. */
export function planWhere(definition: CollectionDefinition, where: unknown): Condition[] {
  if (where === undefined) return [];
  if (!isPlainObject(where)) {
    throw new InvalidQueryError(`collection "${definition.name}": where must be an object of field filters`);
  }
  return Object.entries(where).flatMap(([path, filter]) =>
    filter === undefined ? [] : fieldConditions(definition, path, filter),
  );
}

function continuation(
  sortField: string | undefined,
  direction: SortDirection,
  after: CursorPosition | undefined,
): Condition[][] {
  if (after === undefined) return [[]];
  const beyond = direction === 'asc' ? 'gt' : 'lt';
  const laterId: Condition = { op: beyond, operand: DOCUMENT_ID, value: after.id };
  if (sortField === undefined) return [[laterId]];
  const operand: Operand = { kind: 'field', path: sortField };
  // Nulls sort below every value: ascending they come first, descending last.
  if (after.value === null) {
    const restOfNulls: Condition[] = [{ op: 'isNull', operand }, laterId];
    return direction === 'asc' ? [restOfNulls, [{ op: 'notNull', operand }]] : [restOfNulls];
  }
  const restOfTies: Condition[] = [{ op: 'eq', operand, value: after.value }, laterId];
  const laterValues: Condition[] = [{ op: beyond, operand, value: after.value }];
  return direction === 'asc' ? [restOfTies, laterValues] : [restOfTies, laterValues, [{ op: 'isNull', operand }]];
}

function canonical(condition: Condition): string {
  const operand = condition.operand.kind === 'id' ? '#id' : condition.operand.path;
  if (condition.op === 'in') {
    const values = condition.values.map((value) => JSON.stringify(value)).sort();
    return JSON.stringify([operand, 'in', values, condition.orNull]);
  }
  return JSON.stringify([operand, condition.op, 'value' in condition ? condition.value : null]);
}

function queryIdOf(
  collection: string,
  tenantId: string,
  where: readonly Condition[],
  sort: FindPlan['sort'],
): string {
  const shape = JSON.stringify([collection, tenantId, where.map(canonical).sort(), sort.field ?? null, sort.direction]);
  return createHash('sha256').update(shape).digest('base64url').slice(0, 22);
}

/** Validates a find and plans it; nothing here touches storage. */
export function planFind(definition: CollectionDefinition, tenantId: string, query: FindInput): FindPlan {
  const where = planWhere(definition, query.where);
  const field = query.sort?.field;
  if (field !== undefined) indexTypeOf(definition, field);
  const direction = query.sort?.direction ?? 'asc';
  if (!isSortDirection(direction)) {
    throw new InvalidQueryError(`sort direction must be "asc" or "desc", got ${JSON.stringify(direction)}`);
  }
  const { limit } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidQueryError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${JSON.stringify(limit)}`);
  }
  const sort = { field, direction };
  const queryId = queryIdOf(definition.name, tenantId, where, sort);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, queryId);
  return { where, sort, segments: continuation(field, direction, after), limit, queryId };
}

/** The cursor of the page that starts right after `last`. */
export function cursorAfter(plan: FindPlan, last: DocumentEntry<unknown>): string {
  const value = plan.sort.field === undefined ? null : readPath(last.doc, plan.sort.field);
  const position: CursorPosition = {
    value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null,
    id: last.id,
  };
  return encodeCursor(plan.queryId, position);
}
