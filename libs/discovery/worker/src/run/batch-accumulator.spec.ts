import type { ResourceNode } from '@strata/contracts';
import type { DiscoveredItem } from '@strata/plugins-api';
import { BatchAccumulator, type BatchContent } from './batch-accumulator';

const node = (id: string): DiscoveredItem => ({
  kind: 'node',
  node: { id, type: 'test.node', provider: 'test', name: id, tags: {}, attributes: {} } satisfies ResourceNode,
});
const edge = (from: string, to: string): DiscoveredItem => ({ kind: 'edge', edge: { from, to, type: 'uses' } });

function batchesOf(items: DiscoveredItem[], accumulator: BatchAccumulator): BatchContent[] {
  const closed = items.map((item) => accumulator.add(item)).filter((batch) => batch !== undefined);
  const last = accumulator.take();
  return last ? [...closed, last] : closed;
}

const shape = (batches: BatchContent[]) => batches.map((b) => ({ nodes: b.nodes.map((n) => n.id), edges: b.edges.map((e) => e.to) }));

describe('BatchAccumulator', () => {
  it('closes a batch at the node limit, keeping the edges emitted after a node with it', () => {
    const accumulator = new BatchAccumulator({ maxNodes: 2, maxBytes: 1_000_000 });
    const items = [node('a'), edge('a', 'x'), node('b'), edge('b', 'a'), edge('b', 'c'), node('c'), edge('c', 'a'), node('d')];
    expect(shape(batchesOf(items, accumulator))).toEqual([
      { nodes: ['a', 'b'], edges: ['x', 'a', 'c'] },
      { nodes: ['c', 'd'], edges: ['a'] },
    ]);
  });

  it('closes a batch before it would exceed the byte limit', () => {
    const oneNode = new TextEncoder().encode(JSON.stringify((node('a') as { node: ResourceNode }).node)).length + 1;
    const accumulator = new BatchAccumulator({ maxNodes: 500, maxBytes: oneNode * 2 });
    const batches = batchesOf([node('a'), node('b'), node('c'), node('d'), node('e')], accumulator);
    expect(shape(batches).map((b) => b.nodes)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('counts bytes of UTF-8, not characters', () => {
    const named = (id: string): DiscoveredItem => ({ kind: 'node', node: { ...(node(id) as { node: ResourceNode }).node, name: 'é'.repeat(100) } });
    const json = JSON.stringify((named('a') as { node: ResourceNode }).node);
    const bytes = new TextEncoder().encode(json).length + 1;
    expect(bytes).toBeGreaterThan(json.length + 1 + 90);
    // Two fit by characters, not by bytes.
    const accumulator = new BatchAccumulator({ maxNodes: 500, maxBytes: bytes + json.length + 1 });
    expect(shape(batchesOf([named('a'), named('b')], accumulator)).map((b) => b.nodes)).toEqual([['a'], ['b']]);
  });

  it('makes a batch of edges alone, and none at all from nothing', () => {
    expect(shape(batchesOf([edge('a', 'b')], new BatchAccumulator({ maxNodes: 1, maxBytes: 1_000 })))).toEqual([
      { nodes: [], edges: ['b'] },
    ]);
    expect(batchesOf([], new BatchAccumulator({ maxNodes: 1, maxBytes: 1_000 }))).toEqual([]);
  });
});
