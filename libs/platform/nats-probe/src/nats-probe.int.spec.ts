import { createServer, type Server, type Socket } from 'node:net';
import { natsAddress } from './nats-address';
import { natsGreets } from './nats-greets';

/** A TCP server on a free local port that does `onConnection` with every client. */
async function listen(onConnection: (socket: Socket) => void): Promise<{ server: Server; port: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: String(address.port), sockets };
}

describe('NATS probe', () => {
  const servers: { server: Server; sockets: Set<Socket> }[] = [];
  afterEach(async () => {
    for (const { server, sockets } of servers.splice(0)) {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reads host and port, with NATS\'s default port and bracketed IPv6', () => {
    expect(natsAddress('nats://10.0.0.5:4333')).toEqual({ hostname: '10.0.0.5', host: '10.0.0.5', port: '4333' });
    expect(natsAddress('localhost')).toEqual({ hostname: 'localhost', host: 'localhost', port: '4222' });
    expect(natsAddress('nats://[::1]:4222')).toEqual({ hostname: '[::1]', host: '::1', port: '4222' });
    expect(natsAddress('nats://a b')).toBeUndefined();
  });

  it('counts an INFO greeting as a NATS server, and anything else or nothing as none', async () => {
    const nats = await listen((socket) => socket.write('INFO {"server_id":"x"}\r\n'));
    const http = await listen((socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const silent = await listen(() => undefined);
    servers.push(nats, http, silent);
    expect(await natsGreets({ host: '127.0.0.1', port: nats.port }, 1_000)).toBe(true);
    expect(await natsGreets({ host: '127.0.0.1', port: http.port }, 1_000)).toBe(false);
    expect(await natsGreets({ host: '127.0.0.1', port: silent.port }, 200)).toBe(false);
  });

  it('leaves no socket open, whatever the answer', async () => {
    const silent = await listen(() => undefined);
    servers.push(silent);
    await natsGreets({ host: '127.0.0.1', port: silent.port }, 100);
    // The probe's side is closed: the server sees its end of the connection go.
    const deadline = Date.now() + 2_000;
    while (silent.sockets.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(silent.sockets.size).toBe(0);
  });
});
