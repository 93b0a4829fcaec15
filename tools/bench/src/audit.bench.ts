import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PluginRunOutput, ResourceBatch, ResourceEdge, ResourceNode } from '@strata/contracts';
import { RuleSet, toRuleNode, type CompiledRule, type EdgesRequest, type LoadedGraph } from '@strata/audit-domain';
import { auditRunsCollection, inventoryNodeSightingsView, inventoryNodesView, NeighbourhoodLoader, seenIn, ScopeEvaluator, TenantAuditInputs, type AuditStats, type InventoryNodeView } from '@strata/audit-feature';
import { BatchIngestor, ScopeReconciler } from '@strata/inventory-feature';
import { openSqliteReadStore, type DocumentEntry, type ReadStore, type SqliteReadStore, type Where } from '@strata/platform-read-store';
import { DemoEstate, slotAt } from '@strata/plugins-demo';
import { cpuWindow, noiseNote, percentOfCore, settle } from './cpu';

/**
 * A full audit of the demo estate with every built-in pack, against the floor: paging through
 * the same nodes exactly as `ScopeEvaluator` does (`last_seen_job`, then `removed_in_job`, 500 a
 * page, by cursor) and turning them into rule nodes, evaluating nothing. Then a second job over
 * the same estate with 1 % of its nodes changed, and its audit, against the first audit.
 *
 * The graph is built in this process through inventory's own code (`BatchIngestor`, batches of
 * 500 nodes with the edges leaving them, eight in flight as inventory runs them, then
 * `ScopeReconciler`), into a fresh SQLite file opened as the standalone app opens its store
 * (writer and reader threads; `BENCH_AUDIT_STORE=audit-engine`: the reader thread only, as the
 * separate audit-engine app). No NATS: what is timed is the audit alone.
 */
const SIZE = Number(process.env['BENCH_AUDIT_SIZE'] ?? 100_000);
const EDGES_PER_NODE = Number(process.env['BENCH_AUDIT_EDGES'] ?? 4);
const STORE = process.env['BENCH_AUDIT_STORE'] === 'audit-engine' ? 'audit-engine' : 'standalone';
/** A directory: a V8 CPU profile of the full audit (this process, main thread) is written there. */
const CPU_PROF_DIR = process.env['BENCH_CPU_PROF'];
/** Longest wait for a quiet machine before each measurement. */
const SETTLE_SECONDS = Number(process.env['BENCH_SETTLE_SECONDS'] ?? 15);
const SEED = 'one';
const TENANT = 'bench';
const PLUGIN = 'demo';
const PAGE_SIZE = 500; // ScopeEvaluator's default
const BATCH_SIZE = 500;
const BATCHES_IN_FLIGHT = 8; // inventory's ingest concurrency
/** Every this many nodes of the estate (in slot order) one is changed for job 2: 1 %. */
const CHANGE_EVERY = 100;
const TARGET_AUDIT_OVER_READ = 3;
const TARGET_REAUDIT_SHARE = 0.1;

interface Estate {
  size: number;
  node(index: number): ResourceNode | undefined;
  edges(index: number, edgesPerNode?: number): ResourceEdge[];
}

/**
 * The same estate, every `CHANGE_EVERY`-th node changed in one attribute a rule reads (a flag
 * flipped, a port opened or closed); for the kinds no rule reads (VPCs, roles) a tag. Edges and
 * every other node identical.
 */
export class ChangedEstate implements Estate {
  readonly changed = new Set<number>();
  readonly size: number;

  constructor(private readonly base: DemoEstate) {
    this.size = base.size;
    let present = 0;
    for (let index = 0; index < base.size; index++) {
      if (!base.present(index)) continue;
      if (present++ % CHANGE_EVERY === CHANGE_EVERY / 2) this.changed.add(index);
    }
  }

  node(index: number): ResourceNode | undefined {
    const node = this.base.node(index);
    if (!node || !this.changed.has(index)) return node;
    const attributes = { ...node.attributes };
    const flip = (key: string) => (attributes[key] = !attributes[key]);
    switch (slotAt(index).kind) {
      case 'volume':
        flip('encrypted');
        break;
      case 'bucket':
        flip('public_access_blocked');
        break;
      case 'instance':
        flip('public_ip');
        break;
      case 'subnet':
        flip('map_public_ip_on_launch');
        break;
      case 'pod':
        flip('privileged');
        break;
      case 'security_group':
        attributes['ingress_open_to_world'] = (attributes['ingress_open_to_world'] as number[]).length > 0 ? [] : [22];
        break;
      default:
        return { ...node, tags: { ...node.tags, changed: 'yes' } };
    }
    return { ...node, attributes };
  }

  edges(index: number, edgesPerNode?: number): ResourceEdge[] {
    return this.base.edges(index, edgesPerNode);
  }
}

/** A discovery job of `estate` through inventory's ingestor and reconciler, as `runJob` of the inventory fixtures, streamed. */
export async function ingestJob(readStore: ReadStore, jobId: string, estate: Estate, at: Date): Promise<{ nodes: number; edges: number }> {
  const clock = () => at;
  const ingestor = new BatchIngestor({ readStore, clock });
  const scope = `demo:${estate.size}`;
  let index = 0;
  let sequence = 0;
  let [nodes, edges] = [0, 0];
  const nextBatch = (): ResourceBatch | undefined => {
    const [batchNodes, batchEdges]: [ResourceNode[], ResourceEdge[]] = [[], []];
    for (; index < estate.size && batchNodes.length < BATCH_SIZE; index++) {
      const node = estate.node(index);
      if (!node) continue;
      batchNodes.push(node);
      batchEdges.push(...estate.edges(index, EDGES_PER_NODE));
    }
    if (batchNodes.length === 0) return undefined;
    nodes += batchNodes.length;
    edges += batchEdges.length;
    return { tenantId: TENANT, jobId, plugin: PLUGIN, attempt: 1, sequence: sequence++, scope, nodes: batchNodes, edges: batchEdges };
  };
  const lane = async () => {
    for (let batch = nextBatch(); batch; batch = nextBatch()) {
      const result = await ingestor.ingest(batch);
      if (result.outcome !== 'ingested') throw new Error(`batch ${batch.sequence} of ${jobId}: ${result.outcome}`);
    }
  };
  await Promise.all(Array.from({ length: BATCHES_IN_FLIGHT }, lane));
  await ingestor.summarizer.stop();
  const runs: PluginRunOutput[] = [{ plugin: PLUGIN, attempt: 1, batches: sequence, scope }];
  const outcome = await new ScopeReconciler({ readStore, clock }).reconcile({ tenantId: TENANT, jobId, runs });
  if (outcome.kind !== 'reconciled') throw new Error(`${jobId} was not reconciled: ${outcome.kind}`);
  return { nodes, edges };
}

/** Rule × node pairs the audit of these nodes evaluates: the rules matching each present node's type. */
interface ReadResult {
  nodes: number;
  present: number;
  pairs: number;
}

/**
 * The baseline: the job's nodes paged through as `ScopeEvaluator` does (the sightings the job made
 * in its scope, then those nodes 500 at a time; then the nodes it removed), made rule nodes,
 * nothing evaluated.
 */
async function readJob(readStore: ReadStore, jobId: string, scope: string, rules: RuleSet): Promise<ReadResult> {
  const nodes = readStore.collection(inventoryNodesView).forTenant(TENANT);
  const sightings = readStore.collection(inventoryNodeSightingsView).forTenant(TENANT);
  const result: ReadResult = { nodes: 0, present: 0, pairs: 0 };
  async function* pages(): AsyncGenerator<DocumentEntry<InventoryNodeView>[]> {
    let cursor: string | undefined;
    do {
      const seen = await sightings.find({ where: { seen_in: seenIn(scope, jobId) }, limit: 10_000, ...(cursor ? { cursor } : {}) });
      for (let start = 0; start < seen.items.length; start += PAGE_SIZE) {
        const found = await nodes.getMany(seen.items.slice(start, start + PAGE_SIZE).map(({ id }) => id));
        yield [...found].map(([id, doc]) => ({ id, doc }));
      }
      cursor = seen.nextCursor;
    } while (cursor);
    do {
      const page = await nodes.find({ where: { removed_in_job: jobId } as Where<InventoryNodeView>, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      yield page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
  {
    for await (const items of pages()) {
      const subjects = items.map(({ doc }) => ({ node: toRuleNode(doc), scope: doc.scope, present: doc.status === 'active' }));
      result.nodes += subjects.length;
      for (const subject of subjects) {
        if (!subject.present) continue;
        result.present++;
        result.pairs += rules.rulesFor(subject.node.type).length;
      }
    }
  }
  return result;
}

/** Neighbourhood loads of the audits: rounds (one `load` per round of a page) and the requests they served. */
const loads = { rounds: 0, requests: 0 };
function countNeighbourhoodLoads(): void {
  const load = NeighbourhoodLoader.prototype.load;
  NeighbourhoodLoader.prototype.load = function (this: NeighbourhoodLoader, requests: readonly EdgesRequest[], graph: LoadedGraph) {
    loads.rounds++;
    loads.requests += requests.length;
    return load.call(this, requests, graph);
  };
}

/** The tenant's inputs, each rule's `evaluate` counted (re-evaluations after a load included). */
class CountingInputs extends TenantAuditInputs {
  evaluations = 0;

  override async rules(tenantId: string): Promise<readonly CompiledRule[]> {
    return (await super.rules(tenantId)).map((rule) => ({
      ...rule,
      appliesTo: rule.appliesTo,
      evaluate: (subject, environment) => {
        this.evaluations++;
        return rule.evaluate(subject, environment);
      },
    }));
  }
}

interface Timed<T> {
  ms: number;
  value: T;
  /** Cores this process kept busy over the window. */
  cpu: number | undefined;
  /** Share of the window the main thread (event loop) was busy rather than waiting. */
  mainThread: number;
  others: number;
}

async function timed<T>(what: string, work: () => Promise<T>, profile?: string): Promise<Timed<T>> {
  const note = await settle(SETTLE_SECONDS * 1000);
  if (note) console.log(`audit: ${what}: ${note}`);
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const window = cpuWindow([process.pid]);
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  const { processes, others } = window.end();
  const mainThread = performance.eventLoopUtilization(loop).utilization;
  if (session && profile) {
    const { profile: cpuProfile } = await session.post('Profiler.stop');
    await mkdir(CPU_PROF_DIR!, { recursive: true });
    await writeFile(join(CPU_PROF_DIR!, profile), JSON.stringify(cpuProfile));
    session.disconnect();
    console.log(`audit: ${what}: CPU profile in ${join(CPU_PROF_DIR!, profile)} (the profiler slows it down)`);
  }
  return { ms, value, cpu: processes[0], mainThread, others };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-audit-'));
  let readStore: SqliteReadStore | undefined;
  try {
    readStore = openSqliteReadStore(join(dir, 'strata.db'), STORE === 'standalone' ? { writerThread: true, readerThread: true } : { readerThread: true });
    const base = new DemoEstate(SIZE, SEED);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const building = performance.now();
    const job1 = await ingestJob(readStore, 'job-1', base, new Date(t0));
    console.log(
      `audit: demo estate of ${fmt(SIZE)} slots (seed "${SEED}", ${EDGES_PER_NODE} edges per node asked): ${fmt(job1.nodes)} nodes, ` +
        `${fmt(job1.edges)} edges, ingested and reconciled in ${seconds(performance.now() - building)}; store opened as the ${STORE} app opens it`,
    );

    countNeighbourhoodLoads();
    const inputs = new CountingInputs(readStore);
    const rules = new RuleSet(await inputs.rules(TENANT));
    const packs = [...new Set(rules.rules.map((rule) => rule.pack))].join(', ');
    // Warms the read path (JIT, page cache) so that neither figure pays for it.
    await readJob(readStore, 'job-1', `demo:${SIZE}`, rules);
    inputs.evaluations = 0;

    const read = await timed('read', () => readJob(readStore!, 'job-1', `demo:${SIZE}`, rules));
    const full = await timed(
      'full audit',
      () => new ScopeEvaluator({ readStore: readStore!, inputs, clock: () => new Date(t0 + 60_000) }).evaluate({ tenantId: TENANT, jobId: 'job-1' }),
      CPU_PROF_DIR ? 'audit-full.cpuprofile' : undefined,
    );
    const fullLoads = { ...loads };
    const fullEvaluations = inputs.evaluations;
    const fullRss = process.resourceUsage().maxRSS;

    const changed = new ChangedEstate(base);
    const building2 = performance.now();
    const job2 = await ingestJob(readStore, 'job-2', changed, new Date(t0 + 3_600_000));
    console.log(`audit: job 2, ${fmt(changed.changed.size)} of its ${fmt(job2.nodes)} nodes changed: ingested and reconciled in ${seconds(performance.now() - building2)}`);
    [loads.rounds, loads.requests, inputs.evaluations] = [0, 0, 0];
    const reaudit = await timed('re-audit', () =>
      new ScopeEvaluator({ readStore: readStore!, inputs, clock: () => new Date(t0 + 3_660_000) }).evaluate({ tenantId: TENANT, jobId: 'job-2' }),
    );
    const peakRss = process.resourceUsage().maxRSS;
    const reauditRun = await readStore.collection(auditRunsCollection).forTenant(TENANT).get('job-2');
    const reauditMode =
      reauditRun?.mode === 'incremental' ? `incremental: ${fmt(reauditRun.nodes_evaluated ?? 0)} nodes the changes may affect evaluated` : 'whole: every node of the job evaluated again';

    const stats = (s: AuditStats) => `${fmt(s.findingsCreated)} findings opened, ${fmt(s.findingsResolved)} resolved`;
    const { pairs, nodes, present } = read.value;
    const ratio = full.ms / read.ms;
    const share = reaudit.ms / full.ms;
    console.log(`\nAudit of the demo estate, every pack (${rules.rules.length} rules: ${packs}), one tenant, pages of ${PAGE_SIZE}`);
    console.log(`  nodes:             ${fmt(nodes)} (${fmt(present)} present), ${fmt(pairs)} rule × node pairs (${(pairs / present).toFixed(2)} per node)`);
    console.log(`  read, no rules:    ${seconds(read.ms)} (${fmt(nodes / (read.ms / 1000))} nodes/s)${noiseNote(read.others)}`);
    console.log(
      `  full audit:        ${seconds(full.ms)} (${fmt(nodes / (full.ms / 1000))} nodes/s, ${fmt(pairs / (full.ms / 1000))} pairs/s), ${stats(full.value)}${noiseNote(full.others)}`,
    );
    console.log(
      `                     ${fmt(fullEvaluations)} rule evaluations (pairs, and ${fmt(fullEvaluations - pairs)} again after a load), ` +
        `${fmt(fullLoads.requests)} neighbourhood requests in ${fmt(fullLoads.rounds)} load rounds`,
    );
    console.log(
      `  re-audit, 1 %:     ${seconds(reaudit.ms)} (${fmt(changed.changed.size)} nodes changed; ${reauditMode}: ${fmt(inputs.evaluations)} rule evaluations, ` +
        `${fmt(loads.requests)} neighbourhood requests), ${stats(reaudit.value)}${noiseNote(reaudit.others)}`,
    );
    console.log(`  peak RSS:          ${mib(fullRss)} after the full audit, ${mib(peakRss)} at the end (this process: the build, both audits, the store's threads)`);
    console.log('  goals:');
    console.log(`    full audit ≤ ${TARGET_AUDIT_OVER_READ}× the read:       ${ratio.toFixed(2)}× (${seconds(full.ms)} / ${seconds(read.ms)}) → ${verdict(ratio <= TARGET_AUDIT_OVER_READ)}`);
    console.log(
      `    re-audit ≤ ${TARGET_REAUDIT_SHARE * 100} % of the full audit: ${(share * 100).toFixed(1)} % (${seconds(reaudit.ms)} / ${seconds(full.ms)}) → ${verdict(share <= TARGET_REAUDIT_SHARE)}`,
    );
    const pct = (share: number) => `${(share * 100).toFixed(0)}%`;
    console.log(
      `  CPU of this process (main thread and the store's threads): read ${percentOfCore(read.cpu)}, full audit ${percentOfCore(full.cpu)}, re-audit ${percentOfCore(reaudit.cpu)} of a core; ` +
        `main thread busy ${pct(read.mainThread)}, ${pct(full.mainThread)}, ${pct(reaudit.mainThread)} of each (the rest: waiting for the writer thread)`,
    );
  } finally {
    await readStore?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
