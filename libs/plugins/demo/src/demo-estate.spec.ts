import { edgeId, type ResourceNode } from '@strata/contracts';
import { DemoEstate, slotAt } from './demo-estate';

function collect(estate: DemoEstate, edgesPerNode?: number) {
  const nodes = new Map<string, ResourceNode>();
  const edges = new Set<string>();
  for (let i = 0; i < estate.size; i++) {
    const node = estate.node(i);
    if (node) nodes.set(node.id, node);
    for (const edge of estate.edges(i, edgesPerNode)) edges.add(edgeId(edge));
  }
  return { nodes, edges: [...edges].map((id) => id.split('|')) };
}

describe('DemoEstate', () => {
  it('is deterministic for a seed and size', () => {
    const a = collect(new DemoEstate(1000, 'x'));
    const b = collect(new DemoEstate(1000, 'x'));
    expect([...a.nodes.values()]).toEqual([...b.nodes.values()]);
    expect(a.edges).toEqual(b.edges);
  });

  it('has realistic kinds in realistic shares', () => {
    const { nodes } = collect(new DemoEstate(1000, 'x'));
    const byType = new Map<string, number>();
    for (const node of nodes.values()) byType.set(node.type, (byType.get(node.type) ?? 0) + 1);
    expect(byType.get('demo.ec2.vpc')).toBe(10);
    expect(byType.get('demo.ec2.subnet')).toBe(30);
    expect(byType.get('demo.ec2.instance')).toBeGreaterThan(270);
    expect(byType.get('demo.k8s.pod')).toBeGreaterThan(200);
    expect(nodes.size).toBeGreaterThan(950);
    expect(nodes.size).toBeLessThan(1000);
  });

  it('never has an edge to a resource that is not in the estate', () => {
    const { nodes, edges } = collect(new DemoEstate(2000, 'y'), 4);
    for (const [from, , to] of edges) {
      expect(nodes.has(from!)).toBe(true);
      expect(nodes.has(to!)).toBe(true);
    }
  });

  it('changes a few percent of resources for another seed, keeping ids stable', () => {
    const a = collect(new DemoEstate(5000, 'one'));
    const b = collect(new DemoEstate(5000, 'two'));
    const removed = [...a.nodes.keys()].filter((id) => !b.nodes.has(id)).length;
    const updated = [...a.nodes.entries()].filter(([id, node]) => b.nodes.has(id) && JSON.stringify(b.nodes.get(id)) !== JSON.stringify(node)).length;
    expect(removed).toBeGreaterThan(50);
    expect(removed).toBeLessThan(400);
    expect(updated).toBeGreaterThan(100);
    expect(updated).toBeLessThan(1000);
  });

  it('changes as much of the estate between seeds as the drift asks, and nothing at drift 0', () => {
    const differences = (drift: number) => {
      const a = collect(new DemoEstate(20_000, 'one', drift));
      const b = collect(new DemoEstate(20_000, 'two', drift));
      const removed = [...a.nodes.keys()].filter((id) => !b.nodes.has(id)).length;
      const added = [...b.nodes.keys()].filter((id) => !a.nodes.has(id)).length;
      const updated = [...a.nodes.entries()].filter(([id, node]) => b.nodes.has(id) && JSON.stringify(b.nodes.get(id)) !== JSON.stringify(node)).length;
      return { removed, added, updated, share: (removed + added + updated) / a.nodes.size };
    };
    expect(differences(0)).toEqual({ removed: 0, added: 0, updated: 0, share: 0 });
    const few = differences(2);
    // Two seeds each change 2 % (some changes land on the same value) and leave out 0.6 % of the removable resources.
    expect(few.updated).toBeGreaterThan(0);
    expect(few.removed).toBeGreaterThan(0);
    expect(few.share).toBeGreaterThan(0.02);
    expect(few.share).toBeLessThan(0.06);
    const usual = differences(10);
    expect(usual.share).toBeGreaterThan(few.share * 3);
  });

  it('reaches about the requested edge density', () => {
    const { nodes, edges } = collect(new DemoEstate(5000, 'z'), 4);
    const perNode = edges.length / nodes.size;
    expect(perNode).toBeGreaterThan(3.5);
    expect(perNode).toBeLessThan(4.5);
  });

  it('lays slots out in cells of one hundred', () => {
    expect(slotAt(0)).toMatchObject({ kind: 'vpc', cell: 0 });
    expect(slotAt(106)).toMatchObject({ kind: 'instance', cell: 1, ordinal: 0 });
    expect(slotAt(199)).toMatchObject({ kind: 'pod', cell: 1, ordinal: 24 });
  });
});
