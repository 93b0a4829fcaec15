import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpuWindow, type CpuWindow } from './cpu';
import { percentile } from './measure';

/**
 * A small HTTP load generator. `measureHttp()` runs it in a second process (so the load does not
 * share an event loop with what it measures): `connections` keep-alive connections, each sending
 * its next GET as soon as the previous answer is read, for `warmupMs` unrecorded and then
 * `durationMs` recorded. The paths are taken in turn. Everything stays on 127.0.0.1.
 */
export interface LoadOptions {
  label: string;
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  paths: readonly string[];
  headers?: Record<string, string>;
  connections: number;
  durationMs: number;
  warmupMs: number;
  /** The server's process, whose CPU use over the recorded window is reported. */
  serverPid?: number;
}

export interface LoadResult {
  label: string;
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  /** Latency in milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  meanBodyBytes: number;
  /** CPU used over the recorded window, in cores (1 = one core busy all the time). */
  serverCpu?: number;
  loadCpu: number;
  /** CPU other processes on the machine used over the window: noise when well above 0. */
  othersCpu: number;
  /** The first non-2xx status and body, when there were errors. */
  firstError?: string;
}

const RESULT_PREFIX = 'LOAD-RESULT ';

/** Runs the load from a child process and returns what it measured. */
export function measureHttp(options: LoadOptions): Promise<LoadResult> {
  if (!new URL(options.baseUrl).hostname.startsWith('127.')) throw new Error(`load stays on 127.0.0.1, not ${options.baseUrl}`);
  return new Promise((resolve, reject) => {
    // The same loader the bench runs under (`-r @swc-node/register`), so this TypeScript file runs as is.
    const child = spawn(process.execPath, [...process.execArgv, __filename, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.warmupMs + options.durationMs + 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(killer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as LoadResult);
      else reject(new Error(`load generator exited with ${code}: ${err.slice(-2000)}`));
    });
  });
}

async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  let bodyBytes = 0;
  let firstError: string | undefined;
  let next = 0;

  /** One GET: its status, body length, and the body itself only when the status is an error. */
  const get = (path: string): Promise<{ status: number; bytes: number; error?: string }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method: 'GET', agent, headers: options.headers }, (res) => {
        const status = res.statusCode ?? 0;
        const failed = status < 200 || status >= 300;
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (failed) chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, bytes, ...(failed ? { error: `${status} ${Buffer.concat(chunks).toString().slice(0, 300)}` } : {}) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });

  const start = performance.now();
  const recordFrom = start + options.warmupMs;
  const stopAt = recordFrom + options.durationMs;
  let window: { end(): CpuWindow } | undefined;
  const windowStarts = setTimeout(() => (window = cpuWindow([process.pid, ...(options.serverPid === undefined ? [] : [options.serverPid])])), options.warmupMs);
  const worker = async () => {
    for (;;) {
      const sent = performance.now();
      if (sent >= stopAt) return;
      const path = options.paths[next++ % options.paths.length]!;
      let answer: { status: number; bytes: number; error?: string };
      try {
        answer = await get(path);
      } catch (error) {
        answer = { status: 0, bytes: 0, error: String(error) };
      }
      const done = performance.now();
      if (sent < recordFrom) continue;
      latencies.push(done - sent);
      bodyBytes += answer.bytes;
      if (answer.error !== undefined) {
        errors++;
        firstError ??= answer.error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - recordFrom) / 1000;
  clearTimeout(windowStarts);
  const cpu = window?.end();
  agent.destroy();

  const sorted = Float64Array.from(latencies).sort();
  return {
    label: options.label,
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    meanBodyBytes: latencies.length ? bodyBytes / latencies.length : 0,
    ...(cpu?.processes[1] !== undefined ? { serverCpu: cpu.processes[1] } : {}),
    loadCpu: cpu?.processes[0] ?? NaN,
    othersCpu: cpu?.others ?? NaN,
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

if (require.main === module) {
  generateLoad(JSON.parse(process.argv[2]!) as LoadOptions).then(
    (result) => process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
