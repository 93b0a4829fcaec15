import { defineCollection } from './collection-definition';
import { InvalidCursorError, InvalidQueryError, UnindexedFieldError } from './errors';
import { cursorAfter, planFind, planWhere } from './query-plan';

const nodes = defineCollection<{ type: string; size?: number | null; name?: string }>({
  name: 'nodes',
  indexes: { type: 'string', size: 'number', name: 'string' },
});

describe('planWhere', () => {
  it('turns each filter kind into conditions on its field', () => {
    expect(
      planWhere(nodes, { type: 'vm', size: { $gte: 1, $lt: 5 }, name: { $in: ['a', null, 'b'] }, ignored: undefined }),
    ).toEqual([
      { op: 'eq', operand: { kind: 'field', path: 'type' }, value: 'vm' },
      { op: 'gte', operand: { kind: 'field', path: 'size' }, value: 1 },
      { op: 'lt', operand: { kind: 'field', path: 'size' }, value: 5 },
      { op: 'in', operand: { kind: 'field', path: 'name' }, values: ['a', 'b'], orNull: true },
    ]);
    expect(planWhere(nodes, { size: null })).toEqual([{ op: 'isNull', operand: { kind: 'field', path: 'size' } }]);
  });

  it('names the field and the indexed ones when a field is not indexed, inherited names included', () => {
    expect(() => planWhere(nodes, { notes: 'x' })).toThrow(
      new UnindexedFieldError('nodes', 'notes', ['type', 'size', 'name']),
    );
    expect(() => planWhere(nodes, { constructor: 'x' })).toThrow(UnindexedFieldError);
    expect(() => planWhere(nodes, JSON.parse('{"__proto__": "x"}'))).toThrow(UnindexedFieldError);
  });

  it.each([[['type']], ['type'], [new Date()], [{ type: new Date() }], [{ size: Number.NaN }], [{ size: { $gt: '1' } }]])(
    'refuses %p',
    (where) => {
      expect(() => planWhere(nodes, where)).toThrow(InvalidQueryError);
    },
  );
});

describe('planFind cursors', () => {
  const query = { where: { type: 'vm' }, sort: { field: 'size', direction: 'desc' }, limit: 2 } as const;
  const last = { id: 'n7', doc: { type: 'vm', size: 3 } };

  it('continues after the last document: its ties with later ids, then lower values, then nulls', () => {
    const cursor = cursorAfter(planFind(nodes, 'acme', query), last);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const size = { kind: 'field', path: 'size' };
    expect(planFind(nodes, 'acme', { ...query, cursor }).segments).toEqual([
      [
        { op: 'eq', operand: size, value: 3 },
        { op: 'lt', operand: { kind: 'id' }, value: 'n7' },
      ],
      [{ op: 'lt', operand: size, value: 3 }],
      [{ op: 'isNull', operand: size }],
    ]);
  });

  it('continues within the nulls after a document without a sort value', () => {
    const cursor = cursorAfter(planFind(nodes, 'acme', query), { id: 'n9', doc: { type: 'vm' } });
    expect(planFind(nodes, 'acme', { ...query, cursor }).segments).toEqual([
      [
        { op: 'isNull', operand: { kind: 'field', path: 'size' } },
        { op: 'lt', operand: { kind: 'id' }, value: 'n9' },
      ],
    ]);
  });

  it('accepts the cursor whatever the $in order and page size, and nowhere else', () => {
    const inQuery = { where: { name: { $in: ['a', 'b'] } }, limit: 5 };
    const cursor = cursorAfter(planFind(nodes, 'acme', inQuery), last);
    expect(() => planFind(nodes, 'acme', { where: { name: { $in: ['b', 'a'] } }, limit: 9, cursor })).not.toThrow();
    expect(() => planFind(nodes, 'globex', { ...inQuery, cursor })).toThrow(InvalidCursorError);
    const otherCollection = defineCollection<{ name: string }>({ name: 'others', indexes: { name: 'string' } });
    expect(() => planFind(otherCollection, 'acme', { ...inQuery, cursor })).toThrow(InvalidCursorError);
  });

  it('refuses a tampered cursor', () => {
    const cursor = cursorAfter(planFind(nodes, 'acme', query), last);
    const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<string, unknown>;
    const tampered = (change: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url');
    expect(() => planFind(nodes, 'acme', { ...query, cursor: tampered({ v: { $gt: 1 } }) })).toThrow(InvalidCursorError);
    expect(() => planFind(nodes, 'acme', { ...query, cursor: tampered({ i: '' }) })).toThrow(InvalidCursorError);
    expect(() => planFind(nodes, 'acme', { ...query, cursor: tampered({ q: 'x' }) })).toThrow(InvalidCursorError);
  });

  it('refuses a sort on an unindexed field and a bad direction', () => {
    expect(() => planFind(nodes, 'acme', { sort: { field: 'notes' }, limit: 1 })).toThrow(UnindexedFieldError);
    expect(() => planFind(nodes, 'acme', { sort: { direction: 'up' }, limit: 1 })).toThrow(InvalidQueryError);
  });
});
