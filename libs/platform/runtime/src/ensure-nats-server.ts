import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export interface EnsureNatsOptions {
  /** The first URL of NATS_URL. */
  url: string;
  /** Where a started server keeps its JetStream store (`<dataDir>/nats`). */
  dataDir: string;
  log: (message: string) => void;
  /** Overrides the PATH lookup (tests). */
  serverBinary?: string;
}

export interface NatsHandle {
  /** True when this process started the server (it stops with `stop()`). */
  started: boolean;
  stop(): Promise<void>;
}

/** Says how to get a NATS server, in one line, when none answers and none can be started. */
export class NatsUnavailableError extends Error {
  constructor(url: string, reason: string) {
    super(
      `No NATS server answers at ${url} (${reason}). Start one with JetStream ("nats-server -js", Debian/Ubuntu: ` +
        `apt-get install nats-server) or set NATS_URL to a server that has JetStream enabled.`,
    );
    this.name = 'NatsUnavailableError';
  }
}

const ANSWER_TIMEOUT_MS = 1_500;

interface NatsAddress {
  /** As written in the URL (`[::1]` bracketed), to tell local addresses. */
  hostname: string;
  /** For sockets and nats-server's `-a` (`::1` without brackets). */
  host: string;
  port: string;
}

/**
 * `url`'s host and port (a bare `host:port` is read as `nats://host:port`), parsed in NATS's own
 * scheme, which has no default port that URL parsing would drop (as `http:` drops 80).
 */
function natsAddress(url: string): NatsAddress {
  let parsed: URL;
  try {
    parsed = new URL(url.includes('://') ? url : `nats://${url}`);
  } catch {
    throw new NatsUnavailableError(url, 'not a NATS URL');
  }
  return { hostname: parsed.hostname, host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port || '4222' };
}

/**
 * Whether a NATS server answers at `address`: it greets every new connection with an `INFO`
 * line before anything is sent. Read with a plain socket, closed whatever happens, rather than
 * with the NATS client: given an address where something accepts connections but never speaks
 * NATS (a proxy, a firewall), the client gave up on its connect timeout yet left its socket open,
 * which kept the process alive. Authentication is not needed to be greeted, so a server that
 * requires it still counts as answering (and is not started a second time).
 */
function natsGreets({ host, port }: NatsAddress, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port) });
    let received = '';
    const done = (greeted: boolean) => {
      socket.destroy();
      resolve(greeted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.length >= NATS_GREETING.length) done(received.startsWith(NATS_GREETING));
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

const NATS_GREETING = 'INFO ';

const answers = (url: string): Promise<boolean> => natsGreets(natsAddress(url), ANSWER_TIMEOUT_MS);

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']);

/**
 * The standalone default needs a real NATS with JetStream. When nothing answers at a local URL
 * and `nats-server` is installed, start one with its store under the data directory; otherwise
 * fail with one clear line.
 */
export async function ensureNatsServer({ url, dataDir, log, serverBinary = 'nats-server' }: EnsureNatsOptions): Promise<NatsHandle> {
  if (await answers(url)) return { started: false, stop: async () => undefined };
  const parsed = natsAddress(url);
  if (!LOCAL_HOSTS.has(parsed.hostname)) throw new NatsUnavailableError(url, 'not a local address, so none is started');
  const installed = spawnSync(serverBinary, ['--version'], { encoding: 'utf8' });
  if (installed.error || installed.status !== 0) throw new NatsUnavailableError(url, `${serverBinary} is not on the PATH`);

  const store = join(dataDir, 'nats');
  mkdirSync(store, { recursive: true });
  const { port } = parsed;
  const host = parsed.hostname === 'localhost' ? '127.0.0.1' : parsed.host;
  const child: ChildProcess = spawn(serverBinary, ['-js', '-a', host, '-p', port, '-sd', store], { stdio: 'ignore' });
  log(`started ${serverBinary} with JetStream on ${host}:${port} (store ${store})`);

  const deadline = Date.now() + 10_000;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new NatsUnavailableError(url, `${serverBinary} did not come up`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    started: true,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
