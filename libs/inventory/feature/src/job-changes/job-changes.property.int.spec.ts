import { join } from 'node:path';
import { edgeId, type JobChangeItem, type ResourceBatch, type ResourceEdge, type ResourceNode } from '@strata/contracts';
import { changedFields } from '@strata/inventory-domain';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { makeTempDir, SeededRandom, type TempDir } from '@strata/testing';
import { canonicalJson } from '@strata/shared-domain';
import { vm, type RunAddress } from '../fixtures/inventory-fixtures';
import { BatchIngestor } from '../ingest-batch/batch-ingestor';
import { edgesCollection, nodesCollection } from '../read-model/inventory-collections';
import { readNodes } from '../read-model/sightings';
import { ScopeReconciler } from '../reconcile-scope/scope-reconciler';
import { firstJobChanges } from './job-change-sources';
import { countJobChanges } from './job-change-summarizer';

/** One scan of the scope: the nodes and edges a complete run reports. */
interface Scan {
  nodes: ResourceNode[];
  edges: ResourceEdge[];
}

/** What a job changed, as the oracle tells it from two consecutive scans. */
interface Diff {
  added: string[];
  changed: Map<string, string[]>;
  removed: string[];
  edgesAdded: string[];
  edgesRemoved: string[];
}

const IDS = Array.from({ length: 14 }, (_, i) => `n-${i}`);
const SCOPE = 'aws:1';

function randomScan(random: SeededRandom): Scan {
  const nodes = IDS.filter(() => random.chance(0.7)).map((id) =>
    vm(id, random.pick(['running', 'stopped']), {
      type: Number(id.slice(2)) % 3 === 0 ? 'aws.s3.bucket' : 'aws.ec2.instance',
      tags: random.chance(0.8) ? { team: 'platform' } : { team: 'data' },
      ...(random.chance(0.2) ? { attributes: { state: 'running', size: random.int(3) } } : {}),
    }),
  );
  const edges: ResourceEdge[] = [];
  for (const from of nodes) for (const to of nodes) if (from !== to && random.chance(0.12)) edges.push({ from: from.id, to: to.id, type: random.pick(['uses', 'in_vpc']) });
  return { nodes, edges: [...new Map(edges.map((edge) => [edgeId(edge), edge])).values()] };
}

function shuffled<T>(random: SeededRandom, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The oracle: the difference between the scope as one complete scan left it and as the next one found it. */
function diff(before: Scan, after: Scan): Diff {
  const was = new Map(before.nodes.map((node) => [node.id, node]));
  const is = new Map(after.nodes.map((node) => [node.id, node]));
  const changed = new Map<string, string[]>();
  for (const [id, node] of is) {
    const old = was.get(id);
    if (old && canonicalJson(old) !== canonicalJson(node)) changed.set(id, changedFields(old, node));
  }
  const edgesBefore = new Set(before.edges.map(edgeId));
  const edgesAfter = new Set(after.edges.map(edgeId));
  return {
    added: [...is.keys()].filter((id) => !was.has(id)).sort(),
    changed,
    removed: [...was.keys()].filter((id) => !is.has(id)).sort(),
    edgesAdded: [...edgesAfter].filter((id) => !edgesBefore.has(id)).sort(),
    edgesRemoved: [...edgesBefore].filter((id) => !edgesAfter.has(id)).sort(),
  };
}

const pick = (record: object, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.map((key) => [key, (record as Record<string, unknown>)[key]]));

/** The same shape, from a job's change list. */
function diffOf(items: readonly JobChangeItem[]): Diff {
  const ids = (kind: 'node' | 'edge', change: string) =>
    items
      .filter((item) => item.kind === kind && item.change === change)
      .map((item) => (item.kind === 'node' ? item.id : edgeId(item)))
      .sort();
  const changed = new Map<string, string[]>();
  for (const item of items) if (item.kind === 'node' && item.change === 'changed') changed.set(item.id, (item.fields ?? []).map((field) => field.field));
  return { added: ids('node', 'added'), changed, removed: ids('node', 'removed'), edgesAdded: ids('edge', 'added'), edgesRemoved: ids('edge', 'removed') };
}

/**
 * Random scans into random batches ingested in random order, some runs redone after a first
 * attempt saw part of the scope, each job reconciled before the next starts.
 */
describe('a job changes exactly what the oracle says changed between consecutive scans (property)', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let minute = 0;
  const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
  const clock = () => new Date(at(minute));

  beforeEach(async () => {
    dir = await makeTempDir();
    readStore = openSqliteReadStore(join(dir.path, 'strata.db'));
  });
  afterEach(async () => {
    await readStore.close();
    await dir.remove();
  });

  /** The scan cut into batches of random sizes (each node's leaving edges with it), in a random order. */
  function batchesOf(random: SeededRandom, scan: Scan, run: RunAddress, observedAt: string): ResourceBatch[] {
    const nodes = shuffled(random, scan.nodes);
    const batches: ResourceBatch[] = [];
    for (let start = 0; start < nodes.length; ) {
      const size = 1 + random.int(5);
      const part = nodes.slice(start, start + size);
      const ids = new Set(part.map((node) => node.id));
      batches.push({ ...run, sequence: batches.length, observedAt, nodes: part, edges: scan.edges.filter((edge) => ids.has(edge.from)) });
      start += size;
    }
    return shuffled(random, batches);
  }

  for (const seed of Array.from({ length: Number(process.env.CHANGES_SEEDS ?? 5) }, (_, i) => `changes-${i + 1}`)) {
    it(`seed ${seed}`, async () => {
      const random = new SeededRandom(seed);
      const ingestor = new BatchIngestor({ readStore, clock });
      const reconciler = new ScopeReconciler({ readStore, clock, batchWaitMs: 100, batchPollIntervalMs: 10, pageSize: 1 + random.int(7) });
      let state: Scan = { nodes: [], edges: [] };
      const expected = new Map<string, Diff>();
      // Every node's content when last seen, and every edge ever seen: what decides updated and created.
      const lastContent = new Map<string, string>();
      const edgesEverSeen = new Set<string>();
      for (let k = 1; k <= 12; k++) {
        // Now and then the scope is found just as it was (a quiet night), or empty.
        const scan = random.chance(0.1) ? state : random.chance(0.05) ? { nodes: [], edges: [] } : randomScan(random);
        const jobId = `job-${String(k).padStart(3, '0')}`;
        minute = k * 10;
        // Now and then the run is redone: its first attempt saw part of the scope (as it was) before its worker died.
        const redone = random.chance(0.25);
        if (redone) {
          const part = scan.nodes.filter(() => random.chance(0.6));
          const ids = new Set(part.map((node) => node.id));
          const first: RunAddress = { tenantId: 'acme', jobId, plugin: 'aws', attempt: 1, scope: SCOPE };
          for (const batch of batchesOf(random, { nodes: part, edges: scan.edges.filter((edge) => ids.has(edge.from) && ids.has(edge.to)) }, first, at(minute + 1))) await ingestor.ingest(batch);
          minute += 3;
        }
        const attempt = redone ? 2 : 1;
        const run: RunAddress = { tenantId: 'acme', jobId, plugin: 'aws', attempt, scope: SCOPE };
        const startedAt = at(minute);
        const batches = batchesOf(random, scan, run, at(minute + 1));
        minute += 2;
        for (const batch of batches) await ingestor.ingest(batch);
        minute += 1;
        const outcome = await reconciler.reconcile({ tenantId: 'acme', jobId, runs: [{ plugin: 'aws', attempt, batches: batches.length, scope: SCOPE, startedAt }] });
        const want = diff(state, scan);
        // The job's figures, whether a node or edge was written whole or only its sighting.
        expect({ jobId, outcome }).toEqual({
          jobId,
          outcome: {
            kind: 'reconciled',
            concurrentJobs: [],
            stats: {
              nodesDiscovered: scan.nodes.length,
              nodesUpdated: scan.nodes.filter((node) => lastContent.has(node.id) && lastContent.get(node.id) !== canonicalJson(node)).length,
              nodesRemoved: want.removed.length,
              edgesCreated: scan.edges.filter((edge) => !edgesEverSeen.has(edgeId(edge))).length,
            },
          },
        });
        for (const node of scan.nodes) lastContent.set(node.id, canonicalJson(node));
        for (const edge of scan.edges) edgesEverSeen.add(edgeId(edge));
        // Every node as readers see it: what the scan saw is active, last seen by this job when its final attempt saw it.
        const seen = new Set(scan.nodes.map((node) => node.id));
        const stored = (await readNodes(readStore, 'acme', IDS)).records;
        for (const [id, node] of stored) {
          const state = seen.has(id) ? { status: 'active', last_seen_job: jobId, last_seen: at(minute - 2) } : { status: 'removed' };
          expect({ id, ...pick(node, Object.keys(state)) }).toEqual({ id, ...state });
        }
        expected.set(jobId, want);
        state = scan;
        // What this job's reconcile left is the scan: no stale edge survives between nodes that remain.
        const active = (await readStore.collection(edgesCollection).forTenant('acme').find({ limit: 10_000 })).items.filter(({ doc }) => doc.status === 'active');
        expect(active.map(({ id }) => id).sort()).toEqual(scan.edges.map(edgeId).sort());
      }
      // Every job's changes, read after all of them ran: later jobs never rewrite an earlier one's.
      for (const [jobId, want] of expected) {
        const { items, more } = await firstJobChanges(readStore, 'acme', jobId, {}, 5_000);
        expect(more).toBe(false);
        expect({ jobId, ...diffOf(items) }).toEqual({ jobId, ...want });
        const [summary] = await countJobChanges(readStore, 'acme', jobId);
        const nodes = summary?.nodes ?? { added: 0, changed: 0, removed: 0 };
        const edges = summary?.edges ?? { added: 0, removed: 0 };
        expect({ jobId, nodes, edges }).toEqual({
          jobId,
          nodes: { added: want.added.length, changed: want.changed.size, removed: want.removed.length },
          edges: { added: want.edgesAdded.length, removed: want.edgesRemoved.length },
        });
      }
    });
  }
});

/**
 * Two jobs over the scope at once, their batches ingested interleaved and some held up until
 * after a reconcile, the jobs reconciled in either order. Which job a change belongs to then
 * depends on who got there first, so the oracle is the graph itself: every node's and edge's
 * changes, all jobs together in the order they were observed, go absent → added → (changed)* →
 * removed → added ... and end where the graph is (active or not).
 */
describe('the changes of jobs running at once replay to the graph (property)', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let now = 0;
  const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, 0) + m * 60_000).toISOString();
  const clock = () => new Date(at(now));

  beforeEach(async () => {
    dir = await makeTempDir();
    readStore = openSqliteReadStore(join(dir.path, 'strata.db'));
  });
  afterEach(async () => {
    await readStore.close();
    await dir.remove();
  });

  const SEEDS = Number(process.env.CHANGES_SEEDS ?? 6);
  for (const seed of Array.from({ length: SEEDS }, (_, i) => `together-${i + 1}`)) {
    it(`seed ${seed}`, async () => {
      const random = new SeededRandom(seed);
      const ingestor = new BatchIngestor({ readStore, clock });
      const reconciler = new ScopeReconciler({ readStore, clock, batchWaitMs: 100, batchPollIntervalMs: 10, pageSize: 1 + random.int(7) });
      const jobs: string[] = [];
      for (let round = 0; round < 6; round++) {
        const base = round * 100;
        const ids = [`job-${round}a`, `job-${round}b`];
        jobs.push(...ids);
        // The second job starts 0 to 20 minutes after the first; each sees the estate as it is then.
        const starts = [base, base + random.int(21)];
        const plans = ids.map((jobId, j) => {
          const scan = randomScan(random);
          const nodes = shuffled(random, scan.nodes);
          const batches: ResourceBatch[] = [];
          for (let start = 0, sequence = 0; start < nodes.length; sequence++) {
            const part = nodes.slice(start, start + 1 + random.int(4));
            start += part.length;
            const inPart = new Set(part.map((node) => node.id));
            const observedAt = at(starts[j]! + 1 + sequence);
            batches.push({ tenantId: 'acme', jobId, plugin: 'aws', attempt: 1, scope: SCOPE, sequence, observedAt, nodes: part, edges: scan.edges.filter((edge) => inPart.has(edge.from)) });
          }
          return { jobId, startedAt: at(starts[j]!), batches };
        });
        // Interleaved: each step ingests the next batch of one of the jobs; some are held up past the first reconcile.
        const queues = plans.map((plan) => [...plan.batches]);
        const held: ResourceBatch[] = [];
        now = base + 40;
        while (queues.some((queue) => queue.length > 0)) {
          const queue = random.pick(queues.filter((q) => q.length > 0));
          const batch = queue.shift()!;
          if (random.chance(0.15)) held.push(batch);
          else await ingestor.ingest(batch);
        }
        const order = random.chance(0.5) ? [0, 1] : [1, 0];
        const reconcile = (plan: (typeof plans)[number]) =>
          reconciler.reconcile({ tenantId: 'acme', jobId: plan.jobId, runs: [{ plugin: 'aws', attempt: 1, batches: plan.batches.length, scope: SCOPE, startedAt: plan.startedAt }] });
        // The first reconcile waits for its job's batches: those of its job that were held up arrive first.
        const first = plans[order[0]!]!;
        for (const batch of held.filter((b) => b.jobId === first.jobId)) await ingestor.ingest(batch);
        now = base + 50;
        await reconcile(first);
        for (const batch of held.filter((b) => b.jobId !== first.jobId)) await ingestor.ingest(batch);
        now = base + 60;
        await reconcile(plans[order[1]!]!);
      }

      // Every job's changes, in the order they were observed (a removal before a sighting at the same moment).
      const timeline = new Map<string, { at: number; change: string; jobId: string }[]>();
      for (const jobId of jobs) {
        const { items, more } = await firstJobChanges(readStore, 'acme', jobId, {}, 5_000);
        expect(more).toBe(false);
        const counted = { added: 0, changed: 0, removed: 0, edgesAdded: 0, edgesRemoved: 0 };
        for (const item of items) {
          const key = item.kind === 'node' ? `node ${item.id}` : `edge ${edgeId(item)}`;
          const list = timeline.get(key) ?? [];
          list.push({ at: Date.parse(item.at), change: item.change, jobId });
          timeline.set(key, list);
          if (item.kind === 'node') counted[item.change] += 1;
          else counted[item.change === 'added' ? 'edgesAdded' : 'edgesRemoved'] += 1;
        }
        // The summary a reconcile stored counts what its list held then; records that came later (a late batch) are not in it.
        const [summary] = await countJobChanges(readStore, 'acme', jobId);
        expect({ jobId, nodes: summary?.nodes ?? { added: 0, changed: 0, removed: 0 }, edges: summary?.edges ?? { added: 0, removed: 0 } }).toEqual({
          jobId,
          nodes: { added: counted.added, changed: counted.changed, removed: counted.removed },
          edges: { added: counted.edgesAdded, removed: counted.edgesRemoved },
        });
      }
      const nodes = new Map((await readStore.collection(nodesCollection).forTenant('acme').find({ limit: 10_000 })).items.map(({ id, doc }) => [`node ${id}`, doc.status]));
      const edges = new Map((await readStore.collection(edgesCollection).forTenant('acme').find({ limit: 10_000 })).items.map(({ id, doc }) => [`edge ${id}`, doc.status]));
      const graph = new Map([...nodes, ...edges]);
      for (const key of new Set([...graph.keys(), ...timeline.keys()])) {
        // At one moment: an absence, then sightings (they win a tie), a creation before a change (two jobs seeing it at once).
        const rank = { removed: 0, added: 1, changed: 2 } as Record<string, number>;
        const steps = (timeline.get(key) ?? []).sort((a, b) => a.at - b.at || rank[a.change]! - rank[b.change]!);
        let present = false;
        for (const step of steps) {
          const allowed = step.change === 'added' ? !present : present;
          expect({ key, steps, step, allowed }).toEqual({ key, steps, step, allowed: true });
          present = step.change !== 'removed';
        }
        expect({ key, steps, present }).toEqual({ key, steps, present: graph.get(key) === 'active' });
      }
    });
  }
});
