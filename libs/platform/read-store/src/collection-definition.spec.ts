import { assertDefinedCollection, defineCollection, type CollectionDefinition } from './collection-definition';
import { InvalidCollectionDefinitionError } from './errors';

interface Run {
  status: 'running' | 'done';
  nodes: number;
  ok: boolean;
  stats: { nodes_discovered: number; region?: string | null };
  tags: string[];
}

// Checked by `tsc` (npm run typecheck), never run: index types must match the document type.
function _indexTypesAreCheckedAtCompileTime(): void {
  // @ts-expect-error nodes is a number
  defineCollection<Run>({ name: 'a', indexes: { nodes: 'string' } });
  // @ts-expect-error arrays cannot be indexed
  defineCollection<Run>({ name: 'b', indexes: { tags: 'string' } });
  // @ts-expect-error not a field of Run
  defineCollection<Run>({ name: 'c', indexes: { missing: 'string' } });
  // @ts-expect-error compound index fields are paths of Run
  defineCollection<Run>({ name: 'd', indexes: { status: 'string' }, compoundIndexes: [['status', 'nope']] });
  defineCollection<Run>({ name: 'e', indexes: { 'stats.region': 'string', ok: 'boolean' } });
}

describe('defineCollection', () => {
  it('keeps the declared indexes, nested paths included', () => {
    const runs = defineCollection<Run>({
      name: 'job_runs',
      indexes: { status: 'string', 'stats.nodes_discovered': 'number', ok: 'boolean' },
      compoundIndexes: [['status', 'stats.nodes_discovered']],
    });
    expect(runs).toEqual({
      name: 'job_runs',
      indexes: { status: 'string', 'stats.nodes_discovered': 'number', ok: 'boolean' },
      compoundIndexes: [['status', 'stats.nodes_discovered']],
    });
    expect(Object.isFrozen(runs.indexes)).toBe(true);
  });

  it.each([
    ['Nodes', {}],
    ['1nodes', {}],
    ['no-dash', {}],
    ['x'.repeat(49), {}],
    ['nodes', { 'a..b': 'string' }],
    ['nodes', { 'a b': 'string' }],
    ['nodes', { "a'b": 'string' }],
    ['nodes', { 'a.b.c.d': 'string' }],
    ['nodes', { a: 'date' }],
  ])('refuses name %j with indexes %j', (name, indexes) => {
    expect(() => defineCollection<Record<string, string>>({ name, indexes: indexes as Record<string, 'string'> })).toThrow(
      InvalidCollectionDefinitionError,
    );
  });

  it('refuses compound indexes over undeclared or repeated fields', () => {
    const spec = { name: 'runs', indexes: { status: 'string', nodes: 'number' } } as const;
    expect(() => defineCollection<Run>({ ...spec, compoundIndexes: [['status', 'ok']] })).toThrow(/not declared/);
    expect(() => defineCollection<Run>({ ...spec, compoundIndexes: [['status', 'status']] })).toThrow(/two distinct/);
    expect(() => defineCollection<Run>({ ...spec, compoundIndexes: [['status']] })).toThrow(/two distinct/);
  });

  it('keeps the own indexes that are not the default, and refuses ones it cannot build', () => {
    const spec = { name: 'runs', indexes: { status: 'string', nodes: 'number', ok: 'boolean' }, compoundIndexes: [['status', 'nodes']] } as const;
    const runs = defineCollection<Run>({ ...spec, ownIndexes: { status: 'none', nodes: 'unordered', ok: 'ordered', 'stats.region': 'sparse' }, indexes: { ...spec.indexes, 'stats.region': 'string' } });
    expect(runs.ownIndexes).toEqual({ status: 'none', nodes: 'unordered', 'stats.region': 'sparse' });
    expect(defineCollection<Run>({ ...spec, ownIndexes: { ok: 'ordered' } })).not.toHaveProperty('ownIndexes');
    expect(() => defineCollection<Run>({ ...spec, ownIndexes: { ok: 'none' } })).toThrow(/in no compound index/);
    expect(() => defineCollection<Run>({ ...spec, ownIndexes: { 'stats.region': 'unordered' } })).toThrow(/not declared/);
    expect(() => defineCollection<Run>({ ...spec, ownIndexes: { ok: 'partial' as 'none' } })).toThrow(/expected one of/);
  });

  it('keeps retired indexes (once each), refusing one that is still indexed or not a field path', () => {
    const spec = { name: 'runs', indexes: { status: 'string', nodes: 'number' }, compoundIndexes: [['status', 'nodes']] } as const;
    expect(defineCollection<Run>({ ...spec, retiredIndexes: ['ok', 'ok', 'stats.region'] }).retiredIndexes).toEqual(['ok', 'stats.region']);
    expect(defineCollection<Run>(spec)).not.toHaveProperty('retiredIndexes');
    // A field whose own index is 'none' may retire the index it used to have.
    expect(defineCollection<Run>({ ...spec, ownIndexes: { status: 'none' }, retiredIndexes: ['status'] }).retiredIndexes).toEqual(['status']);
    expect(() => defineCollection<Run>({ ...spec, retiredIndexes: ['nodes'] })).toThrow(/both indexed and retired/);
    expect(() => defineCollection<Run>({ ...spec, retiredIndexes: ['a"; DROP'] })).toThrow(/not a field path/);
  });

  it('lets stores tell its definitions from look-alike objects', () => {
    const real = defineCollection<Run>({ name: 'runs', indexes: { status: 'string' } });
    const lookAlike: CollectionDefinition = { name: 'runs"; DROP TABLE x; --', indexes: {}, compoundIndexes: [] };
    expect(() => assertDefinedCollection(real)).not.toThrow();
    expect(() => assertDefinedCollection(lookAlike)).toThrow(InvalidCollectionDefinitionError);
  });
});
