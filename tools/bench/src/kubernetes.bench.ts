import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { makeTempDir, runTypeScript, type RunningProcess } from '@strata/testing';
import { cpuWindow, noiseNote, percentOfCore, pidsNamed, settle, type CpuWindow } from './cpu';
import { onInterrupt } from './interrupt';
import { runLister, type ListerOptions, type ListerResult } from './kubernetes-lister-process';
import { printComparisons, type Rate } from './measure';
import { buildApps, memoryOf, mib, startStandalone } from './standalone';

/**
 * Issue 21's benchmark: a fixture cluster of `BENCH_K8S_PODS` pods across `BENCH_K8S_NAMESPACES`
 * namespaces (with their owners, services, claims, ...), served by the fixture API server in a
 * process of its own (its CPU and memory are not the plugin's). Three figures, one run:
 * - baseline: the bare client reading the same lists the plugin reads (same kinds, order, page
 *   size, every page), nothing done with them: objects/s (own process, `kubernetes-lister-process.ts`);
 * - plugin: the plugin's `discover()` over the same cluster, items discarded: nodes/s and the peak
 *   RSS of its process. The issue's ratio (≥ 50 % of the bare client) is read on this figure;
 * - end to end: a kubernetes job on the built standalone app, POST → `completed` (the plugin, the
 *   batches over NATS, inventory's writes, reconcile, the kubernetes rule pack): nodes/s and the
 *   app's peak RSS (the issue's < 1 GB is read on this one, the larger of the two).
 * The fixture keeps every namespace it made (`--cache-namespaces Infinity`) and one untimed pass
 * warms it, so every timed pass, baseline or plugin, reads the same already-made estate.
 */
const PODS = Number(process.env['BENCH_K8S_PODS'] ?? 50_000);
const NAMESPACES = Number(process.env['BENCH_K8S_NAMESPACES'] ?? 500);
const PASSES = Number(process.env['BENCH_K8S_PASSES'] ?? 2);
const PARTS = (process.env['BENCH_K8S_PARTS'] ?? 'lists,e2e').split(',');
const KNOWN_PARTS = ['lists', 'e2e'];
const PAGE_SIZE = 500; // the plugin's default `page_size`
const INCLUDE_RBAC = true; // every kind the plugin can list
const TENANT = 'demo';
const TARGET_SHARE = 0.5;
const TARGET_RSS_BYTES = 1e9;

interface Fixture {
  process: RunningProcess;
  pid: number;
  kubeconfig: string;
  stop(): Promise<void>;
}

async function startFixture(): Promise<Fixture> {
  const dir = await makeTempDir('strata-bench-k8s-');
  const path = join(dir.path, 'kubeconfig');
  const child = runTypeScript({
    name: 'kubernetes fixture',
    file: 'libs/plugins/kubernetes/src/fixtures/serve-fixture-cluster.ts',
    args: ['--size', String(PODS), '--namespaces', String(NAMESPACES), '--seed', 'bench', '--cache-namespaces', 'Infinity', '--kubeconfig', path],
  });
  const stop = async () => {
    await child.stop();
    await dir.remove();
  };
  const unregister = onInterrupt(stop);
  try {
    await child.waitForOutput(/KUBECONFIG=/, 120_000);
  } catch (error) {
    unregister();
    await stop();
    throw error;
  }
  return {
    process: child,
    pid: child.pid!,
    kubeconfig: await readFile(path, 'utf8'),
    stop: async () => {
      unregister();
      await stop();
    },
  };
}

interface ListerRun {
  result: ListerResult;
  best: ListerResult['passes'][number];
  rate: Rate;
  /** CPU of the lister and of the fixture server over all its passes. */
  cpu: CpuWindow;
  fixtureRss: number;
}

async function timedLister(fixture: Fixture, options: Omit<ListerOptions, 'kubeconfig'>, label: string): Promise<ListerRun> {
  await noteSettled(label);
  const window = cpuWindow([fixture.pid]);
  const result = await runLister({ ...options, kubeconfig: fixture.kubeconfig });
  const cpu = window.end();
  const best = result.passes.reduce((fastest, pass) => (pass.seconds < fastest.seconds ? pass : fastest));
  return {
    result,
    best,
    rate: { label, operations: best.resources, seconds: best.seconds, perSecond: best.resources / best.seconds },
    cpu,
    fixtureRss: (await memoryOf(fixture.pid)).rss,
  };
}

interface EndToEnd {
  rate: Rate;
  job: Record<string, unknown>;
  peakRss: number;
  idleRss: number;
  cpu: CpuWindow;
  scanned?: number;
  /** Seconds from the POST until polling (every 100 ms) first saw each `progress.phase`. */
  phaseSeen: Map<string, number>;
}

async function runJob(fixture: Fixture): Promise<EndToEnd> {
  const strata = await startStandalone('k8s');
  try {
    await strata.api('POST', `/api/v1/tenants/${TENANT}/credentials`, { id: 'cred-k8s-bench', kind: 'kubernetes', name: 'Bench fixture cluster', secret: { kubeconfig: fixture.kubeconfig } });
    const idleRss = (await memoryOf(strata.pid)).rss;
    await noteSettled('end to end');
    const body = { name: 'bench kubernetes', plugins: ['kubernetes'], credential_id: 'cred-k8s-bench', config: { cluster_name: 'fixture', include_rbac: INCLUDE_RBAC, page_size: PAGE_SIZE } };
    const window = cpuWindow([strata.pid, fixture.pid, process.pid, ...pidsNamed('nats-server')]);
    const started = process.hrtime.bigint();
    const created = await strata.api('POST', `/api/v1/tenants/${TENANT}/jobs`, body);
    const phaseSeen = new Map<string, number>();
    const onView = (view: Record<string, unknown>) => {
      const phase = String((view['progress'] as { phase?: string } | undefined)?.phase ?? view['status']);
      if (!phaseSeen.has(phase)) phaseSeen.set(phase, Number(process.hrtime.bigint() - started) / 1e9);
    };
    const job = await strata.jobEnded(TENANT, String(created['id']), { timeoutMs: 900_000, onView });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = window.end();
    if (job['status'] !== 'completed') throw new Error(`the bench job ended ${String(job['status'])}: ${JSON.stringify(job['error'])}`);
    const { peak } = await memoryOf(strata.pid);
    const log = await strata.jobLog(TENANT, String(job['id']));
    const discovered = Number((job['stats'] as Record<string, number> | undefined)?.['nodes_discovered'] ?? NaN);
    // When the plugin had streamed everything: the job's remaining time is inventory's and the audit's.
    const first = log[0];
    const scannedLine = log.find((line) => line.msg.startsWith('Discovered '));
    const scanned = first && scannedLine ? (Date.parse(scannedLine.ts) - Date.parse(String(job['created_at']))) / 1000 : undefined;
    return {
      rate: { label: 'kubernetes job, POST → completed (nodes)', operations: discovered, seconds, perSecond: discovered / seconds },
      job,
      peakRss: peak,
      idleRss,
      cpu,
      phaseSeen,
      ...(scanned !== undefined ? { scanned } : {}),
    };
  } finally {
    const exit = await strata.stop();
    if (exit !== 0) console.error(`standalone exited with ${exit}:\n${strata.process.log.slice(-4000)}`);
  }
}

async function noteSettled(what: string): Promise<void> {
  const note = await settle();
  if (note) console.log(`kubernetes: ${what}: ${note}`);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

function printLister(name: string, run: ListerRun): void {
  const passes = run.result.passes.map((pass) => `${pass.seconds.toFixed(2)} s`).join(', ');
  const [fixtureCpu] = run.cpu.processes;
  console.log(
    `  ${name}: ${fmt(run.rate.perSecond)} resources/s (${fmt(run.best.resources)} ${run.result.mode === 'bare' ? 'objects' : `nodes, ${fmt(run.best.edges)} edges`} in ${run.best.seconds.toFixed(2)} s, the fastest of ${passes}); ` +
      `its process: peak RSS ${mib(run.result.peakRss)}, ${run.result.cpuSeconds.toFixed(1)} s CPU over its passes; fixture server ${percentOfCore(fixtureCpu)} of a core meanwhile (RSS ${mib(run.fixtureRss)}); ` +
      `others ${percentOfCore(run.cpu.others)}${noiseNote(run.cpu.others)}`,
  );
}

export async function run(): Promise<void> {
  const unknown = PARTS.filter((part) => !KNOWN_PARTS.includes(part));
  if (unknown.length > 0 || PARTS.length === 0) throw new Error(`BENCH_K8S_PARTS: unknown part(s) ${unknown.join(', ')}; known: ${KNOWN_PARTS.join(', ')}`);
  if (!(Number.isInteger(PASSES) && PASSES >= 1)) throw new Error(`BENCH_K8S_PASSES must be a positive integer, not ${PASSES}`);
  if (PARTS.includes('e2e')) console.log(`\nkubernetes: building the apps (${await buildApps()})`);
  console.log(`kubernetes: fixture cluster of ${fmt(PODS)} pods in ${fmt(NAMESPACES)} namespaces, page size ${PAGE_SIZE}, RBAC included; load average ${load()}`);
  const fixture = await startFixture();
  try {
    const lists = { pageSize: PAGE_SIZE, includeRbac: INCLUDE_RBAC };
    // The fixture makes each namespace on its first list and keeps it: one pass so no timed pass pays for that.
    const warm = await timedLister(fixture, { ...lists, mode: 'bare', passes: 1 }, 'warm-up');
    console.log(`  warm-up pass (untimed for the figures): ${warm.best.seconds.toFixed(2)} s, ${fmt(warm.best.resources)} objects; fixture server RSS now ${mib(warm.fixtureRss)}`);
    let bare: ListerRun | undefined;
    let plugin: ListerRun | undefined;
    if (PARTS.includes('lists')) {
      bare = await timedLister(fixture, { ...lists, mode: 'bare', passes: PASSES }, 'bare client, same lists (objects)');
      plugin = await timedLister(fixture, { ...lists, mode: 'plugin', passes: PASSES }, 'plugin discover(), discarded (nodes)');
    }
    const e2e = PARTS.includes('e2e') ? await runJob(fixture) : undefined;

    const title = `kubernetes: ${fmt(PODS)} pods / ${fmt(NAMESPACES)} namespaces; baseline = the bare @kubernetes/client-node reading the same lists, nothing done with them`;
    printComparisons(title, [
      ...(bare && plugin ? [{ subject: plugin.rate, baseline: bare.rate }] : []),
      ...(bare && e2e ? [{ subject: e2e.rate, baseline: bare.rate }] : []),
    ]);
    if (bare) printLister('bare client', bare);
    if (plugin) printLister('plugin     ', plugin);
    if (e2e) {
      const stats = e2e.job['stats'] as Record<string, number>;
      const [appCpu, fixtureCpu, benchCpu, ...natsCpu] = e2e.cpu.processes;
      console.log(`  end to end: ${fmt(e2e.rate.perSecond)} nodes/s (${fmt(e2e.rate.operations)} nodes in ${e2e.rate.seconds.toFixed(2)} s${e2e.scanned !== undefined ? `; the plugin had streamed everything after ${e2e.scanned.toFixed(1)} s` : ''})`);
      console.log(`  phase first seen (polled every 100 ms): ${[...e2e.phaseSeen].map(([phase, at]) => `${phase} ${at.toFixed(1)} s`).join(', ')}`);
      console.log(`  job stats: ${Object.entries(stats).map(([key, value]) => `${key}=${value}`).join(' ')}`);
      console.log(
        `  CPU during the job: standalone ${percentOfCore(appCpu)} of a core, fixture server ${percentOfCore(fixtureCpu)}, nats-server ${natsCpu.length ? natsCpu.map(percentOfCore).join(' + ') : 'not found'}, ` +
          `this bench (polling) ${percentOfCore(benchCpu)}, others ${percentOfCore(e2e.cpu.others)}${noiseNote(e2e.cpu.others)}`,
      );
      console.log(`  standalone memory: peak RSS (VmHWM) ${mib(e2e.peakRss)}, VmRSS before the job ${mib(e2e.idleRss)}`);
    }
    console.log(`  load average after: ${load()}`);
    console.log('  targets (issue 21):');
    if (bare && plugin) {
      const share = plugin.rate.perSecond / bare.rate.perSecond;
      console.log(`    plugin ≥ ${TARGET_SHARE * 100}% of the bare client's resources/s: ${(share * 100).toFixed(1)}% → ${verdict(share >= TARGET_SHARE)}`);
      console.log(`    plugin process peak RSS < 1 GB: ${mib(plugin.result.peakRss)} → ${verdict(plugin.result.peakRss < TARGET_RSS_BYTES)}`);
    }
    if (bare && e2e) {
      const share = e2e.rate.perSecond / bare.rate.perSecond;
      console.log(`    (no target) end to end, POST → completed, as a share of the bare client: ${(share * 100).toFixed(1)}%`);
    }
    if (e2e) console.log(`    standalone app peak RSS < 1 GB: ${mib(e2e.peakRss)} → ${verdict(e2e.peakRss < TARGET_RSS_BYTES)}`);
  } finally {
    await fixture.stop();
  }
}
