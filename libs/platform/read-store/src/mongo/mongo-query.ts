import type { Document, Filter, IndexDescription, Sort } from 'mongodb';
import type { CollectionDefinition } from '../collection-definition';
import type { Condition, FindPlan, Operand } from '../query-plan';

/** How a document is stored: tenant and id beside the document, never inside it. */
export interface StoredDocument {
  /** Unambiguous for any tenant and id (JSON array text). */
  _id: string;
  tenant: string;
  id: string;
  doc: Document;
}

export const storedId = (tenantId: string, id: string): string => JSON.stringify([tenantId, id]);

const fieldKey = (operand: Operand): string => (operand.kind === 'id' ? 'id' : `doc.${operand.path}`);

/** MongoDB's `null` matches null and missing alike, which is the rule the port promises. */
function conditionFilter(condition: Condition): Filter<StoredDocument> {
  const key = fieldKey(condition.operand);
  switch (condition.op) {
    case 'isNull':
      return { [key]: null };
    case 'notNull':
      return { [key]: { $ne: null } };
    case 'in':
      return { [key]: { $in: condition.orNull ? [...condition.values, null] : [...condition.values] } };
    case 'eq':
      return { [key]: { $eq: condition.value } };
    default:
      return { [key]: { [`$${condition.op}`]: condition.value } };
  }
}

/** Always tenant-scoped; `segments` (a find's continuation) become one `$or` of index ranges. */
export function mongoFilter(
  tenantId: string,
  where: readonly Condition[],
  segments: readonly (readonly Condition[])[] = [[]],
): Filter<StoredDocument> {
  const clauses = where.map(conditionFilter);
  const [onlySegment] = segments;
  if (segments.length === 1 && onlySegment !== undefined) {
    clauses.push(...onlySegment.map(conditionFilter));
  } else if (segments.length > 1) {
    clauses.push({ $or: segments.map((segment) => (segment.length === 0 ? {} : { $and: segment.map(conditionFilter) })) });
  }
  return clauses.length === 0 ? { tenant: tenantId } : { tenant: tenantId, $and: clauses };
}

export function mongoSort(plan: FindPlan): Sort {
  const direction = plan.sort.direction === 'asc' ? 1 : -1;
  return plan.sort.field === undefined ? { id: direction } : { [`doc.${plan.sort.field}`]: direction, id: direction };
}

const indexNameOf = (paths: readonly string[]): string => paths.map((path) => `doc.${path}`).join('+');

/** The names of the single-field indexes the definition retires (see `retiredIndexes`). */
export const retiredMongoIndexNames = (definition: CollectionDefinition): string[] =>
  (definition.retiredIndexes ?? []).map((path) => indexNameOf([path]));

/** Tenant first, id last, like the SQLite indexes; named after their fields so creation is idempotent. */
export function mongoIndexes(definition: CollectionDefinition): IndexDescription[] {
  // Unordered and sparse own indexes are kept full and ordered here: that costs MongoDB less than
  // SQLite, and an index of the same name with other options could not be created next to one
  // that exists already.
  const own = definition.ownIndexes ?? {};
  const fieldLists = [...Object.keys(definition.indexes).filter((path) => own[path] !== 'none').map((path) => [path]), ...definition.compoundIndexes];
  return [
    { key: { tenant: 1, id: 1 }, name: 'tenant+id' },
    ...fieldLists.map((paths) => {
      const fields = paths.map((path) => `doc.${path}`);
      return {
        key: Object.fromEntries([['tenant', 1], ...fields.map((field) => [field, 1]), ['id', 1]]) as Record<string, 1>,
        name: indexNameOf(paths),
      };
    }),
  ];
}
