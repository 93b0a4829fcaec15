import { InvalidCollectionDefinitionError } from './errors';

/** The value kinds an indexed field may hold (besides null or missing). */
export type IndexType = 'string' | 'number' | 'boolean';

/** A value an indexed field can be compared with. */
export type IndexValue = string | number | boolean;

type DepthLeft = [never, 0, 1, 2];

/**
 * Dotted paths (up to three levels deep) of `TDoc` that lead to a string, number or boolean:
 * the fields that can be declared as indexes and then filtered or sorted on.
 */
export type IndexablePath<TDoc, Depth extends number = 3> = [Depth] extends [never]
  ? never
  : {
      [K in keyof TDoc & string]-?: NonNullable<TDoc[K]> extends IndexValue
        ? K
        : NonNullable<TDoc[K]> extends readonly unknown[]
          ? never
          : NonNullable<TDoc[K]> extends object
            ? `${K}.${IndexablePath<NonNullable<TDoc[K]>, DepthLeft[Depth]>}`
            : never;
    }[keyof TDoc & string];

/** The (non-null) type found at dotted `Path` in `TDoc`. */
export type PathValue<TDoc, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof TDoc
    ? PathValue<NonNullable<TDoc[Head]>, Rest>
    : never
  : Path extends keyof TDoc
    ? NonNullable<TDoc[Path]>
    : never;

/**
 * The index a declared field gets of its own. Every index costs each write of the collection an
 * entry, so a field written far more often than it is paged through can have a cheaper one:
 * - `ordered` (the default): `(tenant, field, id)`. Filters, counts and pages sorted by the field
 *   or by id read it in order.
 * - `unordered`: on SQLite `(tenant, field)`, whose entries follow the row's insertion order: a
 *   third of the size for long ids, and a write appends to the end of the value's range instead
 *   of inserting at a random place in it. Counts and filters use it as well; a page of its
 *   matches is sorted after they are read, so it suits fields that are counted, or whose
 *   matches are few. MongoDB keeps the ordered index.
 * - `sparse`: ordered, but only of the documents whose field holds a value: on SQLite a partial
 *   index (`WHERE field IS NOT NULL`), so writing a document whose field is null or missing
 *   costs no entry at all. For fields that stay null for most documents and are filtered on
 *   their values (equality, `$in`, ranges); a filter on null, or a sort by the field without such
 *   a filter, reads the collection instead. MongoDB keeps a full ordered index.
 * - `none`: no index of its own, for a field that is only queried with the fields of a compound
 *   index it belongs to (which it must).
 */
export type OwnIndex = 'ordered' | 'unordered' | 'sparse' | 'none';

const OWN_INDEXES: readonly string[] = ['ordered', 'unordered', 'sparse', 'none'] satisfies OwnIndex[];

type IndexTypeOf<V> = V extends string ? 'string' : V extends number ? 'number' : V extends boolean ? 'boolean' : never;

/** What `defineCollection` is given; index types are checked against `TDoc` at compile time. */
export interface CollectionSpec<TDoc extends object> {
  /** Lower-case letters, digits and `_`, starting with a letter; unique per store. */
  name: string;
  /** Fields to filter and sort on, by dotted path, with the kind of value they hold. */
  indexes: { readonly [P in IndexablePath<TDoc>]?: IndexTypeOf<PathValue<TDoc, P>> };
  /**
   * Extra multi-field indexes, e.g. `[['type', 'name']]` so "type = x, sorted by name" reads in
   * index order instead of sorting. Every field must also be declared in `indexes`.
   */
  compoundIndexes?: readonly (readonly IndexablePath<TDoc>[])[];
  /** Declared fields whose own index is not the default `ordered` one (see {@link OwnIndex}). */
  ownIndexes?: { readonly [P in IndexablePath<TDoc>]?: OwnIndex };
  /**
   * Fields whose own index an earlier version declared and this one no longer reads: binding the
   * collection drops those indexes, since each costs every write. Named explicitly rather than
   * inferred from what is undeclared, because several definitions may bind one collection (a
   * reader's view declares only the indexes it reads, and must not drop the owner's).
   */
  retiredIndexes?: readonly string[];
}

declare const documentType: unique symbol;

/** A validated collection declaration; `TDoc` is the shape of the documents it holds. */
export interface CollectionDefinition<TDoc extends object = object> {
  readonly name: string;
  readonly indexes: Readonly<Record<string, IndexType>>;
  readonly compoundIndexes: readonly (readonly string[])[];
  /** Fields whose own index is not `ordered`; absent when there are none. */
  readonly ownIndexes?: Readonly<Record<string, Exclude<OwnIndex, 'ordered'>>>;
  /** Fields whose own index, made by an earlier version, binding drops; absent when there are none. */
  readonly retiredIndexes?: readonly string[];
  /** Type-level only: ties the definition to its document type. Never present at runtime. */
  readonly [documentType]?: TDoc;
}

const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,47}$/;
const PATH_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const INDEX_TYPES: readonly string[] = ['string', 'number', 'boolean'] satisfies IndexType[];
const MAX_PATH_DEPTH = 3;
const madeByDefineCollection = new WeakSet<CollectionDefinition>();

function assertFieldPath(collection: string, path: string): void {
  const segments = path.split('.');
  if (segments.length > MAX_PATH_DEPTH || !segments.every((segment) => PATH_SEGMENT.test(segment))) {
    throw new InvalidCollectionDefinitionError(
      `collection "${collection}": "${path}" is not a field path (identifiers joined by ".", at most ${MAX_PATH_DEPTH} deep)`,
    );
  }
}

/**
 * Declares a collection of `TDoc` documents and the fields it indexes. Only indexed fields can be
 * filtered or sorted on, and every store enforces that identically.
 */
export function defineCollection<TDoc extends object>(spec: CollectionSpec<TDoc>): CollectionDefinition<TDoc> {
  const { name } = spec;
  if (!COLLECTION_NAME.test(name)) {
    throw new InvalidCollectionDefinitionError(
      `"${name}" is not a collection name (lower-case letters, digits and "_", starting with a letter, at most 48)`,
    );
  }
  const indexes: Record<string, IndexType> = {};
  for (const [path, type] of Object.entries(spec.indexes as Record<string, unknown>)) {
    if (type === undefined) continue;
    assertFieldPath(name, path);
    if (typeof type !== 'string' || !INDEX_TYPES.includes(type)) {
      throw new InvalidCollectionDefinitionError(
        `collection "${name}": index "${path}" has type ${JSON.stringify(type)}; expected one of ${INDEX_TYPES.join(', ')}`,
      );
    }
    indexes[path] = type as IndexType;
  }
  const compoundIndexes = (spec.compoundIndexes ?? []).map((fields) => {
    if (fields.length < 2 || new Set(fields).size !== fields.length) {
      throw new InvalidCollectionDefinitionError(
        `collection "${name}": a compound index needs at least two distinct fields, got [${fields.join(', ')}]`,
      );
    }
    for (const field of fields) {
      if (!Object.hasOwn(indexes, field)) {
        throw new InvalidCollectionDefinitionError(
          `collection "${name}": compound index field "${field}" is not declared in indexes`,
        );
      }
    }
    return Object.freeze([...fields]);
  });
  const ownIndexes: Record<string, Exclude<OwnIndex, 'ordered'>> = {};
  for (const [field, kind] of Object.entries(spec.ownIndexes ?? {}) as [string, unknown][]) {
    if (kind === undefined || kind === 'ordered') continue;
    if (!Object.hasOwn(indexes, field)) {
      throw new InvalidCollectionDefinitionError(`collection "${name}": own index of "${field}", which is not declared in indexes`);
    }
    if (typeof kind !== 'string' || !OWN_INDEXES.includes(kind)) {
      throw new InvalidCollectionDefinitionError(
        `collection "${name}": own index of "${field}" is ${JSON.stringify(kind)}; expected one of ${OWN_INDEXES.join(', ')}`,
      );
    }
    if (kind === 'none' && !compoundIndexes.some((fields) => (fields as readonly string[]).includes(field))) {
      throw new InvalidCollectionDefinitionError(`collection "${name}": "${field}" has no own index and is in no compound index`);
    }
    ownIndexes[field] = kind as Exclude<OwnIndex, 'ordered'>;
  }
  const retiredIndexes = [...new Set(spec.retiredIndexes ?? [])];
  for (const path of retiredIndexes) {
    assertFieldPath(name, path);
    if (Object.hasOwn(indexes, path) && ownIndexes[path] !== 'none') {
      throw new InvalidCollectionDefinitionError(`collection "${name}": "${path}" is both indexed and retired`);
    }
  }
  const definition = Object.freeze({
    name,
    indexes: Object.freeze(indexes),
    compoundIndexes: Object.freeze(compoundIndexes),
    ...(Object.keys(ownIndexes).length > 0 ? { ownIndexes: Object.freeze(ownIndexes) } : {}),
    ...(retiredIndexes.length > 0 ? { retiredIndexes: Object.freeze(retiredIndexes) } : {}),
  });
  madeByDefineCollection.add(definition);
  return definition;
}

/**
 * Names and paths end up in SQL identifiers and MongoDB field paths, so stores only accept
 * definitions that `defineCollection` validated, not look-alike objects.
 */
export function assertDefinedCollection(definition: CollectionDefinition): void {
  if (!madeByDefineCollection.has(definition)) {
    throw new InvalidCollectionDefinitionError(
      `collection ${JSON.stringify(definition.name)} was not made by defineCollection()`,
    );
  }
}
