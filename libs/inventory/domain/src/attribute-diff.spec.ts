import type { ResourceNode } from '@strata/contracts';
import { attributeDiff } from './attribute-diff';

const node: ResourceNode = { id: 'i-1', type: 'aws.ec2.instance', provider: 'aws', name: 'web', region: 'eu-west-1', tags: { env: 'prod' }, attributes: { state: 'running', cpu: 2 } };

describe('attributeDiff', () => {
  it('gives each changed field with its old and new value, absent where the field was or became absent', () => {
    const after: ResourceNode = { ...node, name: 'web-2', region: undefined, attributes: { state: 'stopped', encrypted: true } };
    expect(attributeDiff(node, after)).toEqual({
      fields: [
        { field: 'attributes.cpu', old: 2 },
        { field: 'attributes.encrypted', new: true },
        { field: 'attributes.state', old: 'running', new: 'stopped' },
        { field: 'name', old: 'web', new: 'web-2' },
        { field: 'region', old: 'eu-west-1' },
      ],
      total: 5,
      truncated: false,
    });
  });

  it('keeps at most maxFields fields and says the diff is truncated', () => {
    const many = (value: number): ResourceNode => ({ ...node, attributes: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, value])) });
    const diff = attributeDiff(many(1), many(2), { maxFields: 3, maxValueChars: 100 });
    expect(diff.fields.map((f) => f.field)).toEqual(['attributes.k0', 'attributes.k1', 'attributes.k2']);
    expect(diff).toMatchObject({ total: 10, truncated: true });
  });

  it('cuts a value longer than the cap to the start of its JSON and flags it', () => {
    const big = 'x'.repeat(50);
    const diff = attributeDiff(node, { ...node, attributes: { ...node.attributes, policy: { doc: big } } }, { maxFields: 50, maxValueChars: 20 });
    expect(diff.fields).toEqual([{ field: 'attributes.policy', new: '{"doc":"xxxxxxxxxxxx', value_truncated: true }]);
    expect(diff.truncated).toBe(true);
  });

  it('names nothing for the same content in another key order', () => {
    expect(attributeDiff(node, { ...node, attributes: { cpu: 2, state: 'running' } })).toEqual({ fields: [], total: 0, truncated: false });
  });
});
