import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { subjects } from '@strata/contracts';
import { createLogger } from '@strata/platform-observability';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { connectMessaging, type MessagingClient } from '../messaging-client';
import { workingHeartbeatIntervalMs } from './delivery-timing';
import type { ConsumedMessage } from './durable-consumer';

const root = resolve(__dirname, '../../../../..');
const ACK_WAIT_MS = 1_000;
const DURABLE = 'discovery-worker';

describe('a durable consumer whose process crashes', () => {
  let nats: TestNats;
  let client: MessagingClient;
  let child: ChildProcess | undefined;
  const ns = uniqueNamespace('crash');

  beforeAll(async () => {
    nats = await useTestNats();
    client = await connectMessaging({ servers: [nats.url], namespace: ns }, { logger: createLogger({ name: 'test', level: 'silent' }) });
    await client.ensureStreams({ only: ['work'] });
  });

  afterAll(async () => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await client.close();
    await deleteNamespaceStreams(nats.url, ns);
    await nats.stop();
  });

  it('gets the message it had taken redelivered to the next consumer of the durable after the ack wait', async () => {
    const published = await client.publish(subjects.discoveryWork('aws'), { job: 'job-1' }, { msgId: 'work:job-1' });

    const worker = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'fixtures/crash-consumer.ts')], {
      cwd: root,
      env: { ...process.env, NATS_URL: nats.url, STRATA_NS: ns, DURABLE, ACK_WAIT_MS: String(ACK_WAIT_MS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = worker;
    let stdout = '';
    let stderr = '';
    worker.stdout?.on('data', (chunk) => (stdout += chunk));
    worker.stderr?.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((done) => worker.once('exit', (_code, signal) => done(signal)));

    const firstLine = await waitFor(() => stdout.split('\n').length > 1 && stdout.split('\n')[0], {
      timeoutMs: 20_000,
      message: `the worker process to take the message (stderr: ${stderr})`,
    });
    expect(JSON.parse(firstLine)).toEqual({ received: { job: 'job-1' }, deliveryCount: 1 });

    worker.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const killedAt = Date.now();
    const jsm = await jetstreamManager(client.connection);
    expect((await jsm.consumers.info(`${ns}_WORK`, DURABLE)).num_ack_pending).toBe(1);

    const received: { message: ConsumedMessage<unknown>; at: number }[] = [];
    const successor = await client.consume({
      stream: 'work',
      durable: DURABLE,
      filterSubject: 'work.discovery.>',
      ackWaitMs: ACK_WAIT_MS,
      handler: async (message) => {
        received.push({ message, at: Date.now() });
      },
    });
    await waitFor(() => received.length === 1, { message: 'the redelivery' });
    expect(received[0]!.message).toMatchObject({ data: { job: 'job-1' }, deliveryCount: 2, streamSequence: published.seq });
    // The worker's last heartbeat was at most one interval before the kill.
    expect(received[0]!.at - killedAt).toBeGreaterThanOrEqual(ACK_WAIT_MS - workingHeartbeatIntervalMs(ACK_WAIT_MS));

    // Acknowledged on a work queue: the item is gone from the stream.
    await waitFor(async () => (await jsm.streams.info(`${ns}_WORK`)).state.messages === 0, { message: 'the work item to be removed' });
    await successor.stop();
    expect(received).toHaveLength(1);
  });
});
