import { createLogger } from '@strata/platform-observability';
import { startNatsServer, uniqueNamespace, waitFor, type PrivateNats } from '@strata/testing';
import { NotConnectedError, RequestTimeoutError } from '../errors';
import { connectMessaging, type MessagingClient } from '../messaging-client';

/** Requests while the NATS server is gone: by default they wait for it; a caller can ask not to. */
describe('request/reply while the connection is down', () => {
  let nats: PrivateNats;
  let client: MessagingClient;
  const logged: Record<string, unknown>[] = [];
  const ns = uniqueNamespace('rpc-down');

  beforeAll(async () => {
    nats = await startNatsServer();
    client = await connectMessaging(
      { servers: [nats.url], namespace: ns },
      { logger: createLogger({ name: 'test', level: 'info', destination: { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) } }), connection: { reconnectTimeWait: 100 } },
    );
    client.serve('calc.double', (request) => ({ doubled: (request.data as { n: number }).n * 2 }));
  });

  afterAll(async () => {
    await client.close();
    await nats.stop();
  });

  const connected = () => client.connected;

  it('fails at once with NotConnectedError when told not to wait, waits out its timeout otherwise, works again once back, and logs both changes', async () => {
    await expect(client.request('calc.double', { n: 2 }, { waitForReconnect: false })).resolves.toEqual({ doubled: 4 });

    await nats.crash();
    await waitFor(() => !connected(), { message: 'the client to notice the server is gone' });
    await expect(client.request('calc.double', { n: 3 }, { waitForReconnect: false })).rejects.toThrow(NotConnectedError);
    await expect(client.request('calc.double', { n: 3 }, { timeoutMs: 300 })).rejects.toThrow(RequestTimeoutError);

    await nats.restart();
    await waitFor(connected, { message: 'the client to reconnect' });
    await expect(client.request('calc.double', { n: 5 }, { waitForReconnect: false })).resolves.toEqual({ doubled: 10 });
    // Said once each way, however many reconnect attempts it took.
    expect(logged.map((line) => [line['level'], line['msg']])).toEqual([
      [40, 'lost the connection to NATS; reconnecting'],
      [30, 'reconnected to NATS'],
    ]);
  });
});
