/**
 * Test double of the few MongoDB driver calls the adapter makes, matching and sorting the way the
 * MongoDB manual specifies for the operators the adapter emits: `null` matches null or missing,
 * comparisons only match values of the same type, null and missing sort lowest, strings compare
 * by UTF-8 bytes. It lets the contract suite run the real adapter code without a server; it is
 * not a substitute for running that suite against MongoDB (set MONGO_URL).
 */
import type { Db, Document } from 'mongodb';

type Stored = Document & { _id: unknown };

function valueAt(document: Document, path: string): unknown {
  let value: unknown = document;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

const isAbsent = (value: unknown): value is null | undefined => value === null || value === undefined;

function equals(actual: unknown, expected: unknown): boolean {
  if (expected === null) return isAbsent(actual);
  return typeof actual === typeof expected && actual === expected;
}

function compareSameType(actual: unknown, expected: unknown): number | undefined {
  if (isAbsent(actual) || typeof actual !== typeof expected) return undefined;
  if (typeof actual === 'string') return Buffer.compare(Buffer.from(actual), Buffer.from(expected as string));
  return (actual as number) < (expected as number) ? -1 : (actual as number) > (expected as number) ? 1 : 0;
}

function matchesOperators(actual: unknown, operators: Document): boolean {
  return Object.entries(operators).every(([operator, operand]) => {
    const order = compareSameType(actual, operand);
    switch (operator) {
      case '$eq':
        return equals(actual, operand);
      case '$ne':
        return !equals(actual, operand);
      case '$in':
        return (operand as unknown[]).some((candidate) => equals(actual, candidate));
      case '$gt':
        return order !== undefined && order > 0;
      case '$gte':
        return order !== undefined && order >= 0;
      case '$lt':
        return order !== undefined && order < 0;
      case '$lte':
        return order !== undefined && order <= 0;
      default:
        throw new Error(`the fake does not implement ${operator}`);
    }
  });
}

const isOperatorObject = (value: unknown): value is Document =>
  value !== null && typeof value === 'object' && Object.keys(value).every((key) => key.startsWith('$'));

export function matches(document: Document, filter: Document): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Document[]).every((part) => matches(document, part));
    if (key === '$or') return (condition as Document[]).some((part) => matches(document, part));
    const actual = valueAt(document, key);
    return isOperatorObject(condition) ? matchesOperators(actual, condition) : equals(actual, condition);
  });
}

// BSON order of the types the adapter stores: null (and missing), numbers, strings, booleans.
const typeRank = (value: unknown): number =>
  isAbsent(value) ? 0 : typeof value === 'number' ? 1 : typeof value === 'string' ? 2 : 3;

function compareForSort(a: unknown, b: unknown): number {
  const byType = typeRank(a) - typeRank(b);
  if (byType !== 0 || isAbsent(a)) return byType;
  return compareSameType(a, b) ?? 0;
}

class FakeCursor {
  private order: [string, number][] = [];
  private max = Infinity;

  constructor(
    private readonly documents: Stored[],
    private readonly projection: Document | undefined,
  ) {}

  sort(order: Record<string, 1 | -1>): this {
    this.order = Object.entries(order);
    return this;
  }

  limit(max: number): this {
    this.max = max;
    return this;
  }

  async toArray(): Promise<Document[]> {
    const sorted = [...this.documents].sort((a, b) => {
      for (const [path, direction] of this.order) {
        const order = compareForSort(valueAt(a, path), valueAt(b, path));
        if (order !== 0) return order * direction;
      }
      return 0;
    });
    return sorted.slice(0, this.max).map((document) => {
      const copy = structuredClone(document) as Document;
      if (this.projection?.['_id'] === 0) delete copy['_id'];
      return copy;
    });
  }
}

class FakeCollection {
  readonly documents = new Map<string, Stored>();
  readonly indexNames = new Set<string>();

  private key(id: unknown): string {
    return JSON.stringify(id);
  }

  private matching(filter: Document): Stored[] {
    return [...this.documents.values()].filter((document) => matches(document, filter));
  }

  async distinct(field: string): Promise<unknown[]> {
    return [...new Set([...this.documents.values()].map((document) => (document as Record<string, unknown>)[field]))];
  }

  async createIndexes(specs: { name?: string }[]): Promise<string[]> {
    for (const spec of specs) this.indexNames.add(spec.name ?? '');
    return specs.map((spec) => spec.name ?? '');
  }

  /** As the server answers: code 27 (IndexNotFound) when there is no such index. */
  async dropIndex(name: string): Promise<void> {
    if (!this.indexNames.delete(name)) throw Object.assign(new Error(`index not found with name [${name}]`), { code: 27, codeName: 'IndexNotFound' });
  }

  async findOne(filter: Document): Promise<Document | null> {
    const [found] = this.matching(filter);
    return found === undefined ? null : structuredClone(found);
  }

  find(filter: Document, options: { projection?: Document } = {}): FakeCursor {
    return new FakeCursor(this.matching(filter), options.projection);
  }

  async countDocuments(filter: Document): Promise<number> {
    return this.matching(filter).length;
  }

  /** Only `[{ $match }, { $group: { _id: null, <name>: { $sum: '$<path>' } } }]`, as the adapter sends it. */
  aggregate(pipeline: Document[]): { toArray(): Promise<Document[]> } {
    const [match, group] = pipeline as [{ $match?: Document }, { $group?: Record<string, unknown> }];
    const entries = Object.entries(group?.$group ?? {}).filter(([name]) => name !== '_id');
    const [name, accumulator] = entries[0] ?? [];
    const path = (accumulator as { $sum?: unknown } | undefined)?.$sum;
    if (!match?.$match || entries.length !== 1 || typeof path !== 'string' || !path.startsWith('$')) throw new Error('the fake only implements a $match then a $group summing one field');
    const found = this.matching(match.$match);
    // $sum skips what is not a number, and yields no group over no documents.
    const total = found.reduce((sum, document) => {
      const value = valueAt(document, path.slice(1));
      return typeof value === 'number' ? sum + value : sum;
    }, 0);
    return { toArray: async () => (found.length === 0 ? [] : [{ _id: null, [name!]: total }]) };
  }

  async bulkWrite(operations: Document[]): Promise<void> {
    if (operations.length === 0) throw new Error('Invalid BulkOperation, Batch cannot be empty');
    for (const operation of operations) {
      const replace = operation['replaceOne'] as { filter: { _id: unknown }; replacement: Document; upsert: boolean };
      if (!replace?.upsert) throw new Error('the fake only implements replaceOne with upsert');
      const { _id } = replace.filter;
      this.documents.set(this.key(_id), { ...structuredClone(replace.replacement), _id });
    }
  }

  async updateOne(filter: { _id: unknown }, update: { $set: Document }, options: { upsert?: boolean }): Promise<void> {
    const existing = this.documents.get(this.key(filter._id));
    if (existing === undefined && !options.upsert) return;
    this.documents.set(this.key(filter._id), { ...existing, ...structuredClone(update.$set), _id: filter._id });
  }

  async deleteOne(filter: Document): Promise<{ deletedCount: number }> {
    const [found] = this.matching(filter);
    if (found === undefined) return { deletedCount: 0 };
    this.documents.delete(this.key(found._id));
    return { deletedCount: 1 };
  }

  async deleteMany(filter: Document): Promise<{ deletedCount: number }> {
    const found = this.matching(filter);
    for (const document of found) this.documents.delete(this.key(document._id));
    return { deletedCount: found.length };
  }
}

export interface FakeMongoDb {
  /** Typed as the driver's `Db` for the adapter; only the calls above exist. */
  db: Db;
  collections: Map<string, FakeCollection>;
}

export function fakeMongoDb(): FakeMongoDb {
  const collections = new Map<string, FakeCollection>();
  const db = {
    collection(name: string): FakeCollection {
      let collection = collections.get(name);
      if (collection === undefined) {
        collection = new FakeCollection();
        collections.set(name, collection);
      }
      return collection;
    },
  };
  return { db: db as unknown as Db, collections };
}
