import { createServer } from 'node:net';

/**
 * Fails, with the error a real listen would give, when `host:port` cannot be listened on. A
 * service calls it before it starts anything: its app would otherwise connect to NATS, start
 * consuming work and write its first records, only to fail at the very end when it listens
 * (and a second copy started by mistake would take work items it then drops). The port is
 * free again when this resolves; the app's own listen still reports a port taken in between.
 */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ port, host }, resolve);
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
