import { createConnection } from 'node:net';
import type { NatsAddress } from './nats-address';

const NATS_GREETING = 'INFO ';

/**
 * Whether a NATS server answers at `address`: it greets every new connection with an `INFO`
 * line before anything is sent. Read with a plain socket, closed whatever happens, rather than
 * with the NATS client: given an address where something accepts connections but never speaks
 * NATS (a proxy, a firewall), the client gave up on its connect timeout yet left its socket open,
 * which kept the process alive. Authentication is not needed to be greeted, so a server that
 * requires it still counts as answering.
 */
export function natsGreets({ host, port }: Pick<NatsAddress, 'host' | 'port'>, timeoutMs: number): Promise<boolean> {
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
