import { join } from 'node:path';
import fc from 'fast-check';
import { edgeId, pluginRunKey, type ResourceBatch, type ResourceEdge } from '@strata/contracts';
import type { NodeHistory } from '@strata/inventory-domain';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { makeTempDir, type TempDir } from '@strata/testing';
import { vm } from './fixtures/inventory-fixtures';
import { BatchIngestor } from './ingest-batch/batch-ingestor';
import { countJobInventory } from './read-model/job-counts';
import { edgesCollection, nodeHistoryCollection } from './read-model/inventory-collections';
import { readNodes } from './read-model/sightings';
import { ScopeReconciler } from './reconcile-scope/scope-reconciler';

/*
 * The rule for jobs over one scope, whatever their interleaving: the latest observation wins.
 * Random sequences of job starts, sightings (delivered at once or held back and delivered later,
 * out of order), redone runs, cancels, failures and completions run against the real ingest and
 * reconcile code on SQLite; an oracle replays the observations they made and says what the graph
 * and each job's figures must be.
 */

const SCOPE = 'aws:1';
const PLUGIN = 'aws';
const NODE_COUNT = 8;
const JOB_COUNT = 4;
const nodeIds = Array.from({ length: NODE_COUNT }, (_, i) => `n-${i}`);

type Step =
  | { kind: 'start'; job: number }
  | { kind: 'sight'; job: number; seen: { node: number; state: number }[]; hold: boolean }
  | { kind: 'deliver'; pick: number }
  | { kind: 'redo'; job: number }
  | { kind: 'cancel'; job: number }
  | { kind: 'fail'; job: number }
  | { kind: 'complete'; job: number };

const job = fc.integer({ min: 0, max: JOB_COUNT - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('start' as const), job }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('sight' as const),
      job,
      seen: fc.uniqueArray(fc.record({ node: fc.integer({ min: 0, max: NODE_COUNT - 1 }), state: fc.integer({ min: 0, max: 2 }) }), {
        selector: (s) => s.node,
        minLength: 1,
        maxLength: NODE_COUNT,
      }),
      hold: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redo' as const), job }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), job }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), job }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('complete' as const), job }) },
);

interface JobModel {
  id: string;
  status: 'running' | 'cancelled' | 'failed' | 'completed';
  startedAt: string;
  attempt: number;
  attemptStartedAt: string;
  /** Batches published per attempt, in order. */
  batches: Map<number, ResourceBatch[]>;
  /** Node ids per attempt, of the batches inventory ingested. */
  ingestedSeen: Map<number, Set<string>>;
}

/** One observation the oracle replays: a node seen (with its content) or found gone. */
type Observation = { at: number; kind: 'seen'; job: string; state: string } | { at: number; kind: 'gone'; job: string };

class Oracle {
  private readonly observations = new Map<string, Observation[]>();

  seen(nodeId: string, at: string, job: string, state: string): void {
    this.of(nodeId).push({ at: Date.parse(at), kind: 'seen', job, state });
  }

  /** A completed job's final view, begun at `at`, lacked every node but `seen`. */
  absence(at: string, job: string, seen: ReadonlySet<string>): void {
    for (const id of nodeIds) if (!seen.has(id)) this.of(id).push({ at: Date.parse(at), kind: 'gone', job });
  }

  /** The latest observation of a node (a sighting wins a tie); undefined if never seen. */
  latest(nodeId: string): Observation | undefined {
    const sightings = this.of(nodeId).filter((o) => o.kind === 'seen');
    if (sightings.length === 0) return undefined;
    return [...this.of(nodeId)].sort((a, b) => a.at - b.at || (a.kind === 'seen' ? 1 : -1)).at(-1);
  }

  lastSighting(nodeId: string): Extract<Observation, { kind: 'seen' }> | undefined {
    return this.of(nodeId)
      .filter((o): o is Extract<Observation, { kind: 'seen' }> => o.kind === 'seen')
      .sort((a, b) => a.at - b.at)
      .at(-1);
  }

  statuses(): Map<string, 'active' | 'removed'> {
    const result = new Map<string, 'active' | 'removed'>();
    for (const id of nodeIds) {
      const latest = this.latest(id);
      if (latest) result.set(id, latest.kind === 'seen' ? 'active' : 'removed');
    }
    return result;
  }

  private of(nodeId: string): Observation[] {
    let list = this.observations.get(nodeId);
    if (!list) this.observations.set(nodeId, (list = []));
    return list;
  }
}

/** Edges between the nodes of one sighting: each node to the next one the sighting also holds. */
function edgesAmong(ids: readonly string[]): ResourceEdge[] {
  const present = new Set(ids);
  return ids.flatMap((id) => {
    const next = `n-${(Number(id.slice(2)) + 1) % NODE_COUNT}`;
    return present.has(next) ? [{ from: id, to: next, type: 'peers_with' }] : [];
  });
}

describe('overlapping jobs over one scope: the latest observation wins (property, real ingest and reconcile on SQLite)', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let runs = 0;

  beforeAll(async () => {
    dir = await makeTempDir();
    readStore = openSqliteReadStore(join(dir.path, 'strata.db'));
  });
  afterAll(async () => {
    await readStore.close();
    await dir.remove();
  });

  async function play(steps: Step[]): Promise<void> {
    // A tenant per run: one store, no run sees another's graph.
    const tenantId = `t-${runs++}`;
    let tick = 0;
    const timeOf = (n: number) => new Date(Date.UTC(2026, 11, 5, 0, 0, n)).toISOString();
    const clock = () => new Date(timeOf(tick));
    const ingestor = new BatchIngestor({ readStore, clock });
    const reconciler = new ScopeReconciler({ readStore, clock, batchWaitMs: 50, batchPollIntervalMs: 5, pageSize: 3 });
    const oracle = new Oracle();
    const jobs = new Map<number, JobModel>();
    const held: ResourceBatch[] = [];

    const deliver = async (batch: ResourceBatch) => {
      const model = [...jobs.values()].find((j) => j.id === batch.jobId)!;
      const result = await ingestor.ingest(batch);
      if (model.status === 'completed') {
        // Only a superseded attempt can still send batches of a reconciled job: they are ignored.
        expect(result.outcome).toBe('stale');
        return;
      }
      expect(result.outcome).toBe('ingested');
      for (const node of batch.nodes) oracle.seen(node.id, batch.observedAt!, batch.jobId, String(node.attributes['state']));
      let seen = model.ingestedSeen.get(batch.attempt);
      if (!seen) model.ingestedSeen.set(batch.attempt, (seen = new Set()));
      for (const node of batch.nodes) seen.add(node.id);
    };

    const expectGraphAsOracleSays = async (when: string) => {
      const stored = (await readNodes(readStore, tenantId, nodeIds)).records;
      const expected = oracle.statuses();
      const actual = new Map([...stored].map(([id, doc]) => [id, doc.status]));
      expect({ when, statuses: Object.fromEntries(actual) }).toEqual({ when, statuses: Object.fromEntries(expected) });
      for (const [id, doc] of stored) {
        const last = oracle.lastSighting(id)!;
        if (doc.status === 'active') {
          // The newest sighting's time and content, whatever order the batches arrived in.
          expect({ id, last_seen: doc.last_seen, state: doc.attributes['state'] }).toEqual({ id, last_seen: new Date(last.at).toISOString(), state: last.state });
        } else {
          expect(Date.parse(doc.removed_at!)).toBeGreaterThan(last.at);
        }
      }
    };

    for (const s of steps) {
      tick++;
      const now = timeOf(tick);
      const model = 'job' in s ? jobs.get(s.job) : undefined;
      switch (s.kind) {
        case 'start':
          if (model) break;
          jobs.set(s.job, { id: `job-${s.job}`, status: 'running', startedAt: now, attempt: 1, attemptStartedAt: now, batches: new Map(), ingestedSeen: new Map() });
          break;
        case 'sight': {
          if (model?.status !== 'running') break;
          const published = model.batches.get(model.attempt) ?? [];
          // A plugin sends each resource once per run: an attempt sees a node in one batch only.
          const sentBefore = new Set(published.flatMap((batch) => batch.nodes.map((node) => node.id)));
          const seen = s.seen.filter(({ node }) => !sentBefore.has(nodeIds[node]!));
          if (seen.length === 0) break;
          const ids = seen.map(({ node }) => nodeIds[node]!);
          const batch: ResourceBatch = {
            tenantId,
            jobId: model.id,
            plugin: PLUGIN,
            attempt: model.attempt,
            sequence: published.length,
            scope: SCOPE,
            observedAt: now,
            nodes: seen.map(({ node, state }) => vm(nodeIds[node]!, `state-${state}`)),
            edges: edgesAmong(ids),
          };
          model.batches.set(model.attempt, [...published, batch]);
          if (s.hold) held.push(batch);
          else await deliver(batch);
          break;
        }
        case 'deliver':
          if (held.length > 0) await deliver(held.splice(s.pick % held.length, 1)[0]!);
          break;
        case 'redo':
          if (model?.status !== 'running') break;
          model.attempt += 1;
          model.attemptStartedAt = now;
          break;
        case 'cancel':
        case 'fail':
          if (model?.status !== 'running') break;
          model.status = s.kind === 'cancel' ? 'cancelled' : 'failed';
          break;
        case 'complete': {
          if (model?.status !== 'running') break;
          // Reconcile waits for every batch of the final attempt: deliver those still held.
          const final = model.batches.get(model.attempt) ?? [];
          for (const batch of final) {
            const index = held.indexOf(batch);
            if (index >= 0) await deliver(held.splice(index, 1)[0]!);
          }
          const seenByFinal = model.ingestedSeen.get(model.attempt) ?? new Set<string>();
          const before = oracle.statuses();
          const outcome = await reconciler.reconcile({
            tenantId,
            jobId: model.id,
            runs: [{ plugin: PLUGIN, attempt: model.attempt, batches: final.length, scope: SCOPE, startedAt: model.attemptStartedAt }],
            startedAt: model.startedAt,
          });
          model.status = 'completed';
          oracle.absence(model.attemptStartedAt, model.id, seenByFinal);
          const after = oracle.statuses();
          const flipped = nodeIds.filter((id) => before.get(id) === 'active' && after.get(id) === 'removed').length;
          expect(outcome).toMatchObject({ kind: 'reconciled', stats: { nodesDiscovered: seenByFinal.size, nodesRemoved: flipped } });
          if (outcome.kind === 'reconciled') expect(outcome.stats.nodesUpdated).toBeLessThanOrEqual(outcome.stats.nodesDiscovered);
          await expectGraphAsOracleSays(`after ${model.id} reconciled`);
          break;
        }
      }
    }
    // Whatever was still held back arrives in the end (a cancelled or failed job keeps it).
    tick++;
    while (held.length > 0) await deliver(held.shift()!);
    await expectGraphAsOracleSays('at the end');

    // Each job's figures agree with what it saw, with the graph and with node history.
    for (const model of jobs.values()) {
      if (model.status === 'completed') continue;
      const figures = await countJobInventory(readStore, tenantId, model.id, 3);
      const attempts = [...model.ingestedSeen.keys()];
      const latest = attempts.length > 0 ? Math.max(...attempts) : undefined;
      const seen = latest === undefined ? 0 : model.ingestedSeen.get(latest)!.size;
      expect({ job: model.id, status: model.status, ...figures }).toMatchObject({ job: model.id, nodesDiscovered: seen, nodesRemoved: 0 });
    }
    const histories = await readStore.collection(nodeHistoryCollection).forTenant(tenantId).getMany(nodeIds);
    for (const [id, doc] of (await readNodes(readStore, tenantId, nodeIds)).records) {
      const last = lastRemoval(histories.get(id));
      if (doc.status === 'removed') expect({ id, last }).toEqual({ id, last: { change: 'removed', job_id: doc.removed_in_job, at: doc.removed_at } });
      else if (last) expect({ id, last: last.change }).toEqual({ id, last: 'restored' });
    }
    // An edge with a removed end is removed.
    const edges = await readStore.collection(edgesCollection).forTenant(tenantId).find({ limit: 1_000 });
    const stored = (await readNodes(readStore, tenantId, nodeIds)).records;
    for (const { doc } of edges.items) {
      if ([doc.from, doc.to].some((end) => stored.get(end)?.status === 'removed')) expect({ edge: edgeId(doc), status: doc.status }).toEqual({ edge: edgeId(doc), status: 'removed' });
    }
  }

  it('holds for random interleavings of start, sighting, redo, cancel, fail, reconcile and complete', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), (steps) => play(steps)),
      { numRuns: 150 },
    );
  }, 120_000);

  it('restores what another job removed when a run redone after its first attempt was stored sees it again', async () => {
    // X's first attempt stores n-0..n-3; Y, begun after, sees only n-0 and reconciles (removing
    // n-1..n-3); X's run is redone, sees n-0..n-3 again and completes.
    await play([
      { kind: 'start', job: 0 },
      { kind: 'sight', job: 0, seen: [0, 1, 2, 3].map((node) => ({ node, state: 0 })), hold: false },
      { kind: 'start', job: 1 },
      { kind: 'sight', job: 1, seen: [{ node: 0, state: 0 }], hold: false },
      { kind: 'complete', job: 1 },
      { kind: 'redo', job: 0 },
      { kind: 'sight', job: 0, seen: [0, 1, 2, 3].map((node) => ({ node, state: 0 })), hold: false },
      { kind: 'complete', job: 0 },
    ]);
    const tenantId = `t-${runs - 1}`;
    const restored = (await readNodes(readStore, tenantId, ['n-2'])).records.get('n-2');
    expect(restored).toMatchObject({ status: 'active', last_seen_job: 'job-0', last_seen_run: pluginRunKey('job-0', PLUGIN, 2) });
    const history = await readStore.collection(nodeHistoryCollection).forTenant(tenantId).get('n-2');
    expect(history?.entries.map((e) => `${e.change}:${e.job_id}`)).toEqual(['removed:job-1', 'restored:job-0']);
  });

  describe('at the same time, in one process', () => {
    const T1 = '2026-12-05T01:00:00.000Z';
    const T2 = '2026-12-05T02:00:00.000Z';
    const T3 = '2026-12-05T03:00:00.000Z';
    const batchOf = (tenantId: string, jobId: string, observedAt: string, state: string): ResourceBatch => ({
      tenantId,
      jobId,
      plugin: PLUGIN,
      attempt: 1,
      sequence: 0,
      scope: SCOPE,
      observedAt,
      nodes: nodeIds.map((id) => vm(id, state)),
      edges: [],
    });

    it('keeps the newer sighting when two jobs store batches of the same nodes at once, whichever is planned first', async () => {
      const tenantId = `t-${runs++}`;
      const ingestor = new BatchIngestor({ readStore });
      await Promise.all([ingestor.ingest(batchOf(tenantId, 'job-new', T2, 'new')), ingestor.ingest(batchOf(tenantId, 'job-old', T1, 'old'))]);
      const stored = (await readNodes(readStore, tenantId, nodeIds)).records;
      expect([...stored.values()].map((doc) => [doc.last_seen, doc.attributes['state']])).toEqual(nodeIds.map(() => [T2, 'new']));
    });

    it('does not remove what a batch stored while the reconcile was deciding saw after the view began', async () => {
      const tenantId = `t-${runs++}`;
      const ingestor = new BatchIngestor({ readStore });
      const reconciler = new ScopeReconciler({ readStore, nodeLocks: ingestor.nodeLocks, batchWaitMs: 50, batchPollIntervalMs: 5 });
      await ingestor.ingest(batchOf(tenantId, 'job-k', T1, 'k'));
      // Job R's view began at T2 and saw nothing; job S sees every node at T3, while R reconciles.
      await Promise.all([
        reconciler.reconcile({ tenantId, jobId: 'job-r', runs: [{ plugin: PLUGIN, attempt: 1, batches: 0, scope: SCOPE, startedAt: T2 }] }),
        ingestor.ingest(batchOf(tenantId, 'job-s', T3, 's')),
      ]);
      const stored = (await readNodes(readStore, tenantId, nodeIds)).records;
      expect([...stored.values()].map((doc) => [doc.status, doc.last_seen])).toEqual(nodeIds.map(() => ['active', T3]));
    });
  });
});

/** The last `removed` or `restored` entry of a history. */
function lastRemoval(history: NodeHistory | undefined) {
  const entry = history?.entries.filter((e) => e.change === 'removed' || e.change === 'restored').at(-1);
  return entry && { change: entry.change, job_id: entry.job_id, at: entry.at };
}
