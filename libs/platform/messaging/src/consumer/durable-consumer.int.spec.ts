import { jetstream, jetstreamManager, type ConsumerInfo, type JetStreamManager } from '@nats-io/jetstream';
import { subjects } from '@strata/contracts';
import { createLogger, LoopHealth } from '@strata/platform-observability';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { ConsumerSetupError, MessagingConfigError, PoisonMessageError } from '../errors';
import { connectMessaging, type MessagingClient } from '../messaging-client';
import type { ConsumedMessage } from './durable-consumer';

interface Gate {
  opened: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const quickRetries = { initialDelayMs: 20, multiplier: 2, maxDelayMs: 200, jitter: 0 };

describe('durable consumer', () => {
  let nats: TestNats;
  let client: MessagingClient;
  let jsm: JetStreamManager;
  const ns = uniqueNamespace('consumer');

  beforeAll(async () => {
    nats = await useTestNats();
    client = await connectMessaging({ servers: [nats.url], namespace: ns }, { logger: createLogger({ name: 'test', level: 'silent' }) });
    await client.ensureStreams({ only: ['events'] });
    jsm = await jetstreamManager(client.connection);
  });

  afterAll(async () => {
    await client.close();
    await deleteNamespaceStreams(nats.url, ns);
    await nats.stop();
  });

  const info = (durable: string): Promise<ConsumerInfo> => jsm.consumers.info(`${ns}_EVENTS`, durable);
  /** The server will never deliver the message again: it is acked (or termed) and nothing is pending. */
  const settled = async (durable: string, seq: number): Promise<boolean> => {
    const state = await info(durable);
    return state.num_ack_pending === 0 && state.num_pending === 0 && state.ack_floor.stream_seq >= seq;
  };

  it('hands a message to the handler with its details and acknowledges it', async () => {
    const received: ConsumedMessage<{ n: number }>[] = [];
    const consumer = await client.consume<{ n: number }>({
      stream: 'events',
      durable: 'basic',
      filterSubject: 'events.acme.basic.>',
      handler: async (message) => {
        received.push(message);
      },
    });
    const ack = await client.publish(subjects.event('acme', 'basic', 'Happened'), { n: 1 }, { msgId: 'basic-1' });

    await waitFor(() => received.length === 1, { message: 'the message' });
    expect(received[0]).toMatchObject({
      subject: 'events.acme.basic.Happened',
      data: { n: 1 },
      msgId: 'basic-1',
      deliveryCount: 1,
      streamSequence: ack.seq,
    });
    await waitFor(() => settled('basic', ack.seq), { message: 'the ack' });
    await consumer.stop();
    expect(received).toHaveLength(1);
  });

  it('redelivers a failed message later, each time after a longer delay', async () => {
    const deliveries: { count: number; at: number }[] = [];
    const consumer = await client.consume({
      stream: 'events',
      durable: 'flaky',
      filterSubject: 'events.acme.flaky.>',
      backoff: { initialDelayMs: 100, multiplier: 2, maxDelayMs: 1_000, jitter: 0 },
      handler: async (message) => {
        deliveries.push({ count: message.deliveryCount, at: Date.now() });
        if (message.deliveryCount < 3) throw new Error('dependency not ready');
      },
    });
    const ack = await client.publish(subjects.event('acme', 'flaky', 'Happened'), {}, { msgId: 'flaky-1' });

    await waitFor(async () => deliveries.length === 3 && (await settled('flaky', ack.seq)), { message: 'the third, successful delivery' });
    await consumer.stop();
    expect(deliveries.map((d) => d.count)).toEqual([1, 2, 3]);
    expect(deliveries[1]!.at - deliveries[0]!.at).toBeGreaterThanOrEqual(100);
    expect(deliveries[2]!.at - deliveries[1]!.at).toBeGreaterThanOrEqual(200);
  });

  it('terminates a message that keeps failing after max-deliver attempts', async () => {
    let calls = 0;
    const consumer = await client.consume({
      stream: 'events',
      durable: 'always-fails',
      filterSubject: 'events.acme.doomed.>',
      maxDeliver: 3,
      backoff: quickRetries,
      handler: async () => {
        calls += 1;
        throw new Error('always');
      },
    });
    const ack = await client.publish(subjects.event('acme', 'doomed', 'Happened'), {}, { msgId: 'doomed-1' });

    await waitFor(async () => calls === 3 && (await settled('always-fails', ack.seq)), { message: 'the message to be terminated' });
    const state = await info('always-fails');
    expect(state.config.max_deliver).toBe(3);
    expect(state.num_redelivered).toBe(0);
    await consumer.stop();
    expect(calls).toBe(3);
  });

  it('terminates at once what the handler declares poison, and what cannot be decoded', async () => {
    const handled: unknown[] = [];
    const consumer = await client.consume<{ kind: string }>({
      stream: 'events',
      durable: 'poison',
      filterSubject: 'events.acme.poison.>',
      maxDeliver: 5,
      backoff: quickRetries,
      handler: async (message) => {
        handled.push(message.data);
        if (message.data.kind === 'poison') throw new PoisonMessageError('refers to a tenant that does not exist');
      },
    });
    const subject = subjects.event('acme', 'poison', 'Happened');
    const raw = await jetstream(client.connection).publish(client.namespace.subject(subject), '{not json', { msgID: 'garbage-1' });
    await client.publish(subject, { kind: 'poison' }, { msgId: 'poison-1' });
    const last = await client.publish(subject, { kind: 'fine' }, { msgId: 'fine-1' });

    await waitFor(() => settled('poison', last.seq), { message: 'all three messages to be settled' });
    await consumer.stop();
    expect(handled).toEqual([{ kind: 'poison' }, { kind: 'fine' }]);
    expect(raw.seq).toBeLessThan(last.seq);
  });

  it('runs at most `concurrency` handlers at once', async () => {
    const release = gate();
    let running = 0;
    let mostAtOnce = 0;
    let done = 0;
    const consumer = await client.consume({
      stream: 'events',
      durable: 'bounded',
      filterSubject: 'events.acme.bounded.>',
      concurrency: 3,
      handler: async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await release.opened;
        running -= 1;
        done += 1;
      },
    });
    for (let i = 0; i < 9; i++) await client.publish(subjects.event('acme', 'bounded', 'Happened'), { i }, { msgId: `bounded-${i}` });

    try {
      await waitFor(() => running === 3, { message: 'three handlers to be running' });
      // Only as many messages are pulled as there are free slots: the server has handed out three.
      await waitFor(async () => (await info('bounded')).num_ack_pending === 3, { message: 'three messages in flight' });
      expect(consumer.inFlightCount).toBe(3);
      expect(await client.backlog('events', 'bounded')).toEqual({ waiting: 6, inProgress: 3 });
    } finally {
      release.open();
    }

    await waitFor(() => done === 9, { message: 'all nine messages' });
    await consumer.stop();
    expect(mostAtOnce).toBe(3);
  });

  it('reports no backlog for a durable nothing created', async () => {
    expect(await client.backlog('events', 'nobody-consumes')).toBeUndefined();
  });

  it('keeps a long handler’s message from being redelivered by heartbeating within the ack wait', async () => {
    const release = gate();
    const deliveries: number[] = [];
    let progressSignals = 0;
    const watch = client.connection.subscribe(`$JS.ACK.${ns}_EVENTS.slow.>`, {
      callback: (_error, msg) => {
        if (msg.string() === '+WPI') progressSignals += 1;
      },
    });
    const consumer = await client.consume({
      stream: 'events',
      durable: 'slow',
      filterSubject: 'events.acme.slow.>',
      ackWaitMs: 1_000,
      concurrency: 2,
      handler: async (message) => {
        deliveries.push(message.deliveryCount);
        await release.opened;
      },
    });
    const ack = await client.publish(subjects.event('acme', 'slow', 'Happened'), {}, { msgId: 'slow-1' });

    try {
      await waitFor(() => deliveries.length === 1, { message: 'the delivery' });
      const started = Date.now();
      // Four heartbeats at a third of the ack wait each: the handler has outlived one ack wait.
      await waitFor(() => progressSignals >= 4, { message: 'progress heartbeats' });
      expect(Date.now() - started).toBeGreaterThan(1_000);
    } finally {
      release.open();
    }

    await waitFor(() => settled('slow', ack.seq), { message: 'the ack' });
    await consumer.stop();
    await watch.unsubscribe();
    expect(deliveries).toEqual([1]);
  });

  it('takes the ack wait of the messaging config (STRATA_ACK_WAIT_MS) unless the consumer sets its own', async () => {
    const configured = await connectMessaging({ servers: [nats.url], namespace: ns, ackWaitMs: 1_500 }, { logger: createLogger({ name: 'test', level: 'silent' }) });
    try {
      const handler = async (): Promise<void> => undefined;
      const defaulted = await configured.consume({ stream: 'events', durable: 'ack-wait-default', filterSubject: 'events.acme.ackwait1.>', handler });
      const own = await configured.consume({ stream: 'events', durable: 'ack-wait-own', filterSubject: 'events.acme.ackwait2.>', ackWaitMs: 4_000, handler });
      const plain = await client.consume({ stream: 'events', durable: 'ack-wait-plain', filterSubject: 'events.acme.ackwait3.>', handler });
      expect((await info('ack-wait-default')).config.ack_wait).toBe(1_500 * 1e6);
      expect((await info('ack-wait-own')).config.ack_wait).toBe(4_000 * 1e6);
      expect((await info('ack-wait-plain')).config.ack_wait).toBe(30_000 * 1e6);
      await Promise.all([defaulted.stop(), own.stop(), plain.stop()]);
    } finally {
      await configured.close();
    }
  });

  it('refuses unusable settings before touching the server, and reports what the server refuses', async () => {
    const handler = async (): Promise<void> => undefined;
    await expect(client.consume({ stream: 'events', durable: 'none-at-once', concurrency: 0, handler })).rejects.toThrow(
      MessagingConfigError,
    );
    await expect(client.consume({ stream: 'events', durable: 'wrong-stream', filterSubject: 'logs.>', handler })).rejects.toThrow(
      ConsumerSetupError,
    );
  });

  it('lets running handlers finish and acknowledge when stopped', async () => {
    const release = gate();
    const order: string[] = [];
    let started = false;
    const consumer = await client.consume({
      stream: 'events',
      durable: 'draining',
      filterSubject: 'events.acme.draining.>',
      handler: async () => {
        started = true;
        await release.opened;
        order.push('handler finished');
      },
    });
    const ack = await client.publish(subjects.event('acme', 'draining', 'Happened'), {}, { msgId: 'draining-1' });
    let stopped: Promise<unknown> = Promise.resolve();
    try {
      await waitFor(() => started, { message: 'the handler to start' });
      stopped = consumer.stop().then(() => order.push('stopped'));
      // Two round trips to the server and a turn of the event loop: a stop that did not wait for
      // the handler would have flushed and resolved by now.
      await client.connection.flush();
      await client.connection.flush();
      await new Promise(setImmediate);
      expect(order).toEqual([]);
    } finally {
      release.open();
    }
    await stopped;

    expect(order).toEqual(['handler finished', 'stopped']);
    await waitFor(() => settled('draining', ack.seq), { message: 'the ack' });
  });

  it('counts a delivery failed while stopping: the next consumer gets it as the second delivery, not the first again', async () => {
    // A stopped consumer leaves its open pull request at the server until it expires; a message
    // redelivered into it goes nowhere, and the server then counts that delivery and the failed
    // one as never made (the next consumer got it as delivery 1 again, so a discovery run
    // redone after a restart reused the first attempt's message ids).
    const release = gate();
    const deliveries: number[] = [];
    const failing = async (message: ConsumedMessage<unknown>): Promise<void> => {
      deliveries.push(message.deliveryCount);
      await release.opened;
      throw new Error('interrupted by the stop');
    };
    const options = { stream: 'events', durable: 'restarted', filterSubject: 'events.acme.restarted.>', concurrency: 2, pullExpiresMs: 1_000, backoff: quickRetries } as const;
    const first = await client.consume({ ...options, handler: failing });
    await client.publish(subjects.event('acme', 'restarted', 'Happened'), {}, { msgId: 'restarted-1' });
    await waitFor(() => deliveries.length === 1, { message: 'the first delivery' });
    const stopped = first.stop();
    release.open();
    await stopped;
    await new Promise((resolve) => setTimeout(resolve, 300)); // the time a restart takes

    const second = await client.consume({ ...options, handler: async (message) => void deliveries.push(message.deliveryCount) });
    try {
      await waitFor(() => deliveries.length === 2, { message: 'the redelivery', timeoutMs: 10_000 });
      expect(deliveries).toEqual([1, 2]);
    } finally {
      await second.stop();
    }
  });

  it('shows its pull loop down while pulls fail, and up again once they work', async () => {
    const health = new LoopHealth();
    const watched = await connectMessaging({ servers: [nats.url], namespace: ns }, { logger: createLogger({ name: 'test', level: 'silent' }), health });
    try {
      const consumer = await watched.consume({ stream: 'events', durable: 'vanishing', filterSubject: 'events.acme.vanishing.>', pullExpiresMs: 1_000, handler: async () => undefined });
      const created = await info('vanishing');
      // Deleted under it: every pull fails until it exists again.
      await jsm.consumers.delete(`${ns}_EVENTS`, 'vanishing');
      await waitFor(() => health.downLoops().some((loop) => loop.name === 'consumer:vanishing'), { message: 'the consumer shown down', timeoutMs: 20_000 });
      await jsm.consumers.add(`${ns}_EVENTS`, created.config);
      await waitFor(() => health.downLoops().length === 0, { message: 'the consumer shown up again', timeoutMs: 20_000 });
      await consumer.stop();
    } finally {
      await watched.close();
    }
  }, 45_000);
});
