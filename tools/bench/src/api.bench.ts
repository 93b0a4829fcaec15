import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@strata/testing';
import { startBareFastify, type BareFastify, type BareRoute } from './bare-fastify';
import { noiseNote, percentOfCore as cores, settle } from './cpu';
import { measureHttp, type LoadOptions, type LoadResult } from './http-load';
import { buildApps, startStandalone, type Standalone } from './standalone';

/**
 * Jobs API read throughput and latency against the floor. Subject: the built standalone app with
 * ~200 finished demo jobs, `GET /jobs/{id}` (ids taken in turn) and `GET /jobs?per_page=20`, with
 * the bearer token. Baseline: a bare Fastify route in its own process returning the very bodies
 * Strata returned. Both are driven by the same load generator, in a process of its own, with the
 * same connections and duration; each server runs alone while it is measured.
 */
const JOBS = Number(process.env['BENCH_API_JOBS'] ?? 200);
const CREATE_CONCURRENCY = 8;
const CONNECTIONS = Number(process.env['BENCH_API_CONNECTIONS'] ?? 10);
const DURATION_MS = Number(process.env['BENCH_API_SECONDS'] ?? 5) * 1000;
const WARMUP_MS = 1000;
/**
 * Rounds of (Strata, bare) measurements, each pair back to back: on a shared machine the CPU per
 * request of both moves with the others' load, and a pair measured together shares it. The ratio
 * printed last is the median of the rounds'.
 */
const ROUNDS = Math.max(1, Number(process.env['BENCH_API_ROUNDS'] ?? 1));
const TENANT = 'demo';
const JOBS_PATH = `/api/v1/tenants/${TENANT}/jobs`;
const LIST_PATH = `${JOBS_PATH}?per_page=20`;

interface Endpoint {
  name: string;
  paths: string[];
  /** Route and body for the bare server. */
  route: BareRoute;
}

async function createJobs(strata: Standalone): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const creator = async () => {
    while (next < JOBS) {
      const n = next++;
      const job = await strata.api('POST', JOBS_PATH, { name: `bench ${n}`, plugins: ['demo'], credential_id: 'cred-demo', config: { size: 10, seed: `s${n}` } });
      ids.push(String(job['id']));
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, creator));
  for (const id of ids) {
    const job = await strata.jobEnded(TENANT, id, { timeoutMs: 120_000 });
    if (job['status'] !== 'completed') throw new Error(`setup job ${id} ended ${String(job['status'])}`);
  }
  return ids;
}

const load = (label: string, server: { baseUrl: string; pid: number }, paths: string[], headers: Record<string, string> = {}): LoadOptions => ({
  label,
  baseUrl: server.baseUrl,
  serverPid: server.pid,
  paths,
  headers,
  connections: CONNECTIONS,
  durationMs: DURATION_MS,
  warmupMs: WARMUP_MS,
});

/** Waits for a quiet machine (bounded), then runs the load. */
async function measure(options: LoadOptions): Promise<LoadResult> {
  const note = await settle();
  if (note) console.log(`api: ${options.label}: ${note}`);
  return checked(await measureHttp(options));
}

function checked(result: LoadResult): LoadResult {
  if (result.errors > 0) throw new Error(`${result.label}: ${result.errors} of ${result.requests} requests failed, first: ${result.firstError}`);
  return result;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(2)} ms`;
const signedMs = (n: number) => `${n >= 0 ? '+' : '−'}${ms(Math.abs(n))}`;

/** Server CPU time per request, in microseconds: unlike req/s, not capped by the load generator. */
const cpuPerRequest = (r: LoadResult) => (r.serverCpu === undefined ? NaN : (r.serverCpu * r.seconds * 1e6) / r.requests);
/** The load generator used (almost) a whole core: the server could have answered more. */
const LOAD_BOUND = 0.9;

function print(name: string, strata: LoadResult, bare: LoadResult): void {
  const line = (who: string, r: LoadResult) =>
    `    ${who.padEnd(13)} ${fmt(r.perSecond).padStart(7)} req/s   p50 ${ms(r.p50).padStart(8)}   p90 ${ms(r.p90).padStart(8)}   ` +
    `p99 ${ms(r.p99).padStart(8)}   max ${ms(r.max).padStart(8)}   ${fmt(r.meanBodyBytes).padStart(6)} B/response   ` +
    `server CPU ${cores(r.serverCpu).padStart(4)} (${fmt(cpuPerRequest(r))} µs/request)   load generator CPU ${cores(r.loadCpu)}, others ${cores(r.othersCpu)}` +
    (r.loadCpu >= LOAD_BOUND ? '  ← load-generator bound: req/s is a lower bound' : '') +
    noiseNote(r.othersCpu);
  console.log(`  ${name}`);
  console.log(line('strata', strata));
  console.log(line('bare fastify', bare));
  console.log(
    `    ratio         throughput ${((strata.perSecond / bare.perSecond) * 100).toFixed(1)}% of bare;` +
      `  server CPU per request ×${(cpuPerRequest(strata) / cpuPerRequest(bare)).toFixed(1)};` +
      `  latency ×${(strata.p50 / bare.p50).toFixed(1)} at p50, ×${(strata.p99 / bare.p99).toFixed(1)} at p99` +
      ` (${signedMs(strata.p50 - bare.p50)} / ${signedMs(strata.p99 - bare.p99)})`,
  );
}

export async function run(): Promise<void> {
  console.log(`\napi: building the apps (${await buildApps()})`);
  const dir = await makeTempDir('strata-bench-api-');
  try {
    const strata = await startStandalone('api');
    let bare: BareFastify | undefined;
    const endpoints: Endpoint[] = [];
    // Per endpoint, one (Strata, bare) pair per round.
    const pairs: [LoadResult, LoadResult][][] = [];
    try {
      const setupStarted = Date.now();
      const ids = await createJobs(strata);
      console.log(`api: ${ids.length} demo jobs (size 10) created and completed in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);
      const headers = { authorization: `Bearer ${strata.token}` };
      const sampleJob = await strata.api('GET', `${JOBS_PATH}/${ids[0]}`);
      const sampleList = await strata.api('GET', LIST_PATH);
      endpoints.push(
        { name: `GET ${JOBS_PATH}/{id}`, paths: ids.map((id) => `${JOBS_PATH}/${id}`), route: { url: `${JOBS_PATH}/:id`, body: sampleJob } },
        { name: `GET ${LIST_PATH}`, paths: [LIST_PATH], route: { url: JOBS_PATH, body: sampleList } },
      );
      const routesFile = join(dir.path, 'routes.json');
      await writeFile(routesFile, JSON.stringify(endpoints.map((e) => e.route)));
      // Both servers stay up; each runs alone (the other idle) while it is measured.
      bare = await startBareFastify(routesFile);
      const bareServer = { baseUrl: bare.baseUrl, pid: bare.process.pid! };
      for (let round = 0; round < ROUNDS; round++) {
        endpoints.forEach((_, i) => (pairs[i] ??= []));
        for (const [i, endpoint] of endpoints.entries()) {
          const strataResult = await measure(load(`strata ${endpoint.name}`, strata, endpoint.paths, headers));
          const bareResult = await measure(load(`bare ${endpoint.name}`, bareServer, endpoint.paths));
          pairs[i]!.push([strataResult, bareResult]);
        }
      }
    } finally {
      await bare?.stop();
      const exit = await strata.stop();
      if (exit !== 0) console.error(`standalone exited with ${exit}:\n${strata.process.log.slice(-4000)}`);
    }

    console.log(
      `\napi: jobs API reads, standalone app; baseline = bare Fastify route returning the same JSON body` +
        ` (${CONNECTIONS} keep-alive connections from a separate process, ${DURATION_MS / 1000} s after ${WARMUP_MS / 1000} s warm-up` +
        `${ROUNDS > 1 ? `; ${ROUNDS} rounds, each pair measured back to back` : ''})`,
    );
    endpoints.forEach((endpoint, i) => {
      for (const [round, [strataResult, bareResult]] of pairs[i]!.entries()) print(ROUNDS > 1 ? `${endpoint.name} (round ${round + 1})` : endpoint.name, strataResult, bareResult);
      if (ROUNDS > 1) {
        const ratios = pairs[i]!.map(([strataResult, bareResult]) => cpuPerRequest(strataResult) / cpuPerRequest(bareResult));
        const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
        console.log(`  ${endpoint.name}: server CPU per request ×${median.toFixed(1)}, the median of the rounds' ${ratios.map((r) => `×${r.toFixed(1)}`).join(', ')}`);
      }
    });
  } finally {
    await dir.remove();
  }
}
