import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { natsAddress, natsGreets, type NatsAddress } from '@strata/platform-nats-probe';
import { makeDirectory } from '@strata/platform-sqlite';

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

function addressOf(url: string): NatsAddress {
  const address = natsAddress(url);
  if (!address) throw new NatsUnavailableError(url, 'not a NATS URL');
  return address;
}

const answers = (url: string): Promise<boolean> => natsGreets(addressOf(url), ANSWER_TIMEOUT_MS);

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']);

/**
 * The standalone default needs a real NATS with JetStream. When nothing answers at a local URL
 * and `nats-server` is installed, start one with its store under the data directory; otherwise
 * fail with one clear line.
 */
export async function ensureNatsServer({ url, dataDir, log, serverBinary = 'nats-server' }: EnsureNatsOptions): Promise<NatsHandle> {
  if (await answers(url)) return { started: false, stop: async () => undefined };
  const parsed = addressOf(url);
  if (!LOCAL_HOSTS.has(parsed.hostname)) throw new NatsUnavailableError(url, 'not a local address, so none is started');
  const installed = spawnSync(serverBinary, ['--version'], { encoding: 'utf8' });
  if (installed.error || installed.status !== 0) throw new NatsUnavailableError(url, `${serverBinary} is not on the PATH`);

  const store = join(dataDir, 'nats');
  makeDirectory(store);
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
