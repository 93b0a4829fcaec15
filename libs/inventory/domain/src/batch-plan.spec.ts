import { edgeId, type ResourceBatch, type ResourceNode } from '@strata/contracts';
import { removeEdge, type EdgeRecord } from './edge-record';
import { countsAsUpdate, planBatch, type InventoryNode, type StoredGraph } from './batch-plan';
import { observeNode, removeNode } from './node-record';

const NOW = '2026-11-22T10:00:00.000Z';
const node = (id: string, state = 'running', extra: Partial<ResourceNode> = {}): ResourceNode => ({
  id,
  type: 'aws.ec2.instance',
  provider: 'aws',
  name: id,
  tags: {},
  attributes: { state },
  ...extra,
});
const batch = (jobId: string, nodes: ResourceNode[], edges: ResourceBatch['edges'] = [], sequence = 0): ResourceBatch => ({
  tenantId: 'acme',
  jobId,
  plugin: 'aws',
  attempt: 1,
  sequence,
  scope: 'aws:123',
  nodes,
  edges,
});
const EMPTY: StoredGraph = { nodes: new Map(), edges: new Map() };
const NOTHING = { nodes: [], edges: [], history: [], activated: [], changed: [], counts: { seen: 0, updated: 0 }, changes: [], created: { nodes: {}, edges: {} } };

/** The stored graph after applying plans, as the ingestor would leave it. */
function apply(stored: StoredGraph, plan: { nodes: InventoryNode[]; edges: EdgeRecord[] }): StoredGraph {
  return {
    nodes: new Map([...stored.nodes, ...plan.nodes.map((n) => [n.id, n] as const)]),
    edges: new Map([...stored.edges, ...plan.edges.map((e) => [edgeId(e), e] as const)]),
  };
}

describe('countsAsUpdate', () => {
  const stored = observeNode(undefined, node('a'), { jobId: 'job-1', scope: 's', at: NOW }).record;
  const removed = removeNode(stored, { jobId: 'job-2', at: NOW });
  const see = (existing: typeof stored | undefined, n: ResourceNode) => countsAsUpdate(existing, observeNode(existing, n, { jobId: 'job-3', scope: 's', at: NOW }));

  it('counts changed content of a known node, restored or not', () => {
    expect(see(stored, node('a', 'stopped'))).toBe(true);
    expect(see(removed, node('a', 'stopped'))).toBe(true);
  });

  it('does not count new, unchanged or same-content restored nodes', () => {
    expect(see(undefined, node('a'))).toBe(false);
    expect(see(stored, node('a'))).toBe(false);
    expect(see(removed, node('a'))).toBe(false);
  });
});

describe('planBatch', () => {
  const first = planBatch(batch('job-1', [node('a'), node('b')], [{ from: 'a', to: 'b', type: 'uses' }]), EMPTY, NOW);
  const afterFirst = apply(EMPTY, first);

  it('names what it changes for the audit: new, changed and restored nodes, and both ends of new edges', () => {
    expect(first.changed.sort()).toEqual(['a', 'b']);
    const later = (n: ResourceNode[], edges: ResourceBatch['edges'] = []) => planBatch(batch('job-2', n, edges), afterFirst, '2026-11-22T11:00:00.000Z').changed.sort();
    expect(later([node('a'), node('b')], [{ from: 'a', to: 'b', type: 'uses' }])).toEqual([]);
    expect(later([node('a', 'stopped'), node('b')], [{ from: 'a', to: 'b', type: 'uses' }])).toEqual(['a']);
    expect(later([node('a'), node('b')], [{ from: 'a', to: 'b', type: 'uses' }, { from: 'b', to: 'c', type: 'in_vpc' }])).toEqual(['b', 'c']);
    const removed: StoredGraph = { ...afterFirst, nodes: new Map([...afterFirst.nodes, ['a', removeNode(afterFirst.nodes.get('a')!, { jobId: 'job-1b', at: '2026-11-22T10:30:00.000Z' })]]) };
    expect(planBatch(batch('job-2', [node('a')]), removed, '2026-11-22T11:00:00.000Z').changed).toEqual(['a']);
  });

  it('writes new nodes and edges', () => {
    expect(first.nodes.map((n) => [n.id, n.first_seen_job, n.updated_in_job])).toEqual([
      ['a', 'job-1', null],
      ['b', 'job-1', null],
    ]);
    expect(first.edges.map((e) => [edgeId(e), e.first_seen_job])).toEqual([['a|uses|b', 'job-1']]);
  });

  it('writes and counts nothing when the same job sends the same nodes in another batch (a redone attempt)', () => {
    expect(planBatch(batch('job-1', [node('a'), node('b')], [{ from: 'a', to: 'b', type: 'uses' }], 1), afterFirst, NOW)).toEqual(NOTHING);
  });

  it('marks updated nodes with the job and keeps the job of an earlier update otherwise', () => {
    const second = planBatch(batch('job-2', [node('a', 'stopped'), node('b')]), afterFirst, NOW);
    expect(second.nodes.map((n) => [n.id, n.last_seen_job, n.updated_in_job])).toEqual([
      ['a', 'job-2', 'job-2'],
      ['b', 'job-2', null],
    ]);
    const third = planBatch(batch('job-3', [node('a', 'stopped')]), apply(afterFirst, second), NOW);
    expect(third.nodes[0]).toMatchObject({ last_seen_job: 'job-3', updated_in_job: 'job-2' });
  });

  it('counts a node once when a batch repeats it', () => {
    const plan = planBatch(batch('job-2', [node('a', 'stopped'), node('a', 'terminated')]), afterFirst, NOW);
    expect(plan.nodes).toHaveLength(1);
    expect(plan.nodes[0]!.attributes).toEqual({ state: 'stopped' });
  });

  describe('the latest observation wins', () => {
    const LATER = '2026-11-22T11:00:00.000Z';
    const EARLIER = '2026-11-22T09:00:00.000Z';
    const at = (observedAt: string, b: ResourceBatch): ResourceBatch => ({ ...b, observedAt });
    // job-2's view of the scope, begun at NOW, did not hold a (nor its edge).
    const reconciled: StoredGraph = {
      nodes: new Map([...afterFirst.nodes, ['a', { ...removeNode(afterFirst.nodes.get('a')!, { jobId: 'job-2', at: NOW }), updated_in_job: null }]]),
      edges: new Map([['a|uses|b', removeEdge(afterFirst.edges.get('a|uses|b')!, { jobId: 'job-2', at: NOW })]]),
    };
    const seesA = (jobId: string, observedAt: string, attempt = 1) => ({ ...at(observedAt, batch(jobId, [node('a')], [{ from: 'a', to: 'b', type: 'uses' }])), attempt });

    it('a sighting older than the absence that removed a node leaves it removed, yet counts for its attempt', () => {
      const plan = planBatch(seesA('job-3', EARLIER), reconciled, NOW);
      expect(plan).toEqual({ ...NOTHING, counts: { seen: 1, updated: 0 } });
    });

    it('a newer sighting restores the node and its edge, whichever job makes it, a redone attempt of the same job too', () => {
      for (const sighting of [seesA('job-3', LATER), seesA('job-2', LATER, 2), seesA('job-1', LATER, 2)]) {
        const plan = planBatch(sighting, reconciled, NOW);
        expect(plan.nodes[0]).toMatchObject({ id: 'a', status: 'active', last_seen: LATER, removed_at: null, removed_in_job: null, last_seen_job: sighting.jobId });
        expect(plan.edges[0]).toMatchObject({ status: 'active', last_seen: LATER });
        expect(plan.activated).toEqual(['a']);
        expect(plan.history).toEqual([{ nodeId: 'a', entry: { change: 'restored', job_id: sighting.jobId, at: LATER, changed: [] } }]);
      }
    });

    it('a sighting at the very moment of the absence wins (a run sees nothing before it starts)', () => {
      expect(planBatch(seesA('job-3', NOW), reconciled, NOW).nodes[0]).toMatchObject({ status: 'active' });
    });

    it('a sighting older than the stored one of an active node changes nothing, but counts', () => {
      const seenLater = apply(EMPTY, planBatch(at(LATER, batch('job-1', [node('a', 'stopped')])), EMPTY, NOW));
      const plan = planBatch(at(NOW, batch('job-2', [node('a')])), seenLater, NOW);
      expect(plan).toEqual({ ...NOTHING, counts: { seen: 1, updated: 0 } });
    });

    it("a node new to the graph, seen before its scope's last absence, is stored removed by it, with its edges", () => {
      const stored: StoredGraph = { ...EMPTY, scopeAbsence: { jobId: 'job-9', at: NOW } };
      const plan = planBatch(at(EARLIER, batch('job-3', [node('x')], [{ from: 'x', to: 'y', type: 'uses' }])), stored, NOW);
      expect(plan.nodes[0]).toMatchObject({ id: 'x', status: 'removed', removed_at: NOW, removed_in_job: 'job-9', last_seen: EARLIER, first_seen_job: 'job-3' });
      expect(plan.edges[0]).toMatchObject({ status: 'removed', removed_at: NOW, removed_in_job: 'job-9' });
      expect(plan.activated).toEqual([]);
      expect(plan.history).toEqual([{ nodeId: 'x', entry: { change: 'removed', job_id: 'job-9', at: NOW } }]);
      // Created by job-3 as of its sighting (counted), removed by job-9 as of its absence (a record of job-9's), the edge too.
      expect(plan.created).toEqual({ nodes: { 'aws.ec2.instance': 1 }, edges: { uses: 1 } });
      expect(plan.changes.map((c) => [c.job_id, c.change, c.at, c.node?.id ?? `${c.edge?.from}->${c.edge?.to}`])).toEqual([
        ['job-9', 'removed', NOW, 'x'],
        ['job-9', 'removed', NOW, 'x->y'],
      ]);
      expect(plan.counts).toEqual({ seen: 1, updated: 0 });
      // Seen after the absence, it is simply new.
      expect(planBatch(at(LATER, batch('job-3', [node('x')])), stored, NOW).nodes[0]).toMatchObject({ status: 'active' });
    });

    it('an edge seen before its node was removed stays removed with it', () => {
      const withoutEdge: StoredGraph = { ...reconciled, edges: new Map() };
      expect(planBatch(seesA('job-3', EARLIER), withoutEdge, NOW).edges[0]).toMatchObject({ status: 'removed', removed_in_job: 'job-2', removed_at: NOW });
    });
  });

  it('a redone attempt counts each node once for itself, and keeps an update its job made in an earlier attempt', () => {
    const attempt1 = planBatch(batch('job-2', [node('a', 'stopped'), node('b')]), afterFirst, NOW);
    expect(attempt1.counts).toEqual({ seen: 2, updated: 1 });
    const redo = { ...batch('job-2', [node('a', 'stopped'), node('b')]), attempt: 2 };
    const plan = planBatch(redo, apply(afterFirst, attempt1), NOW);
    expect(plan.counts).toEqual({ seen: 2, updated: 1 });
    expect(plan.nodes.map((n) => n.last_seen_run)).toEqual(['job-2:aws:2', 'job-2:aws:2']);
    // The same attempt seeing them again, in a later batch, counts nothing more; a newer sighting is still kept.
    const again = planBatch({ ...redo, sequence: 1, observedAt: '2026-11-22T12:00:00.000Z' }, apply(apply(afterFirst, attempt1), plan), NOW);
    expect(again.counts).toEqual({ seen: 0, updated: 0 });
    expect(again.nodes.map((n) => n.last_seen)).toEqual(['2026-11-22T12:00:00.000Z', '2026-11-22T12:00:00.000Z']);
  });

  it('lists the nodes it makes active: new and restored ones, not those already active', () => {
    expect(first.activated).toEqual(['a', 'b']);
    const removed: StoredGraph = { ...afterFirst, nodes: new Map([...afterFirst.nodes, ['b', { ...removeNode(afterFirst.nodes.get('b')!, { jobId: 'job-2', at: NOW }), updated_in_job: null }]]) };
    expect(planBatch(batch('job-3', [node('a', 'stopped'), node('b'), node('c'), node('c')]), removed, NOW).activated).toEqual(['b', 'c']);
  });

  it('plans history entries for updates (naming what changed) and restores, none for creations', () => {
    const removedB: StoredGraph = { ...afterFirst, nodes: new Map([...afterFirst.nodes, ['b', { ...removeNode(afterFirst.nodes.get('b')!, { jobId: 'job-2', at: NOW }), updated_in_job: null }]]) };
    const plan = planBatch(batch('job-3', [node('a', 'stopped', { tags: { env: 'prod' } }), node('b'), node('c')]), removedB, NOW);
    expect(plan.history).toEqual([
      { nodeId: 'a', entry: { change: 'updated', job_id: 'job-3', at: NOW, changed: ['attributes.state', 'tags'] } },
      { nodeId: 'b', entry: { change: 'restored', job_id: 'job-3', at: NOW, changed: [] } },
    ]);
    expect(planBatch(batch('job-3', [node('a')]), afterFirst, NOW).history).toEqual([]);
  });

  it("counts the nodes the job sees for the first time, and the updated ones among them, once each", () => {
    expect(first.counts).toEqual({ seen: 2, updated: 0 });
    const second = planBatch(batch('job-2', [node('a', 'stopped'), node('b'), node('c'), node('a', 'stopped')]), afterFirst, NOW);
    expect(second.counts).toEqual({ seen: 3, updated: 1 });
    // Later in the same job: what it saw already counts nowhere else.
    const later = planBatch(batch('job-2', [node('a', 'terminated'), node('b'), node('d')], [], 1), apply(afterFirst, second), NOW);
    expect(later.counts).toEqual({ seen: 1, updated: 0 });
  });

  it('counts what another job saw meanwhile: each job counts every node it saw', () => {
    const byJob2 = apply(afterFirst, planBatch(batch('job-2', [node('a', 'stopped'), node('b')]), afterFirst, NOW));
    // job-3 ran beside job-2: it sees the nodes job-2 just wrote, a with job-2's content.
    expect(planBatch(batch('job-3', [node('a', 'stopped'), node('b', 'stopped')]), byJob2, NOW).counts).toEqual({ seen: 2, updated: 1 });
  });

  it('counts a batch again, as first planned, when its nodes were stored but not its record (a write cut short)', () => {
    const plan = planBatch(batch('job-2', [node('a', 'stopped'), node('b'), node('c')], [], 3), afterFirst, NOW);
    expect(plan.nodes.map((n) => n.last_seen_batch)).toEqual(['job-2:aws:1:3', 'job-2:aws:1:3', 'job-2:aws:1:3']);
    // Only some of its nodes made it to the store before the crash.
    const partly = apply(afterFirst, { nodes: plan.nodes.slice(0, 2), edges: [] });
    const again = planBatch(batch('job-2', [node('a', 'stopped'), node('b'), node('c')], [], 3), partly, NOW);
    expect(again.counts).toEqual(plan.counts);
    expect(again.nodes.map((n) => n.id)).toEqual(['c']);
    // Another batch of the same job seeing them again counts nothing.
    expect(planBatch(batch('job-2', [node('a', 'stopped'), node('b')], [], 4), apply(partly, again), NOW).counts).toEqual({ seen: 0, updated: 0 });
  });

  it('drops optional fields the resource no longer has', () => {
    const withRegion = apply(EMPTY, planBatch(batch('job-1', [node('a', 'running', { region: 'eu-west-1' })]), EMPTY, NOW));
    const plan = planBatch(batch('job-2', [node('a')]), withRegion, NOW);
    expect(JSON.parse(JSON.stringify(plan.nodes[0]))).not.toHaveProperty('region');
  });

  describe("the job's changes", () => {
    const LATER = '2026-11-22T11:00:00.000Z';
    it('counts what a batch creates per type, and stores no change record for it', () => {
      expect(first.created).toEqual({ nodes: { 'aws.ec2.instance': 2 }, edges: { uses: 1 } });
      expect(first.changes).toEqual([]);
    });
    it('records a changed node with its diff, old → new', () => {
      const plan = planBatch(batch('job-2', [node('a', 'stopped', { tags: { env: 'prod' } }), node('b')]), afterFirst, LATER);
      expect(plan.created).toEqual({ nodes: {}, edges: {} });
      expect(plan.changes).toEqual([
        {
          job_id: 'job-2',
          scope: 'aws:123',
          change: 'changed',
          at: LATER,
          node: { id: 'a', type: 'aws.ec2.instance', provider: 'aws', name: 'a' },
          diff: {
            fields: [
              { field: 'attributes.state', old: 'running', new: 'stopped' },
              { field: 'tags', old: {}, new: { env: 'prod' } },
            ],
            total: 2,
            truncated: false,
          },
        },
      ]);
    });
    it('records restored nodes and edges as added again', () => {
      const removed: StoredGraph = {
        nodes: new Map([...afterFirst.nodes, ['a', removeNode(afterFirst.nodes.get('a')!, { jobId: 'job-2', at: NOW })]]),
        edges: new Map([['a|uses|b', removeEdge(afterFirst.edges.get('a|uses|b')!, { jobId: 'job-2', at: NOW })]]),
      };
      const plan = planBatch({ ...batch('job-3', [node('a'), node('b')], [{ from: 'a', to: 'b', type: 'uses' }]), observedAt: LATER }, removed, LATER);
      expect(plan.changes.map((c) => [c.change, c.restored, c.node?.id ?? `${c.edge?.from}->${c.edge?.to}`])).toEqual([
        ['added', true, 'a'],
        ['added', true, 'a->b'],
      ]);
      expect(plan.created).toEqual({ nodes: {}, edges: {} });
    });
    it('records no change of a node the job itself created (it stays added)', () => {
      const plan = planBatch({ ...batch('job-1', [node('a', 'stopped')], [], 1), attempt: 2, observedAt: LATER }, afterFirst, LATER);
      expect(plan.nodes).toHaveLength(1);
      expect(plan.changes).toEqual([]);
    });
  });
});
