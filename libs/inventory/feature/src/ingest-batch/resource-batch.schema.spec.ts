import { z } from 'zod';
import { resourceBatchSchema } from './resource-batch.schema';

// The zod schema the hand-written check replaced: both must accept, refuse and strip alike.
const zodNode = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  provider: z.string(),
  name: z.string(),
  account: z.string().optional(),
  region: z.string().optional(),
  tags: z.record(z.string(), z.string()),
  attributes: z.record(z.string(), z.unknown()),
});
const zodBatch = z.object({
  tenantId: z.string().min(1),
  jobId: z.string().min(1),
  plugin: z.string().min(1),
  attempt: z.number().int().min(1),
  sequence: z.number().int().min(0),
  scope: z.string().min(1),
  nodes: z.array(zodNode),
  edges: z.array(z.object({ from: z.string().min(1), to: z.string().min(1), type: z.string().min(1) })),
});

const node = { id: 'n1', type: 'aws.ec2.instance', provider: 'aws', name: 'web', account: '1', region: 'eu', tags: { env: 'prod' }, attributes: { size: 2, nested: { a: [1] } } };
const batch = { tenantId: 't', jobId: 'j', plugin: 'aws', attempt: 1, sequence: 0, scope: 'aws:1', nodes: [node], edges: [{ from: 'n1', to: 'n2', type: 'uses' }] };

type Case = [string, unknown];
const valid: Case[] = [
  ['a full batch', batch],
  ['an empty batch', { ...batch, nodes: [], edges: [] }],
  ['a node without account or region', { ...batch, nodes: [{ id: 'n', type: 't', provider: '', name: '', tags: {}, attributes: {} }] }],
  ['unknown keys, which are dropped', { ...batch, extra: 1, nodes: [{ ...node, extra: true }], edges: [{ from: 'a', to: 'b', type: 'c', weight: 2 }] }],
];
const invalid: Case[] = [
  ['not an object', []],
  ['null', null],
  ['an empty tenant', { ...batch, tenantId: '' }],
  ['attempt 0', { ...batch, attempt: 0 }],
  ['a fractional sequence', { ...batch, sequence: 1.5 }],
  ['a negative sequence', { ...batch, sequence: -1 }],
  ['a sequence as text', { ...batch, sequence: '1' }],
  ['no nodes', { ...batch, nodes: undefined }],
  ['nodes not an array', { ...batch, nodes: {} }],
  ['a node without id', { ...batch, nodes: [{ ...node, id: '' }] }],
  ['a node with a numeric name', { ...batch, nodes: [{ ...node, name: 1 }] }],
  ['a null account', { ...batch, nodes: [{ ...node, account: null }] }],
  ['a tag that is not text', { ...batch, nodes: [{ ...node, tags: { env: 1 } }] }],
  ['tags as an array', { ...batch, nodes: [{ ...node, tags: ['a'] }] }],
  ['attributes missing', { ...batch, nodes: [{ ...node, attributes: undefined }] }],
  ['attributes as an array', { ...batch, nodes: [{ ...node, attributes: [1] }] }],
  ['an edge without type', { ...batch, edges: [{ from: 'a', to: 'b' }] }],
  ['an edge to nowhere', { ...batch, edges: [{ from: 'a', to: '', type: 'c' }] }],
];

describe('resourceBatchSchema', () => {
  it.each(valid)('accepts %s as zod did, with the same result', (_name, input) => {
    const json = JSON.parse(JSON.stringify(input)) as unknown;
    expect(resourceBatchSchema.parse(json)).toEqual(zodBatch.parse(json));
  });

  it.each(invalid)('refuses %s as zod did', (_name, input) => {
    const json = JSON.parse(JSON.stringify(input) ?? 'null') as unknown;
    expect(() => zodBatch.parse(json)).toThrow();
    expect(() => resourceBatchSchema.parse(json)).toThrow(/expected/);
  });

  it('returns the payload itself when it holds nothing unknown, so a batch is never held twice', () => {
    const json = JSON.parse(JSON.stringify(batch)) as { nodes: unknown[] };
    const parsed = resourceBatchSchema.parse(json);
    expect(parsed).toBe(json);
    expect(parsed.nodes[0]).toBe(json.nodes[0]);
  });

  it('says where a batch is wrong', () => {
    expect(() => resourceBatchSchema.parse({ ...batch, nodes: [node, { ...node, tags: { env: 2 } }] })).toThrow('nodes[1].tags.env: expected a string');
  });
});
