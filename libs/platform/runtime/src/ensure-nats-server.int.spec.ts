import { statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, makeTempDir, waitFor, type TempDir } from '@strata/testing';
import { connect } from '@nats-io/transport-node';
import { ensureNatsServer, NatsUnavailableError } from './ensure-nats-server';

describe('ensureNatsServer', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.remove());

  it('starts nats-server with JetStream under the data dir when nothing answers locally, and stops it', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const lines: string[] = [];
    const dataDir = join(dir.path, 'data');
    const previous = process.umask(0);
    const handle = await ensureNatsServer({ url, dataDir, log: (l) => lines.push(l) }).finally(() => process.umask(previous));
    try {
      expect(handle.started).toBe(true);
      expect(lines[0]).toContain(`${dataDir}/nats`);
      // The store holds every stream's messages: only this user may enter it (or the data dir).
      expect([statSync(dataDir).mode & 0o777, statSync(join(dataDir, 'nats')).mode & 0o777]).toEqual([0o700, 0o700]);
      const nc = await connect({ servers: url });
      const { jetstreamManager } = await import('@nats-io/jetstream');
      await expect((await jetstreamManager(nc)).getAccountInfo()).resolves.toBeDefined();
      await nc.close();
    } finally {
      await handle.stop();
    }
  });

  it('uses a server that already answers', async () => {
    const url = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
    const handle = await ensureNatsServer({ url, dataDir: dir.path, log: () => undefined });
    expect(handle.started).toBe(false);
  });

  it('says in one line how to get a server when it cannot start one', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const attempt = ensureNatsServer({ url, dataDir: dir.path, log: () => undefined, serverBinary: 'no-such-nats-server' });
    await expect(attempt).rejects.toBeInstanceOf(NatsUnavailableError);
    await expect(attempt).rejects.toThrow(/apt-get install nats-server/);
  });

  it('gives up on an address that never answers without leaving a socket behind', async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
    const before = sockets();
    // Not routable: nothing ever greets (here, or a proxy accepts the connection and stays silent).
    await expect(ensureNatsServer({ url: 'nats://10.255.255.1:4222', dataDir: dir.path, log: () => undefined })).rejects.toThrow(/not a local address/);
    // A destroyed socket's handle closes on a later turn of the event loop.
    await waitFor(() => sockets() === before, { message: 'the probe socket to close' });
    await expect(ensureNatsServer({ url: 'nats://[not a url', dataDir: dir.path, log: () => undefined })).rejects.toThrow(/not a NATS URL/);
  });
});
