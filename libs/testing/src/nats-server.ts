import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { natsAddress, natsGreets } from '@strata/platform-nats-probe';
import { freePort } from './free-port';
import { makeTempDir, type TempDir } from './temp-dir';
import { waitFor } from './wait-for';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export interface TestNats {
  url: string;
  /** True when this harness started the server (and `stop()` will end it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** Whether a NATS server greets us at `url` (see `natsGreets`: no socket is left open either way). */
async function reachable(url: string): Promise<boolean> {
  const address = natsAddress(url);
  return address !== undefined && natsGreets(address, 1_000);
}

/**
 * A NATS server with JetStream for tests: `NATS_URL` (or the default local one) when it answers,
 * otherwise `nats-server -js` from the PATH on a free port with a temporary store.
 */
export async function useTestNats(): Promise<TestNats> {
  const url = process.env['NATS_URL'] ?? DEFAULT_NATS_URL;
  if (await reachable(url)) return { url, owned: false, stop: async () => undefined };
  return startNatsServer();
}

/** A private server: besides stopping for good, it can be killed and brought back with its store. */
export interface PrivateNats extends TestNats {
  /** SIGKILL: the server vanishes as in a crash; its store stays for {@link PrivateNats.restart}. */
  crash(): Promise<void>;
  /** Starts it again on the same port with the same store (its streams and consumers come back). */
  restart(): Promise<void>;
}

/** Always starts a private `nats-server -js`; for tests that need to stop the server itself. */
export async function startNatsServer(): Promise<PrivateNats> {
  const port = await freePort();
  const store: TempDir = await makeTempDir('strata-nats-');
  const url = `nats://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const launch = async () => {
    const started = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store.path], { stdio: 'ignore' });
    child = started;
    const failed = new Promise<never>((_, reject) => {
      started.once('error', (error) => reject(new Error(`cannot start nats-server (${error.message}); install it or set NATS_URL`)));
    });
    await Promise.race([waitFor(() => reachable(url), { timeoutMs: 10_000, message: `nats-server on ${url}` }), failed]);
  };
  const end = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };
  await launch();
  return {
    url,
    owned: true,
    crash: () => end('SIGKILL'),
    restart: launch,
    stop: async () => {
      await end('SIGTERM');
      await store.remove();
    },
  };
}

/**
 * Deletes every stream (and with it every consumer) whose name carries the namespace prefix,
 * so a suite leaves the shared server as it found it.
 */
export async function deleteNamespaceStreams(url: string, namespace: string): Promise<string[]> {
  const nc = await connect({ servers: url, timeout: 2_000 });
  try {
    const jsm = await jetstreamManager(nc);
    const deleted: string[] = [];
    for await (const info of jsm.streams.list()) {
      if (info.config.name.startsWith(`${namespace}_`)) {
        await jsm.streams.delete(info.config.name);
        deleted.push(info.config.name);
      }
    }
    return deleted;
  } finally {
    await nc.close();
  }
}
