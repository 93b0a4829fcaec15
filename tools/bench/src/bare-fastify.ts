import { readFileSync } from 'node:fs';
import { fastify } from 'fastify';
import { freePort, runProcess, type RunningProcess } from '@strata/testing';

/**
 * The floor for the API benchmark: a bare Fastify server in its own process, answering GET routes
 * with fixed JSON bodies (serialized on every request, as any handler's return value is). No
 * auth, validation, DI or store: what is left is Node's HTTP server, Fastify's routing and
 * JSON.stringify.
 */
export interface BareRoute {
  url: string;
  body: unknown;
}

export interface BareFastify {
  baseUrl: string;
  process: RunningProcess;
  stop(): Promise<number | null>;
}

/** Starts the server with `routes` (passed through a JSON file) and waits until it listens. */
export async function startBareFastify(routesFile: string): Promise<BareFastify> {
  const port = await freePort();
  const child = runProcess({
    name: 'bare-fastify',
    command: process.execPath,
    args: [...process.execArgv, __filename, routesFile, String(port)],
  });
  try {
    await child.waitForOutput('bare fastify listening');
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { baseUrl: `http://127.0.0.1:${port}`, process: child, stop: () => child.stop() };
}

async function serve(routesFile: string, port: number): Promise<void> {
  const routes = JSON.parse(readFileSync(routesFile, 'utf8')) as BareRoute[];
  const app = fastify({ logger: false });
  for (const route of routes) app.get(route.url, async () => route.body);
  await app.listen({ host: '127.0.0.1', port });
  process.stdout.write('bare fastify listening\n');
  const close = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  // Never outlive the bench, however it ended.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && close(), 1000).unref();
}

if (require.main === module) {
  serve(process.argv[2]!, Number(process.argv[3])).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
