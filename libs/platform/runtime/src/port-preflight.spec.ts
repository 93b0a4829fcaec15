import { createServer, type Server } from 'node:net';
import { assertPortFree } from './port-preflight';
import { startupFailureMessage } from './startup-failure';

describe('assertPortFree', () => {
  let holder: Server;
  let port: number;

  beforeEach(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen({ port: 0, host: '127.0.0.1' }, resolve));
    port = (holder.address() as { port: number }).port;
  });

  afterEach(async () => {
    if (holder.listening) await new Promise((resolve) => holder.close(resolve));
  });

  it('fails on a port something listens on, with the error a start failure explains', async () => {
    const failure = await assertPortFree(port, '127.0.0.1').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'EADDRINUSE', port });
    expect(startupFailureMessage(failure)).toBe(`port ${port} on 127.0.0.1 is already in use: stop what listens there, or set PORT to a free port`);
  });

  it('leaves a free port free for the app', async () => {
    await new Promise((resolve) => holder.close(resolve));
    await assertPortFree(port, '127.0.0.1');
    const app = createServer();
    await new Promise<void>((resolve, reject) => {
      app.once('error', reject);
      app.listen({ port, host: '127.0.0.1' }, resolve);
    });
    await new Promise((resolve) => app.close(resolve));
  });

  it('takes port 0 (any free port) as always free', async () => {
    await expect(assertPortFree(0, '127.0.0.1')).resolves.toBeUndefined();
  });
});
