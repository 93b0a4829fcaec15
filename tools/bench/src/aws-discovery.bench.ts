import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DISCOVERY_WORKER_DEFAULTS } from '@strata/discovery-worker';
import { AWS_DEFAULT_CONCURRENCY } from '@strata/plugins-aws';
import { observeNode, type InventoryNode } from '@strata/inventory-domain';
import { nodeDocument, nodesCollection, type StoredNode } from '@strata/inventory-feature';
import { openSqliteReadStore, type DocumentEntry } from '@strata/platform-read-store';
import { defaultSqliteFile } from '@strata/platform-sqlite';
import { DemoEstate } from '@strata/plugins-demo';
import { makeTempDir, waitFor } from '@strata/testing';
import { startAwsFixture, type AwsFixture } from './aws-fixture-process';
import { runAwsLister, type AwsListerOptions, type AwsListerResult } from './aws-lister-process';
import { startBareFastify, type BareRoute } from './bare-fastify';
import { cpuWindow, noiseNote, percentOfCore, pidsNamed, settle, type CpuWindow } from './cpu';
import { startDistributed, type Distributed } from './distributed';
import { measureHttp, type LoadOptions, type LoadResult } from './http-load';
import { onInterrupt } from './interrupt';
import { buildApps, type Json } from './standalone';

/**
 * The aws plugin at scale, in two parts.
 *
 * 1. Discovery scale-out. The aws fixture server, in its own process, serves `ACCOUNTS` AWS
 *    accounts of about `RESOURCES / ACCOUNTS` resources each, answering every call after
 *    `LATENCY_MS`. One aws job per account (one scope each: an aws job is one work item, one
 *    plugin run, so more workers only help when there are several jobs) is posted at once to the
 *    distributed topology (every service its own process, one SQLite file) with 1, 2 and 4
 *    discovery-worker-aws processes, a fresh topology (data dir, namespace) per count. Figure:
 *    resources discovered per second from the first POST to the last job `completed`. Baseline:
 *    the 1-worker run of the same bench run; the ratios are the scale-out. Beside it, the CPU a
 *    worker spends per resource against the bare SDK's: before the workers, the plugin's own
 *    `discover()` runs over every account in a process of its own (items discarded; every SDK call
 *    recorded), then the bare `@aws-sdk/*` clients make the same calls in another
 *    (`aws-lister-process.ts`), both against the same fixture process: µs of CPU per call and per
 *    resource of each, and the ratios to the bare SDK.
 * 2. Nodes list on a big graph. `NODES` demo nodes are bulk-loaded into a fresh data dir's read
 *    store through inventory's own record and document functions and collection definition
 *    (`observeNode`, `nodeDocument`, `nodesCollection`), then the API gateway alone is started on
 *    it and `GET /nodes?limit=50` is loaded with several query shapes, each over `PAGES` successive
 *    keyset pages. Baseline: a bare Fastify route in its own process returning the same page
 *    bodies, driven by the same load generator.
 */
const env = process.env;
const RESOURCES = Number(env['BENCH_AWS_RESOURCES'] ?? 50_000);
const ACCOUNTS = Number(env['BENCH_AWS_ACCOUNTS'] ?? 8);
const LATENCY_MS = Number(env['BENCH_AWS_LATENCY_MS'] ?? 20);
const PAGE_SIZE = Number(env['BENCH_AWS_PAGE_SIZE'] ?? 100);
// `0`: no worker runs (the bare SDK and plugin-alone baselines only).
const WORKER_COUNTS = (env['BENCH_AWS_WORKERS'] ?? '1,2,4').split(',').map(Number).filter((count) => count > 0);
const BARE_CALLS_AT_ONCE = Number(env['BENCH_AWS_BARE_CALLS_AT_ONCE'] ?? AWS_DEFAULT_CONCURRENCY);
const WORKER_CONCURRENCY = env['BENCH_AWS_WORKER_CONCURRENCY'];
/** More environment for every worker, as a JSON object (experiments: `{"OTEL_SDK_DISABLED":"true"}`, `{"LOG_LEVEL":"warn"}`). */
const WORKER_ENV = JSON.parse(env['BENCH_AWS_WORKER_ENV'] ?? '{}') as Record<string, string>;
const NODES = Number(env['BENCH_NODES'] ?? 1_000_000);
const PAGES = Number(env['BENCH_NODES_PAGES'] ?? 20);
const CONNECTIONS = Number(env['BENCH_NODES_CONNECTIONS'] ?? 10);
const DURATION_MS = Number(env['BENCH_NODES_SECONDS'] ?? 5) * 1000;
const LATENCY_DURATION_MS = Number(env['BENCH_NODES_LATENCY_SECONDS'] ?? 2) * 1000;
const PARTS = (env['BENCH_AWS_PARTS'] ?? 'discovery,nodes').split(',');
const BASELINE = env['BENCH_AWS_BASELINE'] !== '0';
const WARMUP_MS = 1000;
const TENANT = 'bench-corp';
const JOB_TIMEOUT_MS = 300_000;
const LOAD_BATCH = 10_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(2)} ms`;
const secs = (n: number) => `${n.toFixed(1)} s`;
const sum = (values: readonly (number | undefined)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0);

/** At most this long waiting for a quiet machine before each measurement (the noise is still reported). */
const SETTLE_MAX_MS = Number(env['BENCH_SETTLE_SECONDS'] ?? 5) * 1000;

const CORES = availableParallelism();

/**
 * Whole-machine CPU from /proc/stat: cores busy (not idle, not waiting for I/O) and stolen by the
 * hypervisor over a window. Unlike the per-process figures it includes processes that came and
 * went during the window and kernel work no process is charged for: whether the machine was full.
 */
function machineWindow(): { end(): { busy: number; steal: number } } {
  const read = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    return { busy: user + nice + system + irq + softirq, steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
  };
  const start = read();
  return {
    end: () => {
      const end = read();
      const total = end.total - start.total || 1;
      return { busy: ((end.busy - start.busy) / total) * CORES, steal: ((end.steal - start.steal) / total) * CORES };
    },
  };
}

async function noteSettled(what: string): Promise<void> {
  const note = await settle(SETTLE_MAX_MS);
  if (note) console.log(`aws-discovery: ${what}: ${note}`);
}

// ---------------------------------------------------------------------------------------------
// Part 1: discovery scale-out

interface DiscoveryRun {
  workers: number;
  jobs: Json[];
  /** What the plugin runs found (the jobs' progress counts), summed over the jobs. */
  resources: number;
  /**
   * The jobs' `nodes_discovered` summed: a node counts for a job if that job was the last to see
   * it when it reconciled. AWS managed IAM policies are one node shared by every account, so the
   * sum is a little below `resources`, by how much depending on the order the jobs ran in.
   */
  nodes: number;
  seconds: number;
  perSecond: number;
  awsCalls: number;
  startupSeconds: number;
  cpu: CpuWindow;
  machine: { busy: number; steal: number };
  /** Names of the processes `cpu.processes` is about, in order. */
  watched: string[];
}

const at = (ts: unknown) => Date.parse(String(ts));

/** Polls every job until all have ended; throws if one did not complete or a service died. */
async function allEnded(strata: Distributed, ids: readonly string[]): Promise<Json[]> {
  const ended = new Map<string, Json>();
  const outcome = await waitFor(
    async () => {
      // A dead service would leave the jobs hanging: say so now rather than at the deadline.
      const dead = [...strata.services].find(([, service]) => !service.running);
      if (dead) return { exited: dead[0], log: dead[1].log };
      const open = ids.filter((id) => !ended.has(id));
      const views = await Promise.all(open.map((id) => strata.api('GET', `/api/v1/tenants/${TENANT}/jobs/${id}`)));
      for (const view of views) if (['completed', 'failed', 'cancelled'].includes(String(view['status']))) ended.set(String(view['id']), view);
      return ended.size === ids.length && { exited: undefined, log: '' };
    },
    { timeoutMs: JOB_TIMEOUT_MS, intervalMs: 200, message: `${ids.length} aws jobs to end` },
  );
  if (outcome.exited) throw new Error(`${outcome.exited} exited during the run:\n${outcome.log.slice(-4000)}`);
  const jobs = ids.map((id) => ended.get(id)!);
  const failed = jobs.find((job) => job['status'] !== 'completed');
  if (failed) throw new Error(`aws job ${String(failed['id'])} ended ${String(failed['status'])}: ${JSON.stringify(failed['error'])}`);
  return jobs;
}

const scanned = (job: Json) => sum(Object.values((job['progress'] as { counts?: Record<string, number> } | undefined)?.counts ?? {}));

async function discoveryRun(fixture: AwsFixture, workers: number): Promise<DiscoveryRun> {
  const startedAt = performance.now();
  const strata = await startDistributed(`aws${workers}w`, {
    workers,
    workerEnv: { ...WORKER_ENV, ...(WORKER_CONCURRENCY ? { DISCOVERY_CONCURRENCY: WORKER_CONCURRENCY } : {}) },
  });
  try {
    const startupSeconds = (performance.now() - startedAt) / 1000;
    await strata.api('POST', '/api/v1/tenants', { id: TENANT, name: 'Bench Corp' });
    await strata.api('POST', `/api/v1/tenants/${TENANT}/credentials`, {
      id: 'cred-aws',
      kind: 'aws',
      name: 'AWS fixture',
      // The fixture accepts any well-formed key pair; the account is the fixture server's.
      secret: { access_key_id: 'AKIAFIXTURE000000001', secret_access_key: 'fixture-secret-access-key-0001' },
    });
    await fixture.takeRequestCount();
    await noteSettled(`${workers} worker(s)`);
    // NATS carries every batch and report, the fixture answers every call: their CPU is the run's too.
    const nats = pidsNamed('nats-server');
    const watched = [...strata.services.keys(), 'aws-fixture', 'bench', ...nats.map(() => 'nats-server')];
    const window = cpuWindow([...[...strata.services.values()].map((service) => service.pid!), fixture.pid, process.pid, ...nats]);
    const machineCpu = machineWindow();
    const posted = Date.now();
    const created = await Promise.all(
      fixture.accounts.map((account) =>
        strata.api('POST', `/api/v1/tenants/${TENANT}/jobs`, {
          name: `aws ${account.accountId}`,
          plugins: ['aws'],
          credential_id: 'cred-aws',
          config: { endpoint_url: account.url, account_id: account.accountId },
        }),
      ),
    );
    const jobs = await allEnded(strata, created.map((job) => String(job['id'])));
    const cpu = window.end();
    const machine = machineCpu.end();
    const awsCalls = await fixture.takeRequestCount();
    const seconds = (Math.max(...jobs.map((job) => at(job['completed_at']))) - posted) / 1000;
    const resources = sum(jobs.map(scanned));
    const nodes = sum(jobs.map((job) => (job['stats'] as Record<string, number>)['nodes_discovered']));
    return { workers, jobs, resources, nodes, seconds, perSecond: resources / seconds, awsCalls, startupSeconds, cpu, machine, watched };
  } finally {
    const exits = await strata.stop();
    for (const [name, code] of exits) if (code !== 0) console.error(`${name} exited with ${code}:\n${strata.services.get(name)?.log.slice(-2000)}`);
  }
}

function printDiscovery(fixture: AwsFixture, runs: DiscoveryRun[]): void {
  const concurrency = WORKER_CONCURRENCY ?? String(DISCOVERY_WORKER_DEFAULTS.concurrency);
  console.log(
    `\naws-discovery: scale-out — ${fixture.accounts.length} aws jobs posted at once, one per fixture account (one scope each), ` +
      `${fmt(fixture.resources)} resources in all (~${fmt(fixture.resources / fixture.accounts.length)} per account: 3 populated regions + IAM, S3), ` +
      `${LATENCY_MS} ms per AWS call, page size ${PAGE_SIZE}; distributed topology (gateway, orchestrator, projector, inventory, audit engine ` +
      `+ N discovery-worker-aws, one SQLite file), ${concurrency} runs at once per worker (DISCOVERY_CONCURRENCY), aws config concurrency 4; ` +
      `timed from the first POST to the last job completed; baseline = the 1-worker run`,
  );
  const baseline = runs.find((run) => run.workers === 1) ?? runs[0]!;
  for (const run of runs) {
    const cores = (names: (name: string) => boolean) => sum(run.cpu.processes.filter((_, i) => names(run.watched[i]!)));
    const workers = cores((name) => name.startsWith('worker-'));
    const inventory = cores((name) => name === 'inventory');
    const services = cores((name) => ['api-gateway', 'job-orchestrator', 'projector', 'audit-engine'].includes(name));
    const fixtureCpu = cores((name) => name === 'aws-fixture');
    const nats = cores((name) => name === 'nats-server');
    const bench = cores((name) => name === 'bench');
    const strata = workers + inventory + services + nats;
    const total = strata + fixtureCpu + bench + run.cpu.others;
    const durations = run.jobs.map((job) => (at(job['completed_at']) - at(job['created_at'])) / 1000);
    console.log(
      `  ${String(run.workers).padStart(2)} worker${run.workers === 1 ? ' ' : 's'}  ${fmt(run.perSecond).padStart(6)} resources/s   ` +
        `×${(run.perSecond / baseline.perSecond).toFixed(2)} of 1 worker   ${fmt(run.resources)} resources (jobs' nodes_discovered ${fmt(run.nodes)}) in ${secs(run.seconds)}   ` +
        `${fmt(run.awsCalls / run.seconds)} AWS calls/s (${fmt(run.awsCalls)})   each job created→completed ${secs(Math.min(...durations))}–${secs(Math.max(...durations))}`,
    );
    console.log(
      `             CPU in cores: workers ${workers.toFixed(2)} (${fmt((workers * run.seconds * 1e6) / run.awsCalls)} µs per AWS call), inventory ${inventory.toFixed(2)}, ` +
        `gateway+orchestrator+projector+audit ${services.toFixed(2)}, nats-server ${nats.toFixed(2)} | aws fixture ${fixtureCpu.toFixed(2)}, bench ${bench.toFixed(2)}, ` +
        `other processes ${run.cpu.others.toFixed(2)} = ${total.toFixed(2)} summed; whole machine (/proc/stat) ${run.machine.busy.toFixed(2)} of ${CORES} cores busy` +
        `${run.machine.steal >= 0.05 ? `, ${run.machine.steal.toFixed(2)} stolen` : ''}${noiseNote(run.cpu.others)}`,
    );
    const perResource = (cores: number) => (cores * run.seconds * 1e6) / run.resources;
    console.log(
      `             CPU per resource: Strata ${fmt(perResource(strata))} µs (workers ${fmt(perResource(workers))} µs), fixture ${fmt(perResource(fixtureCpu))} µs → ` +
        `${CORES} cores carry at most ~${fmt((CORES * 1e6) / perResource(strata + fixtureCpu))} resources/s with the fixture on the same machine, ` +
        `~${fmt((CORES * 1e6) / perResource(strata))}/s with it elsewhere   (topology started in ${secs(run.startupSeconds)})`,
    );
  }
  const ratio = (workers: number) => {
    const run = runs.find((r) => r.workers === workers);
    return run ? `${workers}/1 = ×${(run.perSecond / baseline.perSecond).toFixed(2)} (ideal ×${workers})` : undefined;
  };
  console.log(`  scale-out: ${[ratio(2), ratio(4)].filter(Boolean).join(',  ')}`);
  for (const run of runs) {
    if (run.resources !== fixture.resources) console.log(`  note: the ${run.workers}-worker run's plugins found ${fmt(run.resources)} resources, the fixture serves ${fmt(fixture.resources)}`);
  }
}

interface ListerRun {
  result: AwsListerResult;
  /** AWS calls the fixture served during the pass. */
  awsCalls: number;
  others: number;
}

/** The plugin alone, then the bare SDK making the calls it recorded; each in a process of its own. */
async function listerRuns(fixture: AwsFixture): Promise<{ plugin: ListerRun; bare: ListerRun }> {
  const dir = await makeTempDir('strata-bench-aws-calls-');
  const unregister = onInterrupt(() => dir.remove());
  try {
    const base: Omit<AwsListerOptions, 'mode'> = {
      accounts: fixture.accounts,
      calls: join(dir.path, 'calls.json'),
      // As one worker runs them: DISCOVERY_CONCURRENCY runs at once, the aws config's concurrency inside each.
      accountsAtOnce: Number(WORKER_CONCURRENCY ?? DISCOVERY_WORKER_DEFAULTS.concurrency),
      callsAtOnce: BARE_CALLS_AT_ONCE,
    };
    const pass = async (mode: AwsListerOptions['mode']): Promise<ListerRun> => {
      await noteSettled(`${mode} lister`);
      await fixture.takeRequestCount();
      const window = cpuWindow([fixture.pid]);
      const result = await runAwsLister({ ...base, mode });
      const cpu = window.end();
      const awsCalls = await fixture.takeRequestCount();
      console.log(`aws-discovery: ${mode === 'bare' ? 'bare SDK' : 'plugin alone'}: ${fmt(result.calls)} SDK calls in ${secs(result.seconds)}, ${result.cpuSeconds.toFixed(2)} s of CPU`);
      return { result, awsCalls, others: cpu.others };
    };
    const plugin = await pass('plugin');
    const bare = await pass('bare');
    return { plugin, bare };
  } finally {
    unregister();
    await dir.remove();
  }
}

async function discoveryScaleOut(): Promise<void> {
  const fixture = await startAwsFixture({ accounts: ACCOUNTS, resources: RESOURCES, latencyMs: LATENCY_MS, pageSize: PAGE_SIZE, seed: 'bench' });
  console.log(`aws-discovery: fixture serving ${fixture.accounts.length} accounts, ${fmt(fixture.resources)} resources, ${LATENCY_MS} ms per call (pid ${fixture.pid})`);
  const runs: DiscoveryRun[] = [];
  let listers: { plugin: ListerRun; bare: ListerRun } | undefined;
  try {
    if (BASELINE) listers = await listerRuns(fixture);
    for (const workers of WORKER_COUNTS) {
      const run = await discoveryRun(fixture, workers);
      console.log(`aws-discovery: ${workers} worker(s): ${fmt(run.resources)} resources in ${secs(run.seconds)} (${fmt(run.perSecond)}/s)`);
      runs.push(run);
    }
  } finally {
    await fixture.stop();
  }
  if (runs.length > 0) printDiscovery(fixture, runs);
  if (listers) printBaseline(fixture, runs, listers);
}

/**
 * The worker's CPU per resource against the bare SDK making the same calls: the same quantity
 * (a process's user + system time over its window, divided by the resources the plugin found
 * and by the AWS calls the fixture served).
 */
function printBaseline(fixture: AwsFixture, runs: DiscoveryRun[], listers: { plugin: ListerRun; bare: ListerRun }): void {
  const { plugin, bare } = listers;
  const resources = plugin.result.resources;
  const perResource = (cpuSeconds: number) => (cpuSeconds * 1e6) / resources;
  const perCall = (cpuSeconds: number, calls: number) => (cpuSeconds * 1e6) / calls;
  const bareUs = perResource(bare.result.cpuSeconds);
  console.log(
    `\naws-discovery: CPU per resource against the bare SDK — the same ${fmt(fixture.accounts.length)} accounts, fixture process, latency and page size; ` +
      `plugin alone = the aws plugin's discover() in a process of its own (items discarded), bare SDK = the same @aws-sdk clients making the calls the plugin made ` +
      `(recorded: same inputs, so the same pages), answers discarded, SDK retries; ${fmt(resources)} resources`,
  );
  const line = (who: string, cpuSeconds: number, calls: number, extra = '') =>
    console.log(
      `  ${who.padEnd(22)} ${fmt(perResource(cpuSeconds)).padStart(5)} µs/resource   ${fmt(perCall(cpuSeconds, calls)).padStart(5)} µs/call (${fmt(calls)} calls)   ` +
        `×${(perResource(cpuSeconds) / bareUs).toFixed(2)} of bare${extra}`,
    );
  line('bare SDK', bare.result.cpuSeconds, bare.awsCalls, `   in ${secs(bare.result.seconds)}${noiseNote(bare.others)}`);
  line('plugin alone', plugin.result.cpuSeconds, plugin.awsCalls, `   in ${secs(plugin.result.seconds)}${noiseNote(plugin.others)}`);
  for (const run of runs) {
    const workers = sum(run.cpu.processes.filter((_, i) => run.watched[i]!.startsWith('worker-')));
    line(`workers (${run.workers})`, workers * run.seconds, run.awsCalls, `   (goal ≤ ×2)${noiseNote(run.cpu.others)}`);
  }
  if (bare.awsCalls !== plugin.awsCalls) console.log(`  note: the bare SDK made ${fmt(bare.awsCalls)} AWS calls, the plugin ${fmt(plugin.awsCalls)}`);
  if (resources !== fixture.resources) console.log(`  note: the plugin alone found ${fmt(resources)} resources, the fixture serves ${fmt(fixture.resources)}`);
}

// ---------------------------------------------------------------------------------------------
// Part 2: nodes list on NODES nodes

/**
 * `count` demo nodes as inventory stores them after a first discovery (`observeNode`, then
 * `nodeDocument`, as the batch ingestor writes them), in batches of `LOAD_BATCH`.
 */
function* demoNodeDocuments(count: number): Generator<DocumentEntry<StoredNode>[]> {
  // Slots a seed leaves empty are skipped: a few percent more slots than nodes wanted.
  const estate = new DemoEstate(Math.ceil(count * 1.1) + 100, 'demo');
  const context = { jobId: 'job-bulk-load', scope: 'demo', at: new Date().toISOString() };
  let batch: DocumentEntry<StoredNode>[] = [];
  let made = 0;
  for (let index = 0; made < count; index++) {
    const node = estate.node(index);
    if (!node) continue;
    const record: InventoryNode = { ...observeNode(undefined, node, context).record, updated_in_job: null };
    batch.push({ id: record.id, doc: nodeDocument(record) });
    made++;
    if (batch.length === LOAD_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** `count` demo nodes bulk-loaded into the data dir's read store, with progress every 5 s; stops when `signal` aborts. */
async function loadNodes(dataDir: string, count: number, signal: AbortSignal): Promise<{ seconds: number }> {
  const started = performance.now();
  const store = openSqliteReadStore(defaultSqliteFile({ STRATA_DATA_DIR: dataDir }));
  try {
    const nodes = store.collection(nodesCollection).forTenant(TENANT);
    let written = 0;
    let reported = started;
    for (const batch of demoNodeDocuments(count)) {
      signal.throwIfAborted();
      await nodes.bulkUpsert(batch);
      written += batch.length;
      // bulkUpsert is synchronous underneath: let a Ctrl-C (a macrotask) in between batches.
      await new Promise((resolve) => setImmediate(resolve));
      if (performance.now() - reported > 5_000) {
        reported = performance.now();
        const elapsed = (reported - started) / 1000;
        console.log(`aws-discovery: loading nodes: ${fmt(written)} of ${fmt(count)} in ${secs(elapsed)} (${fmt(written / elapsed)}/s)`);
      }
    }
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}

interface Shape {
  name: string;
  query: string;
}

const SHAPES: Shape[] = [
  { name: 'no filter', query: '' },
  { name: 'type=demo.ec2.instance', query: '&type=demo.ec2.instance' },
  { name: 'region=eu-west-1', query: '&region=eu-west-1' },
  { name: 'name_prefix=volume-01', query: '&name_prefix=volume-01' },
  { name: 'tag=env:prod', query: '&tag=env%3Aprod' },
];

const nodesPath = (query: string) => `/api/v1/tenants/${TENANT}/nodes?limit=50${query}`;

/** The first page's path and the paths of the next `PAGES - 1` pages (following `next_cursor`), and the first page's body. */
async function pagesOf(strata: Distributed, shape: Shape): Promise<{ paths: string[]; first: Json }> {
  const paths = [nodesPath(shape.query)];
  const first = await strata.api('GET', paths[0]!);
  let page = first;
  while (paths.length < PAGES && typeof page['next_cursor'] === 'string') {
    const path = nodesPath(`${shape.query}&cursor=${encodeURIComponent(page['next_cursor'])}`);
    page = await strata.api('GET', path);
    paths.push(path);
  }
  return { paths, first };
}

const load = (label: string, server: { baseUrl: string; pid: number }, paths: string[], connections: number, headers: Record<string, string> = {}): LoadOptions => ({
  label,
  baseUrl: server.baseUrl,
  serverPid: server.pid,
  paths,
  headers,
  connections,
  durationMs: connections === 1 ? LATENCY_DURATION_MS : DURATION_MS,
  warmupMs: WARMUP_MS,
});

function checked(result: LoadResult): LoadResult {
  if (result.errors > 0) throw new Error(`${result.label}: ${result.errors} of ${result.requests} requests failed, first: ${result.firstError}`);
  return result;
}

/**
 * Two passes over the same paths: one connection (latency as one client sees it, no queueing in
 * the server), then `CONNECTIONS` connections (throughput, server CPU per request; latency there
 * is mostly time queued behind the other connections). Waits for a quiet machine first.
 */
async function measurePair(label: string, server: { baseUrl: string; pid: number }, paths: string[], headers: Record<string, string> = {}): Promise<Pair> {
  await noteSettled(label);
  const single = checked(await measureHttp(load(`${label}, 1 connection`, server, paths, 1, headers)));
  const many = checked(await measureHttp(load(`${label}, ${CONNECTIONS} connections`, server, paths, CONNECTIONS, headers)));
  return { single, many };
}

interface Pair {
  single: LoadResult;
  many: LoadResult;
}

/** Server CPU time per request, in microseconds: unlike req/s, not capped by the load generator. */
const cpuPerRequest = (r: LoadResult) => (r.serverCpu === undefined ? NaN : (r.serverCpu * r.seconds * 1e6) / r.requests);
const LOAD_BOUND = 0.9;

function resultLine(who: string, r: LoadResult): string {
  return (
    `    ${who.padEnd(22)} ${fmt(r.perSecond).padStart(6)} req/s   p50 ${ms(r.p50).padStart(8)}   p99 ${ms(r.p99).padStart(8)}   max ${ms(r.max).padStart(9)}   ` +
    `server CPU ${percentOfCore(r.serverCpu).padStart(4)} (${fmt(cpuPerRequest(r)).padStart(5)} µs/req)   ` +
    `load gen ${percentOfCore(r.loadCpu)}, others ${percentOfCore(r.othersCpu)}` +
    (r.loadCpu >= LOAD_BOUND ? '  ← load-generator bound: req/s is a lower bound' : '') +
    noiseNote(r.othersCpu)
  );
}

async function nodesList(): Promise<void> {
  let loaded = { seconds: NaN };
  console.log(`aws-discovery: bulk-loading ${fmt(NODES)} demo nodes into a fresh read store (nodesCollection, ${fmt(LOAD_BATCH)} per bulkUpsert)`);
  const strata = await startDistributed('nodes', {
    workers: 0,
    gatewayOnly: true,
    prepare: async (dataDir, signal) => {
      loaded = await loadNodes(dataDir, NODES, signal);
    },
  });
  const shapes: { shape: Shape; paths: string[]; first: Json; result?: Pair }[] = [];
  try {
    console.log(`aws-discovery: ${fmt(NODES)} nodes loaded in ${secs(loaded.seconds)} (${fmt(NODES / loaded.seconds)}/s); api-gateway started on them`);
    await strata.api('POST', '/api/v1/tenants', { id: TENANT, name: 'Bench Corp' });
    const headers = { authorization: `Bearer ${strata.token}` };
    const gateway = { baseUrl: strata.baseUrl, pid: strata.services.get('api-gateway')!.pid! };
    for (const shape of SHAPES) shapes.push({ shape, ...(await pagesOf(strata, shape)) });
    for (const entry of shapes) entry.result = await measurePair(`strata nodes ${entry.shape.name}`, gateway, entry.paths, headers);
  } finally {
    await strata.stop();
  }

  // The floor: the same first-page bodies, one route per shape, all shapes in turn.
  const dir = await makeTempDir('strata-bench-nodes-bare-');
  const unregister = onInterrupt(() => dir.remove());
  let bare: Pair;
  try {
    const routes: BareRoute[] = shapes.map((entry, i) => ({ url: `/nodes-${i}`, body: entry.first }));
    const routesFile = join(dir.path, 'routes.json');
    await writeFile(routesFile, JSON.stringify(routes));
    const server = await startBareFastify(routesFile);
    const stopBare = onInterrupt(() => server.stop());
    try {
      bare = await measurePair('bare fastify, same bodies', { baseUrl: server.baseUrl, pid: server.process.pid! }, routes.map((route) => route.url));
    } finally {
      stopBare();
      await server.stop();
    }
  } finally {
    unregister();
    await dir.remove();
  }

  const bodyBytes = sum(shapes.map((entry) => entry.result!.many.meanBodyBytes)) / shapes.length;
  console.log(
    `\naws-discovery: GET /api/v1/tenants/{t}/nodes?limit=50 on ${fmt(NODES)} demo nodes (~${fmt(bodyBytes)} B per page), api-gateway alone on the SQLite read store; ` +
      `each shape over ${PAGES} successive keyset pages taken in turn, from a separate process: 1 keep-alive connection for ${LATENCY_DURATION_MS / 1000} s ` +
      `(latency), then ${CONNECTIONS} for ${DURATION_MS / 1000} s (throughput), each after ${WARMUP_MS / 1000} s warm-up; ` +
      `baseline = bare Fastify returning the shapes' first-page bodies (all in turn), same passes`,
  );
  console.log(`  bulk load: ${fmt(NODES)} nodes in ${secs(loaded.seconds)} (${fmt(NODES / loaded.seconds)} nodes/s)`);
  for (const { shape, paths, result } of shapes) {
    const { single, many } = result!;
    console.log(`  ${shape.name} (${paths.length} pages)`);
    console.log(resultLine('strata, 1 connection', single));
    console.log(resultLine(`strata, ${CONNECTIONS} connections`, many));
    console.log(
      `    ratio to bare          1 connection: p50 ×${(single.p50 / bare.single.p50).toFixed(1)}, p99 ×${(single.p99 / bare.single.p99).toFixed(1)} ` +
        `(+${ms(single.p50 - bare.single.p50)} / +${ms(single.p99 - bare.single.p99)});  ` +
        `${CONNECTIONS} connections: throughput ${((many.perSecond / bare.many.perSecond) * 100).toFixed(1)}% of bare, server CPU per request ×${(cpuPerRequest(many) / cpuPerRequest(bare.many)).toFixed(1)}`,
    );
  }
  console.log('  baseline: bare fastify, same bodies');
  console.log(resultLine('bare, 1 connection', bare.single));
  console.log(resultLine(`bare, ${CONNECTIONS} connections`, bare.many));
}

export async function run(): Promise<void> {
  console.log(`\naws-discovery: building the apps (${await buildApps()})`);
  if (PARTS.includes('discovery')) await discoveryScaleOut();
  if (PARTS.includes('nodes')) await nodesList();
}
