import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import {
  deleteNamespaceStreams,
  freePort,
  makeTempDir,
  runProcess,
  uniqueNamespace,
  useTestNats,
  waitFor,
  type RunningProcess,
  type TempDir,
  type TestNats,
} from '@strata/testing';
import { onInterrupt } from './interrupt';
import type { Json } from './standalone';

/**
 * The distributed topology as the benchmarks run it (the layout of
 * `apps/standalone/src/distributed.e2e.spec.ts`): each service its own OS process, built into
 * `tmp/bench-dist` by `buildApps()`, sharing one NATS server (its own namespace) and one SQLite
 * file (WAL) in its own temp data dir, all on 127.0.0.1. The gateway starts first (it creates the
 * secret key file the workers decrypt credentials with), then the job orchestrator, projector,
 * inventory and audit engine, then `workers` discovery-worker-aws processes. `stop()` (or a
 * Ctrl-C of the bench) stops them all and removes the namespace's streams and the data dir.
 */
const root = resolve(__dirname, '../../..');
const DIST = 'tmp/bench-dist'; // where buildApps() puts the apps

const BACKEND = ['job-orchestrator', 'projector', 'inventory', 'audit-engine'] as const;

export interface DistributedOptions {
  /** discovery-worker-aws processes (0: none). */
  workers: number;
  /** Only the API gateway (for read benchmarks): no orchestrator, projector, inventory, audit engine. */
  gatewayOnly?: boolean;
  /** Fills the data dir before any service starts (e.g. a bulk-loaded read store); `signal` aborts when `stop()` is called. */
  prepare?: (dataDir: string, signal: AbortSignal) => Promise<void>;
  /** Extra environment for the workers (`DISCOVERY_*`). */
  workerEnv?: Record<string, string>;
}

export interface Distributed {
  baseUrl: string;
  /** A platform-admin bearer token (STRATA_BOOTSTRAP_TOKEN). */
  token: string;
  namespace: string;
  /** Every service process, by name (`api-gateway`, ..., `worker-1`, ...). */
  services: Map<string, RunningProcess>;
  /** JSON in and out with the bearer token; throws on a status ≥ 300. */
  api(method: string, path: string, body?: unknown): Promise<Json>;
  /** SIGTERM to every service (in parallel), then removes the namespace's streams and the data dir. */
  stop(): Promise<Map<string, number | null>>;
}

/**
 * `BENCH_CPU_PROF=<dir>`: each discovery worker writes a V8 CPU profile there when it stops
 * (`<label>-<worker>-<time>.cpuprofile`); summarise one with `src/cpuprofile-summary.ts`.
 */
function workerProfileArgs(label: string, worker: string): string[] {
  const dir = process.env['BENCH_CPU_PROF'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`, `--cpu-prof-name=${label}-${worker}-${Date.now()}.cpuprofile`] : [];
}

export async function startDistributed(label: string, options: DistributedOptions): Promise<Distributed> {
  const nats: TestNats = await useTestNats();
  const dir: TempDir = await makeTempDir(`strata-bench-${label}-`);
  const namespace = uniqueNamespace(`bench${label}`);
  const token = `bench-${randomBytes(16).toString('hex')}`;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const services = new Map<string, RunningProcess>();

  const start = (name: string, app: string, env: Record<string, string>, nodeArgs: string[] = []): RunningProcess => {
    const running = runProcess({
      name,
      command: process.execPath,
      args: [...nodeArgs, resolve(root, DIST, `apps/${app}/src/main.js`)],
      cwd: root,
      env: {
        NATS_URL: nats.url,
        STRATA_NS: namespace,
        STRATA_DATA_DIR: dir.path,
        // The services say they are running at info; the gateway stays at warn (at info Fastify
        // logs every request, which a load test would measure) and is polled instead.
        LOG_LEVEL: 'info',
        // Nothing leaves the machine.
        OTEL_EXPORTER_OTLP_ENDPOINT: '',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
        ...env,
      },
    });
    services.set(name, running);
    return running;
  };

  const stopping = new AbortController();
  let stopped: Promise<Map<string, number | null>> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      unregister();
      stopping.abort();
      const exits = new Map<string, number | null>();
      try {
        await Promise.all([...services].map(async ([name, service]) => exits.set(name, await service.stop())));
      } finally {
        await deleteNamespaceStreams(nats.url, namespace).catch((error: Error) => console.error(`could not delete streams of ${namespace}: ${error.message}`));
        await nats.stop();
        await dir.remove();
      }
      return exits;
    })());
  const unregister = onInterrupt(stop);

  const api = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 500)}`);
    return text ? (JSON.parse(text) as Json) : {};
  };

  try {
    await options.prepare?.(dir.path, stopping.signal);
    const gateway = start('api-gateway', 'api-gateway', { PORT: String(port), HOST: '127.0.0.1', STRATA_BOOTSTRAP_TOKEN: token, LOG_LEVEL: 'warn' });
    await waitFor(
      async () => {
        if (!gateway.running) return 'exited' as const;
        return fetch(`${baseUrl}/status`, { signal: AbortSignal.timeout(1_000) }).then(
          (response) => response.ok,
          () => false,
        );
      },
      { timeoutMs: 60_000, intervalMs: 100, message: 'api-gateway to answer GET /status' },
    ).then((result) => {
      if (result === 'exited') throw new Error(`api-gateway exited while starting:\n${gateway.log.slice(-4000)}`);
    });
    const ready: Promise<void>[] = [];
    if (!options.gatewayOnly) for (const app of BACKEND) ready.push(start(app, app, {}).waitForOutput(`${app} running`, 60_000));
    for (let n = 1; n <= options.workers; n++) {
      const name = `worker-${n}`;
      ready.push(start(name, 'discovery-worker-aws', { DISCOVERY_WORKER_ID: name, ...options.workerEnv }, workerProfileArgs(label, name)).waitForOutput('discovery worker started', 60_000));
    }
    await Promise.all(ready);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, token, namespace, services, api, stop };
}
