import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
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

/**
 * The standalone app (every service in one process) as the benchmarks run it: built with swc into
 * `tmp/bench-dist`, started as a child process on 127.0.0.1 with its own data dir, NATS namespace
 * and bootstrap token, stopped and cleaned up (streams, temp dir) by `stop()`.
 */
const root = resolve(__dirname, '../../..');
const DIST = 'tmp/bench-dist';

export type Json = Record<string, unknown>;

export interface Standalone {
  baseUrl: string;
  token: string;
  pid: number;
  process: RunningProcess;
  /** JSON in and out with the bearer token; throws on a status ≥ 300. */
  api(method: string, path: string, body?: unknown): Promise<Json>;
  /** Waits until the job has ended (any terminal status) and returns it. */
  jobEnded(tenant: string, jobId: string, options?: { timeoutMs?: number; onPoll?: () => void | Promise<void>; onView?: (view: Json) => void }): Promise<Json>;
  /** The job's whole log (its SSE stream, which ends once the job has ended). */
  jobLog(tenant: string, jobId: string): Promise<{ ts: string; level: string; msg: string }[]>;
  /** SIGTERM, then removes the namespace's streams, the data dir, and a NATS server the run started. */
  stop(): Promise<number | null>;
}

const TERMINAL = ['completed', 'failed', 'cancelled'];

/**
 * `BENCH_CPU_PROF=<dir>`: the standalone app writes V8 CPU profiles there when it stops, one per
 * thread (Node's default names carry the pid and thread id; the SQLite writer thread's is the
 * small one). Open them in Chrome DevTools or speedscope; for finding where the time goes, not for the figures.
 */
function profileArgs(): string[] {
  const dir = process.env['BENCH_CPU_PROF'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`] : [];
}

/** `node tools/build/build.mjs --out tmp/bench-dist` (swc, about a second). */
export async function buildApps(): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['tools/build/build.mjs', '--out', DIST], { cwd: root });
  return stdout.trim();
}

export async function startStandalone(label: string): Promise<Standalone> {
  const nats: TestNats = await useTestNats();
  const dir: TempDir = await makeTempDir(`strata-bench-${label}-`);
  const namespace = uniqueNamespace(`bench${label}`);
  const token = `bench-${randomBytes(16).toString('hex')}`;
  const port = await freePort();
  const child = runProcess({
    name: 'standalone',
    command: process.execPath,
    args: [...profileArgs(), resolve(root, DIST, 'apps/standalone/src/main.js')],
    cwd: root,
    env: {
      NATS_URL: nats.url,
      STRATA_NS: namespace,
      STRATA_DATA_DIR: dir.path,
      PORT: String(port),
      HOST: '127.0.0.1',
      STRATA_BOOTSTRAP_TOKEN: token,
      LOG_LEVEL: 'warn',
      // Nothing leaves the machine.
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
    },
  });
  const cleanUp = async () => {
    await deleteNamespaceStreams(nats.url, namespace).catch((error: Error) => console.error(`could not delete streams of ${namespace}: ${error.message}`));
    await nats.stop();
    await dir.remove();
  };
  let stopped: Promise<number | null> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
      try {
        return await child.stop();
      } finally {
        await cleanUp();
      }
    })());
  // Ctrl-C or a kill of the bench still stops the app and deletes its streams and data dir.
  const interrupted = (signal: NodeJS.Signals) => void stop().finally(() => process.kill(process.pid, signal));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);

  try {
    await child.waitForOutput('Strata is running at', 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${port}`;

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

  return {
    baseUrl,
    token,
    pid: child.pid!,
    process: child,
    api,
    jobEnded: async (tenant, jobId, { timeoutMs = 180_000, onPoll, onView } = {}) => {
      const job = await waitFor(
        async () => {
          // A dead app refuses every poll: say so now rather than at the deadline.
          if (!child.running) return 'exited' as const;
          await onPoll?.();
          const view = await api('GET', `/api/v1/tenants/${tenant}/jobs/${jobId}`);
          onView?.(view);
          return TERMINAL.includes(String(view['status'])) ? view : undefined;
        },
        { timeoutMs, intervalMs: 100, message: `job ${jobId} to end` },
      );
      if (job === 'exited') throw new Error(`the standalone app exited while job ${jobId} ran:\n${child.log.slice(-4000)}`);
      return job;
    },
    jobLog: async (tenant, jobId) => {
      const response = await fetch(`${baseUrl}/api/v1/tenants/${tenant}/jobs/${jobId}/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(30_000),
      });
      if (response.status !== 200) throw new Error(`job log stream → ${response.status}`);
      return (await response.text())
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)) as { ts: string; level: string; msg: string });
    },
    stop,
  };
}

/** Resident set size (`VmRSS`) and its peak so far (`VmHWM`) of a live process, in bytes. */
export async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
